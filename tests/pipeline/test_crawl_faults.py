"""The crawl against the sample site's fault endpoints, end to end into a warehouse: every fault has its reason."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import duckdb
import pytest

from pipeline import stages, warehouse
from pipeline.fetch import FetchSettings
from pipeline.sample_site import serve_sample_site
from pipeline.sample_site.faults import METADATA_URL, TITLES, fault_routes, fault_source

BOUNDARY = [datetime.min]
SETTINGS = FetchSettings(read_timeout=0.4, backoff_base=0.02, max_bytes=1_000_000, default_rate_limit=200)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[duckdb.DuckDBPyConnection, str, list]]:
    workspace = stages.Workspace(tmp_path_factory.mktemp("faults") / "w.duckdb")
    con = warehouse.connect(workspace.db_path)
    routes = lambda base: fault_routes(base, huge_bytes=3_000_000, hang_seconds=1.5)  # noqa: E731
    with serve_sample_site(extra_routes=routes) as site:
        first = stages.scrape(con, workspace, [fault_source(site.base_url)], SETTINGS)
        log_size = con.execute("SELECT count(*) FROM fetch_log").fetchone()[0]
        BOUNDARY[0] = datetime.now(UTC).replace(tzinfo=None)
        second = stages.scrape(con, workspace, [fault_source(site.base_url)], SETTINGS)
    stages.parse(con, workspace)
    stages.normalize(con)
    yield con, site.base_url, [first, second, log_size]
    con.close()


def _attempts(con: duckdb.DuckDBPyConnection, url: str, run: int = 1) -> list[tuple]:
    """(status, error, attempt) of the page fetches of `url` in the first or second run."""
    return con.execute(
        "SELECT status, error, attempt FROM fetch_log WHERE url = $u AND kind = 'page' "
        "AND (fetched_at < (SELECT min(fetched_at) FROM fetch_log WHERE kind = 'robots' AND fetched_at > $b)) = $first "
        "ORDER BY fetched_at",
        {"u": url, "b": BOUNDARY[0], "first": run == 1},
    ).fetchall()


def test_every_fault_is_logged_with_its_reason_in_plain_words(crawled: tuple) -> None:
    con, base, _ = crawled
    first_run = lambda path: _attempts(con, base + path)  # noqa: E731
    assert first_run("/faults/flaky") == [(500, "HTTP 500 Internal Server Error", 1), (200, None, 2)]
    assert first_run("/faults/busy") == [(429, "HTTP 429 Too Many Requests", 1), (200, None, 2)]
    for run in (1, 2):
        assert _attempts(con, base + "/faults/gone-404", run) == [(404, "HTTP 404 Not Found", 1)]
        assert _attempts(con, base + "/faults/gone-410", run) == [(410, "HTTP 410 Gone", 1)]
    assert _attempts(con, base + "/faults/flaky", 2) == []
    assert [row[1] for row in first_run("/faults/hang")] == ["timeout after 0.4 s"] * 3
    assert _attempts(con, base + "/faults/loop-a")[0] == (302, "redirect loop", 1)
    assert _attempts(con, base + "/faults/huge")[0] == (200, "body over 977 KB", 1)
    assert _attempts(con, base + "/faults/gzip-bomb")[0] == (200, "body over 977 KB", 1)
    assert [row[1] for row in first_run("/faults/truncated-gzip")] == ["truncated gzip body"] * 3
    assert _attempts(con, base + "/faults/report.pdf")[0] == (200, "skipped: not HTML (application/pdf)", 1)
    assert _attempts(con, base + "/faults/no-newsdesk/page")[0][1] == "disallowed by robots.txt"


def test_links_to_private_addresses_are_blocked_before_any_connection(crawled: tuple) -> None:
    con, base, _ = crawled
    (status, error, _), *_ = _attempts(con, METADATA_URL)
    assert status is None and error.startswith("blocked: 169.254.169.254 is a private")
    (status, error, _), *_ = _attempts(con, base + "/faults/to-localhost")
    assert status == 302 and "localhost resolves to it" in error


def test_discovery_reads_every_format_and_refuses_hostile_xml(crawled: tuple) -> None:
    con, base, _ = crawled
    errors = dict(
        con.execute("SELECT url, any_value(error) FROM fetch_log WHERE kind = 'discovery' GROUP BY url").fetchall()
    )
    for ok in ("/faults/", "/faults/rss.xml", "/faults/rss091.xml", "/faults/rdf.xml", "/faults/news-sitemap.xml.gz"):
        assert errors[base + ok] is None, ok
    assert errors[base + "/faults/laughs.xml"].startswith("XML declares entities: refused")
    assert errors[base + "/faults/bomb-sitemap.xml.gz"] == "gzip file inflates past 977 KB: refused"
    titles = {title for (title,) in con.execute("SELECT title FROM articles").fetchall()}
    for path in ("/faults/news-1", "/faults/news-2", "/faults/rss091-item", "/faults/rdf-item", "/faults/moved-target"):
        assert TITLES[path] in titles, path


def test_pages_with_a_wrong_charset_declaration_decode_correctly(crawled: tuple) -> None:
    con = crawled[0]
    titles = {title for (title,) in con.execute("SELECT title FROM articles").fetchall()}
    assert TITLES["/faults/charset-header-lies"] in titles
    assert TITLES["/faults/charset-cp1251"] in titles


def test_url_variants_are_fetched_once_and_become_one_article(crawled: tuple) -> None:
    con = crawled[0]
    fetched = con.execute(
        "SELECT count(*) FROM fetch_log WHERE kind = 'page' AND status = 200 AND url LIKE '%/faults/flaky%'"
    ).fetchone()[0]
    assert fetched == 1
    assert con.execute("SELECT count(*) FROM articles WHERE title = ?", [TITLES["/faults/flaky"]]).fetchone() == (1,)


def test_every_response_is_archived_and_indexed(crawled: tuple) -> None:
    con, _, _ = crawled
    unindexed = con.execute(
        "SELECT count(*) FROM fetch_log WHERE status IS NOT NULL AND (warc_file IS NULL OR warc_offset IS NULL)"
    ).fetchone()[0]
    assert unindexed == 0


def test_the_second_run_fetches_no_article_again_and_retries_only_failures(crawled: tuple) -> None:
    con, _, (first, second, log_size) = crawled
    assert first.fetched >= 9 and second.fetched == 0 and second.skipped_known >= first.fetched
    again = con.execute(
        "SELECT DISTINCT url FROM fetch_log WHERE kind = 'page' AND status = 200 AND error IS NULL AND fetched_at > ?",
        [BOUNDARY[0]],
    ).fetchall()
    assert again == []
    assert con.execute("SELECT count(*) FROM fetch_log").fetchone()[0] > log_size
