from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from pipeline import health, warehouse
from pipeline.sql_models import run_models


@pytest.fixture()
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    connection = warehouse.connect(tmp_path / "w.duckdb")
    yield connection
    connection.close()


def add(
    con: duckdb.DuckDBPyConnection,
    article_id: str,
    when: datetime | None,
    source: str = "s",
    seen: datetime | None = None,
    authors: list[str] | None = None,
) -> None:
    con.execute(
        "INSERT INTO articles (article_id, source, url, canonical_url, published_at, rubric, authors, tags, "
        "content_hash, first_seen, last_seen) VALUES (?, ?, 'u', 'u', ?, 'Мир', ?, [], 'h', ?, ?)",
        [article_id, source, when, authors or [], seen or datetime.now(), seen or datetime.now()],
    )


def test_missing_and_future_dates_fail(con: duckdb.DuckDBPyConnection) -> None:
    add(con, "a", datetime(2026, 9, 1))
    assert health.publication_times(con).passed
    add(con, "b", None)
    add(con, "c", datetime.now() + timedelta(days=30))
    verdict = health.publication_times(con)
    assert not verdict.passed and verdict.details == {"missing": 1, "future": 1}


TODAY = date(2026, 10, 1)


def steady(days: int, per_day: int = 10, until: date = TODAY) -> dict[date, int]:
    """`per_day` new articles on each of the `days` complete days before `until`."""
    return {until - timedelta(days=n): per_day for n in range(1, days + 1)}


def well_filled(articles: int = 70, authors: float = 0.8) -> health.FillRates:
    return health.FillRates(articles, dates=1.0, authors=authors, rubrics=0.9)


HEALTHY = health.SourceActivity(
    "site.example",
    {**steady(35), TODAY: 4},
    recent_fill=well_filled(),
    earlier_fill=well_filled(280),
    fetches=health.PageFetches(pages=70, client_errors=2, server_errors=1, no_response=1),
    last_fetched=datetime(2026, 10, 1, 9),
)


def healthy(**changes: object) -> health.SourceActivity:
    """The steady source with some of its facts swapped."""
    return replace(HEALTHY, **changes)


def test_a_steady_source_is_healthy_even_on_a_quiet_morning() -> None:
    problems, account = health.judge_source(healthy(), TODAY)
    assert problems == []
    assert "new articles 10, 10, 10, 4 on 2026-09-28..2026-10-01" in account
    assert "4xx 3%, 5xx 1%, no response 1% of 70 page fetches" in account


def test_a_source_that_stopped_is_red_however_normal_its_last_day_was() -> None:
    problems, _ = health.judge_source(healthy(new_articles=steady(30, until=TODAY - timedelta(days=10))), TODAY)
    assert problems == [
        "stopped: no new article for 10 complete days since 2026-09-20 (a median of 10 a day before), "
        "last fetched 2026-10-01"
    ]


def test_an_imported_source_is_not_red_when_the_import_is_over() -> None:
    """A corpus loaded once with `newsdesk import` has no fetches: its articles stop because the file ended."""
    imported = replace(healthy(new_articles=steady(30, until=TODAY - timedelta(days=60))), last_fetched=None)
    assert health.judge_source(imported, TODAY)[0] == []


def test_a_source_silent_for_longer_than_its_baseline_stays_red() -> None:
    sparse = {TODAY - timedelta(days=n): 1 for n in range(40, 100, 7)}
    assert health.judge_source(healthy(new_articles=sparse), TODAY)[0][0].startswith("stopped: no new article for 39")
    weekly = {TODAY - timedelta(days=n): 1 for n in range(5, 100, 7)}
    assert health.judge_source(healthy(new_articles=weekly), TODAY)[0] == []


def test_a_collapse_in_volume_is_red_but_one_slow_day_is_not() -> None:
    collapsed = {**steady(35), **steady(3, per_day=1)}
    assert health.judge_source(healthy(new_articles=collapsed), TODAY)[0] == [
        "volume collapsed: 1 new articles a day over the last 3 complete days against a median of 10 over the 28 "
        "days before"
    ]
    slow_sunday = {**steady(35), TODAY - timedelta(days=1): 2}
    assert health.judge_source(healthy(new_articles=slow_sunday), TODAY)[0] == []


def test_a_new_source_is_not_judged_on_volume_before_it_has_a_week_of_history() -> None:
    assert health.judge_source(healthy(new_articles={TODAY: 74}), TODAY)[0] == []
    assert health.judge_source(healthy(new_articles={**steady(5), **steady(3, per_day=1)}), TODAY)[0] == []


@pytest.mark.parametrize(
    ("recent", "problem"),
    [
        (health.FillRates(70, dates=0.3, authors=0.8, rubrics=0.9), "dates filled on 30% of the last 7 days' articles"),
        (
            health.FillRates(70, dates=1.0, authors=0.8, rubrics=0.1),
            "rubrics filled on 10% of the last 7 days' articles",
        ),
        (
            health.FillRates(70, dates=1.0, authors=0.2, rubrics=0.9),
            "authors filled on 20% in the last 7 days, 80% in the 28 days before",
        ),
    ],
)
def test_a_collapse_in_a_fill_rate_is_red(recent: health.FillRates, problem: str) -> None:
    assert health.judge_source(healthy(recent_fill=recent), TODAY)[0] == [problem]


