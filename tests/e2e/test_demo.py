"""`newsdesk demo` end to end: the sample site scraped over loopback HTTP into a temporary warehouse, twice."""

import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import duckdb
import pytest

from pipeline import commands
from pipeline.progress import StageProgress
from pipeline.sample_site import SAMPLE_PUBLIC_URL, build_sample_site
from pipeline.urls import canonicalize_url

DATA_TABLES = (
    "articles",
    "headlines",
    "headline_sightings",
    "entities",
    "article_entities",
    "categories",
    "article_categories",
    "article_topics",
    "pages",
    "parse_errors",
    "mart_topic_daily",
    "mart_topic_weekly",
)


def counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in (*DATA_TABLES, "fetch_log")}
    finally:
        con.close()


@pytest.fixture(scope="module")
def demo_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int], dict[str, int]]:
    db = tmp_path_factory.mktemp("demo") / "newsdesk.duckdb"
    with StageProgress() as progress:
        assert commands.demo(db, progress) == 0
        first = counts(db)
        assert commands.demo(db, progress) == 0
    return db, first, counts(db)


@pytest.fixture()
def con(demo_runs: tuple[Path, dict[str, int], dict[str, int]]) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(demo_runs[0]), read_only=True)
    yield connection
    connection.close()


def test_every_sample_article_is_in_the_warehouse_once(con: duckdb.DuckDBPyConnection) -> None:
    site = build_sample_site()
    expected = {canonicalize_url(a.url(SAMPLE_PUBLIC_URL)): a.title for a in site.articles}
    stored = dict(con.execute("SELECT canonical_url, title FROM articles").fetchall())
    assert stored == expected


def test_core_tables_are_filled(demo_runs: tuple[Path, dict[str, int], dict[str, int]]) -> None:
    _, first, _ = demo_runs
    for table in ("articles", "headlines", "entities", "categories", "fetch_log", "mart_topic_daily"):
        assert first[table] > 0, table


def test_broken_pages_are_recorded_with_their_reason(con: duckdb.DuckDBPyConnection) -> None:
    failures = {
        canonicalize_url(url): error
        for url, error in con.execute(
            "SELECT url, any_value(error) FROM fetch_log WHERE error IS NOT NULL AND kind = 'page' GROUP BY url"
        ).fetchall()
    }
    parse_errors = dict(con.execute("SELECT url, error FROM parse_errors").fetchall())
    by_kind = {b.kind: SAMPLE_PUBLIC_URL + b.path for b in build_sample_site().broken}
    assert failures[by_kind["server_error"]] == "HTTP 500 Internal Server Error"
    assert failures[by_kind["not_found"]] == "HTTP 404 Not Found"
    assert failures[by_kind["pdf"]] == "skipped: not HTML (application/pdf)"
    assert failures[by_kind["private"]] == "disallowed by robots.txt"
    assert parse_errors[by_kind["empty"]] == "empty page"
    assert by_kind["moved"] in parse_errors
    assert parse_errors[by_kind["script_only"]] == "no article body found: the page draws its content with JavaScript"


def test_second_run_is_idempotent_and_refetches_no_article(
    demo_runs: tuple[Path, dict[str, int], dict[str, int]], con: duckdb.DuckDBPyConnection
) -> None:
    _, first, second = demo_runs
    assert {t: second[t] for t in DATA_TABLES} == {t: first[t] for t in DATA_TABLES}
    fetched_twice = con.execute(
        "SELECT count(*) FROM (SELECT url FROM fetch_log WHERE kind = 'page' AND status = 200 GROUP BY url "
        "HAVING count(*) > 1)"
    ).fetchone()[0]
    assert fetched_twice == 0


def test_topic_daily_mart_matches_counts_taken_from_the_articles(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute the mart in Python from the base tables, not from the models it is built on."""
    articles = {
        a: (d, r)
        for a, d, r in con.execute(
            "SELECT article_id, CAST(published_at AS DATE), rubric FROM articles WHERE published_at IS NOT NULL"
        ).fetchall()
    }
    tags: dict[tuple[date, str, str], set[str]] = defaultdict(set)
    per_day: dict[date, set[str]] = defaultdict(set)
    for article_id, (day, rubric) in articles.items():
        per_day[day].add(article_id)
        if rubric:
            tags[(day, "rubric", rubric)].add(article_id)
    links = con.execute(
        """SELECT article_id, 'category', category FROM article_categories
           UNION ALL SELECT ae.article_id, 'entity', e.canonical
                     FROM article_entities ae JOIN entities e USING (entity_id)
           UNION ALL SELECT article_id, 'topic', topic FROM article_topics"""
    ).fetchall()
    for article_id, kind, topic in links:
        if article_id in articles:
            tags[(articles[article_id][0], kind, topic)].add(article_id)
    expected = {key: (len(ids), len(ids) / len(per_day[key[0]])) for key, ids in tags.items()}
    mart = {
        (d, k, t): (n, s)
        for d, k, t, n, s in con.execute(
            "SELECT day, topic_kind, topic, articles, share FROM mart_topic_daily"
        ).fetchall()
    }
    assert mart.keys() == expected.keys()
    for key, (n, share) in expected.items():
        assert mart[key][0] == n and mart[key][1] == pytest.approx(share), key
    assert {k for _, k, _ in mart} == {"rubric", "category", "entity", "topic"}


def test_rail_headlines_are_stored_once_with_their_sightings(con: duckdb.DuckDBPyConnection) -> None:
    pages_with_rails, most_seen = con.execute(
        "SELECT count(DISTINCT page_id), (SELECT max(times_seen) FROM headlines) FROM headline_sightings"
    ).fetchone()
    assert pages_with_rails > 50 and most_seen > 5
    assert con.execute("SELECT count(*) FROM headlines WHERE rubric IS NULL").fetchone()[0] == 0


def test_exports_are_written_beside_the_warehouse(demo_runs: tuple[Path, dict[str, int], dict[str, int]]) -> None:
    exports = demo_runs[0].with_name("newsdesk-exports")
    assert (exports / "articles.parquet").exists()
    assert any((exports / "mart_topic_daily").glob("day=*/*.parquet"))
    rows = duckdb.sql(f"SELECT count(*) FROM read_parquet('{exports}/mart_topic_daily/**/*.parquet')").fetchone()[0]
    assert rows == counts(demo_runs[0])["mart_topic_daily"]


def readme_queries() -> list[str]:
    """Every query the README hands an analyst: `newsdesk sql "…"` lines and the statements of ```sql blocks."""
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    queries = re.findall(r'newsdesk sql "([^"]+)"', readme)
    for block in re.findall(r"```sql\n(.*?)```", readme, re.DOTALL):
        queries += [q for q in block.split(";") if q.strip()]
    return queries


def test_the_readmes_queries_run_on_the_demo_warehouse(con: duckdb.DuckDBPyConnection) -> None:
    queries = readme_queries()
    assert len(queries) >= 7
    empty = [query for query in queries if not con.execute(query).fetchall()]
    # Yesterday's spikes may be none on the sample site; every other recipe must show the analyst something.
    assert all("mart_spikes" in query for query in empty), empty
