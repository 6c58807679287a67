"""Incremental builds must give exactly what a full build gives, after every kind of change."""

from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from pipeline import warehouse
from pipeline.incremental import FINGERPRINTED, build_incrementally, incremental_spec, narrowed_sql
from pipeline.sql_models import load_models

START = date(2026, 8, 1)
INCREMENTAL = [m.name for m in load_models() if incremental_spec(m.sql)]


def add(
    con: duckdb.DuckDBPyConnection,
    article_id: str,
    day: date,
    rubric: str,
    story: str,
    entity: str | None,
    topic: str | None,
) -> None:
    con.execute(
        "INSERT INTO articles (article_id, source, url, canonical_url, published_at, rubric, category, authors, tags,"
        " content_hash, first_seen, last_seen) VALUES (?, ?, 'u', 'u', ?, ?, ?, [], [], ?, now(), now())",
        [
            article_id,
            f"s{len(article_id) % 3}",
            datetime(day.year, day.month, day.day, 9),
            rubric,
            rubric.lower(),
            story,
        ],
    )
    con.execute("INSERT INTO article_categories VALUES (?, ?)", [article_id, rubric.lower()])
    con.execute("INSERT INTO story_clusters VALUES (?, ?, 'same_text', 1.0)", [article_id, story])
    if entity:
        con.execute("INSERT OR IGNORE INTO entities VALUES (?, ?, 'PER')", [entity, entity])
        con.execute("INSERT INTO article_entities VALUES (?, ?, 1, 0, false)", [article_id, entity])
    if topic:
        con.execute("INSERT INTO article_topics VALUES (?, ?, ['keyword:x'])", [article_id, topic])


def populate(con: duckdb.DuckDBPyConnection, first: int, count: int, days: int, offset: int = 0) -> None:
    for i in range(first, first + count):
        day = START + timedelta(days=offset + (i * 7) % days)
        add(
            con,
            f"a{i}",
            day,
            ["Мир", "Спорт", "Экономика"][i % 3],
            f"story{i // 2 if i % 5 == 0 else i}",
            f"e{i % 11}" if i % 2 else None,
            "sanctions" if i % 4 == 0 else None,
        )


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {name: sorted(con.execute(f"SELECT * FROM {name}").fetchall(), key=repr) for name in INCREMENTAL}


@pytest.fixture()
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    connection = warehouse.connect(tmp_path / "w.duckdb")
    yield connection
    connection.close()


def test_incremental_build_equals_a_full_build_after_changes(con: duckdb.DuckDBPyConnection) -> None:
    populate(con, 0, 400, days=60)
    con.execute("INSERT INTO entities VALUES ('rare1', 'Rare One', 'ORG'), ('rare2', 'Rare Two', 'LOC')")
    con.execute("INSERT INTO article_entities VALUES ('a3', 'rare1', 1, 0, false), ('a5', 'rare2', 1, 0, false)")
    first = build_incrementally(con, load_models())
    assert {how for how, _ in first.values()} == {"full"}
    assert {how for name, (how, _) in build_incrementally(con, load_models()).items() if name in INCREMENTAL} == {
        "unchanged"
    }

    populate(con, 400, 40, days=5, offset=58)  # new days at the end, and two days already there
    con.execute("UPDATE articles SET published_at = published_at - INTERVAL 20 DAYS WHERE article_id = 'a7'")
    con.execute("INSERT INTO article_entities VALUES ('a10', 'e3', 1, 0, false)")
    con.execute("UPDATE entities SET canonical = 'Renamed' WHERE entity_id = 'rare1'")
    con.execute("DELETE FROM entities WHERE entity_id = 'rare2'")  # its mention stays, but names no topic any more
    con.execute("DELETE FROM article_topics WHERE article_id = 'a12'")
    # a re-clustering: two stories merge, and an article falls back to being its own story
    con.execute("UPDATE story_clusters SET story_id = 'story1' WHERE story_id = 'story3'")
    con.execute("DELETE FROM story_clusters WHERE article_id = 'a0'")
    report = build_incrementally(con, load_models())
    assert {report[name][0] for name in INCREMENTAL} == {"incremental"}
    incremental = snapshot(con)

    build_incrementally(con, load_models(), full=True)
    full = snapshot(con)
    for name in INCREMENTAL:
        assert incremental[name] == full[name], name


def test_a_change_to_most_days_rebuilds_whole(con: duckdb.DuckDBPyConnection) -> None:
    populate(con, 0, 100, days=10)
    build_incrementally(con, load_models())
    con.execute("UPDATE articles SET rubric = rubric || '!'")
    report = build_incrementally(con, load_models())
    assert {report[name][0] for name in INCREMENTAL} == {"full"}
    assert con.execute("SELECT count(*) FROM mart_topic_daily WHERE topic LIKE '%!'").fetchone()[0] > 0


def test_a_changed_model_file_is_rebuilt_whole(con: duckdb.DuckDBPyConnection) -> None:
    populate(con, 0, 50, days=10)
    build_incrementally(con, load_models())
    populate(con, 50, 5, days=2, offset=9)
    models = load_models()
    edited = [
        type(m)(m.name, m.sql + "\n", m.reads, m.description) if m.name == "mart_topic_daily" else m for m in models
    ]
    report = build_incrementally(con, edited)
    assert report["mart_topic_daily"][0] == "full" and report["int_topic_day_counts"][0] == "incremental"


def test_incremental_models_read_only_fingerprinted_base_tables() -> None:
    """A base table outside the fingerprint would change marts without the runner noticing."""
    models = {m.name: m for m in load_models()}

    def base_tables(name: str) -> set[str]:
        found = set()
        for table in models[name].reads:
            found |= base_tables(table) if table in models else {table}
        return found

    for name in INCREMENTAL:
        assert base_tables(name) <= FINGERPRINTED, name


def test_narrowing_wraps_only_inputs_with_a_day_column() -> None:
    sql = "WITH x AS (SELECT * FROM stg_articles) SELECT * FROM x JOIN entities AS e ON true JOIN int_a AS i ON true"
    narrowed = narrowed_sql(sql, {"stg_articles": "day", "int_a": "CAST(seen_at AS DATE)"})
    assert narrowed.count("_input_days") == 2 and "JOIN entities AS e ON TRUE" in narrowed
    assert "WHERE CAST(seen_at AS DATE) IN (SELECT day FROM _input_days)" in narrowed
    assert incremental_spec("-- incremental: by week, lookback 21 days\nSELECT 1").lookback == 21
    spec = incremental_spec("-- incremental: by day, narrow articles on published_at\nSELECT 1")
    assert spec is not None and spec.narrow == (("articles", "published_at"),)
