"""Scheduled runs on an unchanged site: conditional GETs for feeds and sitemaps, no article fetched again; and the
archive re-parsed offline."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipeline import commands, stages, warehouse
from pipeline.fetch import FetchSettings
from pipeline.progress import StageProgress
from pipeline.sample_site import SAMPLE_PUBLIC_URL, sample_source, serve_sample_site

FAST = FetchSettings(default_rate_limit=1000.0, backoff_base=0.01, host_concurrency=4)


def test_a_second_run_refetches_only_feeds_and_sitemaps_and_reparse_needs_no_network(tmp_path: Path) -> None:
    workspace = stages.Workspace(tmp_path / "w.duckdb")
    con = warehouse.connect(workspace.db_path)
    with serve_sample_site(public_url=SAMPLE_PUBLIC_URL) as site:
        source = replace(sample_source(site.public_url), rate_limit=1000.0)
        first = stages.scrape(con, workspace, [source], FAST, mounts=site.mounts())
        between = datetime.now(UTC).replace(tzinfo=None)
        second = stages.scrape(con, workspace, [source], FAST, mounts=site.mounts())
    assert first.fetched > 60 and second.fetched == 0 and second.skipped_known >= first.fetched
    kinds = con.execute(
        "SELECT kind, status, count(*) FROM fetch_log WHERE fetched_at > ? GROUP BY ALL ORDER BY ALL", [between]
    ).fetchall()
    refetched_pages = [row for row in kinds if row[0] == "page" and row[1] == 200]
    assert refetched_pages == []
    statuses = dict(
        con.execute(
            "SELECT url, status FROM fetch_log WHERE fetched_at > ? AND kind = 'discovery'", [between]
        ).fetchall()
    )
    for document in ("/rss.xml", "/sitemap.xml", "/sitemap-articles.xml"):
        assert statuses[SAMPLE_PUBLIC_URL + document] == 304, document
    pages = con.execute("SELECT count(*) FROM pages").fetchone()[0]
    con.close()

    with StageProgress() as progress:
        assert commands.reparse(workspace.db_path, progress) == 0
        assert commands.reparse(workspace.db_path, progress) == 0
    check = duckdb.connect(str(workspace.db_path), read_only=True)
    parsed = check.execute("SELECT (SELECT count(*) FROM parsed_articles) + (SELECT count(*) FROM parse_errors)")
    assert parsed.fetchone()[0] == pages
    assert check.execute("SELECT count(*) FROM articles").fetchone()[0] >= first.fetched - 5
    check.close()
