"""The SQL models on small hand-made warehouses, each number recomputed here in Python."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from pipeline import warehouse
from pipeline.sql_models import run_models

START = date(2026, 9, 1)


def add_article(
    con: duckdb.DuckDBPyConnection,
    article_id: str,
    day: date,
    rubric: str = "Мир",
    source: str = "s1",
    story: str | None = None,
    topics: Iterable[str] = (),
) -> None:
    con.execute(
        """INSERT INTO articles (article_id, source, url, canonical_url, published_at, rubric, category, authors, tags,
                                 content_hash, first_seen, last_seen)
           VALUES (?, ?, ?, ?, ?, ?, NULL, [], [], ?, now()::TIMESTAMP, now()::TIMESTAMP)""",
        [
            article_id,
            source,
            f"http://x/{article_id}",
            f"http://x/{article_id}",
            datetime(day.year, day.month, day.day, 12),
            rubric,
            story or article_id,
        ],
    )
    for topic in topics:
        con.execute("INSERT INTO article_topics VALUES (?, ?, ['keyword:x'])", [article_id, topic])


@pytest.fixture()
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    connection = warehouse.connect(tmp_path / "w.duckdb")
    yield connection
    connection.close()


def rows(con: duckdb.DuckDBPyConnection, sql: str, parameters: list | None = None) -> list[tuple]:
    return con.execute(sql, parameters).fetchall()


def test_share_rolling_average_and_week_over_week(con: duckdb.DuckDBPyConnection) -> None:
    # sanctions: 2 articles on day 0, 1 on day 8; every day also has one unrelated article.
    for offset in range(10):
        add_article(con, f"other{offset}", START + timedelta(offset), rubric="Спорт")
    add_article(con, "s1", START, topics=["sanctions"])
    add_article(con, "s2", START, topics=["sanctions"])
    add_article(con, "s3", START + timedelta(8), topics=["sanctions"])
    run_models(con)
    got = {
        d: (n, share, avg7, wow)
        for d, n, share, avg7, wow in rows(
            con,
            "SELECT day, articles, share, articles_7d_avg, wow_change FROM mart_topic_daily "
            "WHERE topic_kind = 'topic' AND topic = 'sanctions'",
        )
    }
    assert got[START][:3] == (2, 2 / 3, 2 / 7)
    day8 = got[START + timedelta(8)]
    assert day8[:3] == (1, 1 / 2, 1 / 7)
    assert day8[3] == pytest.approx((1 - 2) / 2)  # last 7 days (days 2..8): 1; the 7 before (days -5..1): 2


def test_spikes_use_the_28_days_before_with_a_count_floor(con: duckdb.DuckDBPyConnection) -> None:
    for offset in range(40):
        add_article(con, f"base{offset}", START + timedelta(offset), topics=["drones"])
    spike_day = START + timedelta(35)
    for n in range(9):
        add_article(con, f"burst{n}", spike_day, topics=["drones"])
    two_day = START + timedelta(36)
    add_article(con, "pair", two_day, topics=["drones"])
    run_models(con)
    by_day = {
        d: (n, med, mad, score, flag)
        for d, n, med, mad, score, flag in rows(
            con,
            "SELECT day, articles, baseline_median, baseline_mad, spike_score, is_spike FROM mart_topic_daily "
            "WHERE topic = 'drones'",
        )
    }
    assert by_day[spike_day] == (10, 1.0, 0.0, pytest.approx((10 - 1) / 1.0), True)
    assert by_day[two_day][3] is None and by_day[two_day][4] is False  # 2 articles: under the floor of 3
    assert by_day[START + timedelta(5)][3] is None  # fewer than 28 days of history
    assert rows(con, "SELECT day, topic FROM mart_spikes WHERE topic_kind = 'topic'") == [(spike_day, "drones")]


def test_stories_count_a_syndicated_or_rewritten_copy_once(con: duckdb.DuckDBPyConnection) -> None:
    add_article(con, "a", START, source="s1", story="same-text")
    add_article(con, "b", START, source="s2", story="same-text")
    add_article(con, "c", START, source="s2")
    add_article(con, "d", START, source="s3")
    add_article(con, "e", START + timedelta(1), source="s3")
    # b copies a's text, d rewrites c's (a near duplicate: another content hash), e repeats c a day later
    con.execute(
        "INSERT INTO story_clusters VALUES ('a', 'a', 'original', 1), ('b', 'a', 'same_text', 1), "
        "('c', 'c', 'original', 1), ('d', 'c', 'near', 0.7), ('e', 'c', 'near', 0.8)"
    )
    run_models(con)
    assert rows(
        con, "SELECT day, articles, stories FROM mart_topic_daily WHERE topic_kind = 'rubric' ORDER BY day"
    ) == [
        (START, 4, 2),
        (START + timedelta(1), 1, 1),
    ]
    assert rows(con, "SELECT article_id, story_id, is_repeat FROM stg_articles ORDER BY article_id") == [
        ("a", "a", False),
        ("b", "a", True),
        ("c", "c", False),
        ("d", "c", True),
        ("e", "c", False),
    ]
    by_source = rows(
        con,
        "SELECT source, articles, share FROM mart_topic_daily_by_source WHERE topic_kind = 'rubric' AND day = ? "
        "ORDER BY source",
        [START],
    )
    assert by_source == [("s1", 1, 1.0), ("s2", 2, 1.0), ("s3", 1, 1.0)]


def test_dense_mart_has_a_zero_row_for_every_day(con: duckdb.DuckDBPyConnection) -> None:
    add_article(con, "a", START, rubric="Мир")
    add_article(con, "b", START + timedelta(3), rubric="Спорт")
    run_models(con)
    dense = rows(
        con,
        "SELECT day, topic, articles, share FROM mart_topic_daily_dense "
        "WHERE topic_kind = 'rubric' ORDER BY topic, day",
    )
    assert len(dense) == 8
    assert dense[:4] == [(START + timedelta(i), "Мир", int(i == 0), float(i == 0)) for i in range(4)]
    assert rows(con, "SELECT count(*) FROM mart_topic_daily WHERE topic_kind = 'rubric'") == [(2,)]


def test_weekly_mart_counts_iso_weeks(con: duckdb.DuckDBPyConnection) -> None:
    monday = date(2026, 9, 7)
    add_article(con, "a", monday - timedelta(1), topics=["t"])  # Sunday: the week before
    add_article(con, "b", monday, topics=["t"])
    add_article(con, "c", monday + timedelta(6), topics=["t"])
    add_article(con, "d", monday + timedelta(6), rubric="Спорт")
    run_models(con)
    weeks = rows(
        con,
        "SELECT week, articles, week_articles, wow_change FROM mart_topic_weekly "
        "WHERE topic_kind = 'topic' ORDER BY week",
    )
    assert weeks == [(monday - timedelta(7), 1, 1, None), (monday, 2, 3, 1.0)]


def test_rail_marts_span_first_to_last_sighting(con: duckdb.DuckDBPyConnection) -> None:
    add_article(con, "linked", START, topics=["sanctions"])
    con.execute(
        "INSERT INTO headlines VALUES ('h1', 's1', 'http://x/linked', 'Title', 'Мир', 'world', "
        "TIMESTAMP '2026-09-01 08:00', TIMESTAMP '2026-09-01 14:00', 3)"
    )
    for page, position, hour in (("p1", 2, 8), ("p2", 1, 11), ("p3", 4, 14)):
        con.execute(
            "INSERT INTO headline_sightings VALUES (?, 'h1', ?, ?)", [page, position, datetime(2026, 9, 1, hour)]
        )
    run_models(con)
    assert rows(con, "SELECT article_id, hours_on_rail, fetches, best_position FROM mart_rail_headlines") == [
        ("linked", 6.0, 3, 1)
    ]
    daily = dict(
        ((k, t), (h, s))
        for k, t, h, s in rows(con, "SELECT topic_kind, topic, headlines, sightings FROM mart_rail_daily")
    )
    assert daily == {("rubric", "Мир"): (1, 3), ("category", "world"): (1, 3), ("topic", "sanctions"): (1, 3)}