def test_an_outlet_that_never_bylines_is_not_red_for_missing_authors() -> None:
    agency = healthy(recent_fill=well_filled(authors=0.0), earlier_fill=well_filled(280, authors=0.0))
    assert health.judge_source(agency, TODAY)[0] == []


def test_a_handful_of_articles_or_fetches_is_too_few_to_judge_a_rate() -> None:
    few = healthy(
        recent_fill=health.FillRates(3, dates=0.0, authors=0.0, rubrics=0.0),
        fetches=health.PageFetches(pages=3, client_errors=3, server_errors=0, no_response=0),
    )
    assert health.judge_source(few, TODAY)[0] == []


def test_a_high_http_error_share_is_red_with_its_kinds_apart() -> None:
    failing = healthy(fetches=health.PageFetches(pages=100, client_errors=5, server_errors=12, no_response=8))
    assert health.judge_source(failing, TODAY)[0] == [
        "25% of page fetches failed in the last 7 days (4xx 5%, 5xx 12%, no response 8% of 100 page fetches)"
    ]


def _fetch(con: duckdb.DuckDBPyConnection, source: str, status: int | None, when: datetime) -> None:
    con.execute(
        "INSERT INTO fetch_log (source, kind, url, status, attempt, bytes, elapsed_ms, fetched_at) "
        "VALUES (?, 'page', 'u', ?, 1, 0, 0, ?)",
        [source, status, when],
    )


def test_source_health_reads_the_warehouse_against_the_given_time(con: duckdb.DuckDBPyConnection) -> None:
    """Days, windows and HTTP kinds come from first_seen and fetched_at relative to `now`, not to the data."""
    now = datetime(2026, 10, 1, 8)
    for day in range(1, 36):
        seen = now - timedelta(days=day)
        for n in range(10):
            add(con, f"live-{day}-{n}", seen, "live.example", seen, authors=["A"])
            if day > 10:
                add(con, f"gone-{day}-{n}", seen, "gone.example", seen, authors=["A"])
    for n in range(12):
        add(con, f"undated-{n}", None, "live.example", now - timedelta(hours=1), authors=["A"])
    # gone.example was crawled until eleven days ago; a source only ever imported is not judged on volume.
    _fetch(con, "gone.example", 200, now - timedelta(days=11))
    for n, status in enumerate([404, 503, None, 200, 200, 200, 200, 200, 200, 200]):
        _fetch(con, "live.example", status, now - timedelta(days=1, minutes=n))
        _fetch(con, "live.example", 500, now - timedelta(days=20, minutes=n))
    verdict = health.source_health(con, now)
    assert not verdict.passed
    assert verdict.summary == (
        "gone.example: stopped: no new article for 10 complete days since 2026-09-20 (a median of 10 a day before), "
        "last fetched 2026-09-20; "
        "live.example: 30% of page fetches failed in the last 7 days (4xx 10%, 5xx 10%, no response 10% of 10 page "
        "fetches)"
    )
    assert verdict.details["gone.example"].startswith("RED: stopped")
    assert "dates 83%" in verdict.details["live.example"]  # 12 undated of 72 seen in the 7 days


def test_mart_consistency_and_parse_error_rate(con: duckdb.DuckDBPyConnection) -> None:
    add(con, "a", datetime(2026, 9, 1))
    run_models(con)
    assert health.mart_matches_articles(con).passed
    con.execute("UPDATE mart_topic_daily SET articles = 5")
    assert not health.mart_matches_articles(con).passed
    con.execute("INSERT INTO parse_errors VALUES ('p', 's', 'u', '1', 'empty page', 'open')")
    assert not health.parse_error_rate(con).passed


def _page(con: duckdb.DuckDBPyConnection, page_id: str, source: str, access: str, parsed: bool = True) -> None:
    if parsed:
        con.execute(
            "INSERT INTO pages (page_id, source, url, canonical_url, final_url, status, fetched_at, warc_file, "
            "warc_offset) VALUES (?, ?, ?, ?, ?, 200, now(), 'f', 0)",
            [page_id, source, page_id, page_id, page_id],
        )
        con.execute(
            "INSERT INTO parsed_articles (page_id, parser_version, authors, tags, access) VALUES (?, '1', [], [], ?)",
            [page_id, access],
        )
    else:
        con.execute(
            "INSERT INTO parse_errors VALUES (?, ?, ?, '1', 'no article body found', ?)",
            [page_id, source, page_id, access],
        )


def test_sources_behind_paywalls_or_javascript_are_flagged(con: duckdb.DuckDBPyConnection) -> None:
    for n in range(10):
        _page(con, f"open-{n}", "open.example", "open")
        _page(con, f"wall-{n}", "wall.example", "paywalled" if n < 3 else "open")
        _page(con, f"app-{n}", "app.example", "needs_javascript" if n < 5 else "open", parsed=n >= 5)
    _page(con, "one-wall", "mostly-open.example", "paywalled")
    for n in range(9):
        _page(con, f"mostly-{n}", "mostly-open.example", "open")
    verdict = health.page_access(con)
    assert not verdict.passed
    assert verdict.summary == "app.example: 50% of pages need JavaScript; wall.example: 30% of pages paywalled"
    assert verdict.details["mostly-open.example"] == "10 pages: 1 paywalled, 0 need JavaScript"


def test_a_readable_warehouse_passes_the_access_check(con: duckdb.DuckDBPyConnection) -> None:
    _page(con, "a", "open.example", "open")
    assert health.page_access(con).passed
