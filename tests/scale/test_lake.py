"""The warehouse as a DuckLake on a real PostgreSQL catalog: concurrent shard writers, lost commits redone, and the
same SQL models giving the same marts as on the embedded DuckDB file."""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipeline import commands, stages, warehouse
from pipeline.entities import EntityExtractor
from pipeline.importer import import_paths
from pipeline.progress import StageProgress
from pipeline.sql_models import load_models
from pipeline.warehouse import lake

pytest.importorskip("duckdb_ext", reason="the lake's DuckDB extensions come with the `lake` extra")
pytest.importorskip("psycopg", reason="the lake's writer lock needs psycopg (the `lake` extra)")

REPO = Path(__file__).resolve().parents[2]
PEOPLE = ["Владимир Путин", "Эмманюэль Макрон", "Ольга Смирнова", "Сергей Лавров"]
PLACES = ["Москве", "Париже", "Берлине", "Казани"]
WORDS = ["ра", "ко", "ми", "ст", "ве", "ло", "ду", "на", "ты", "бор", "лин", "тор", "ван", "мел", "сор"]
RUBRICS = ["Политика", "Экономика", "Мир", "Спорт", "Светская хроника"]


def write_articles(path: Path, sources: list[str], n: int, seed: int) -> int:
    """n records over 40 days for `sources`, every 10th an updated copy under a variant URL of the same host, and one
    unreadable line; returns how many distinct articles that makes."""
    rng = random.Random(seed)
    start = datetime(2025, 3, 1, tzinfo=UTC)
    lines, distinct = [], 0
    for i in range(n):
        source = sources[i % len(sources)]
        url = f"https://{source}.example/news/{seed}/{i}"
        words = " ".join(rng.choice(WORDS) + rng.choice(WORDS) for _ in range(40))
        body = f"{rng.choice(PEOPLE)} провёл переговоры в {rng.choice(PLACES)}. Стороны обсудили санкции. {words}."
        record = {
            "url": url,
            "title": f"Новость {seed}-{i}: {rng.choice(PEOPLE)} в {rng.choice(PLACES)}",
            "body": body,
            "published_at": (start + timedelta(hours=rng.randrange(0, 40 * 24))).isoformat(),
            "rubric": rng.choice(RUBRICS),
            "source": source,
        }
        lines.append(json.dumps(record, ensure_ascii=False))
        distinct += 1
        if i % 10 == 0:
            lines.append(
                json.dumps({**record, "url": url + "?utm_source=rss", "title": "обновлено"}, ensure_ascii=False)
            )
    lines.append("{broken")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return distinct


@pytest.fixture
def lake_config(postgres_dsn: str, tmp_path: Path) -> lake.LakeConfig:
    return lake.LakeConfig(postgres_dsn, tmp_path / "lake-data")


def lake_env(config: lake.LakeConfig) -> dict[str, str]:
    return {**os.environ, "NEWSDESK_LAKE": f"postgres:{config.catalog}", "NEWSDESK_LAKE_DATA": str(config.data_path)}


def run_lake(config: lake.LakeConfig, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline.warehouse.lake", *args],
        cwd=REPO,
        env=lake_env(config),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen[str]) -> object:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return json.loads(out)


def build(con: duckdb.DuckDBPyConnection) -> None:
    """What `newsdesk build` does after an import, stage by stage, on whichever warehouse `con` is."""
    stages.deduplicate(con)
    stages.extract_entities(con, EntityExtractor())
    stages.match_topics(con)
    stages.build_models(con)


def assert_same_tables(embedded: duckdb.DuckDBPyConnection, lake_con: duckdb.DuckDBPyConnection) -> None:
    tables = ["articles", "article_categories", "story_clusters", "article_entities", "entity_aliases"]
    for table in tables + [model.name for model in load_models()]:
        ours, theirs = (con.execute(f'SELECT * FROM "{table}"').pl() for con in (embedded, lake_con))
        ours, theirs = ours.sort(ours.columns), theirs.sort(ours.columns).select(ours.columns)
        # Sums of doubles may round differently in another order; every count and key must match exactly.
        assert_frame_equal(ours, theirs, check_exact=False, rel_tol=1e-9, check_dtypes=False)


def test_two_concurrent_writers_then_the_same_marts_as_the_embedded_file(
    lake_config: lake.LakeConfig, tmp_path: Path
) -> None:
    files = [tmp_path / "shard-a.jsonl", tmp_path / "shard-b.jsonl"]
    distinct = write_articles(files[0], ["alpha", "beta"], 60, seed=1)
    distinct += write_articles(files[1], ["gamma", "delta"], 60, seed=2)
    # Both start on a catalog that does not exist yet: they race to create it, then to migrate it, then to commit.
    writers = [run_lake(lake_config, "import", str(path)) for path in files]
    reports = [finished(process) for process in writers]
    assert [report["articles_added"] for report in reports] == [60, 60]
    assert [report["errors"] for report in reports] == [1, 1]
    con = lake.open_lake(lake_config)
    try:
        assert lake.check(con) == []
        assert con.execute("SELECT count(*), count(DISTINCT article_id) FROM articles").fetchone() == (
            distinct,
            distinct,
        )
        assert con.execute("SELECT count(*) FROM articles WHERE title = 'обновлено'").fetchone()[0] == 12
        assert con.execute("SELECT count(DISTINCT file) FROM import_errors").fetchone()[0] == 2
        commits = con.execute(
            "SELECT count(*) FROM lake.snapshots() WHERE list_contains(map_keys(changes), 'tables_inserted_into')"
        ).fetchone()[0]
        assert commits >= 2
    finally:
        con.close()

    assert lake.finish(lake_config, entities=True)["stories"] == distinct
    embedded = warehouse.connect(tmp_path / "embedded.duckdb")
    lake_con = lake.open_lake(lake_config)
    try:
        import_paths(embedded, files)
        build(embedded)
        assert_same_tables(embedded, lake_con)
        assert lake.check(lake_con) == []

        # A later import, and the models rebuilt incrementally (only the days it touched) on both.
        more = tmp_path / "more.jsonl"
        write_articles(more, ["alpha", "epsilon"], 20, seed=3)
        for con in (embedded, lake_con):
            import_paths(con, [more])
            build(con)
        assert_same_tables(embedded, lake_con)
        assert lake.check(lake_con) == []
    finally:
        embedded.close()
        lake_con.close()


def test_processes_attaching_a_new_catalog_at_once_all_get_one_schema(lake_config: lake.LakeConfig) -> None:
    """Creating the catalog is not atomic in DuckLake: without the schema lock, the losers of the race failed with
    "relation already exists" or "duplicate key", depending on how far the winner had got."""
    processes = [run_lake(lake_config, "init") for _ in range(4)]
    assert [finished(process) for process in processes] == ["ready"] * 4
    assert finished(run_lake(lake_config, "check")) == []


def test_a_commit_that_lost_a_race_is_redone_on_the_new_snapshot(lake_config: lake.LakeConfig) -> None:
    winner, loser = lake.open_lake(lake_config), lake.open_lake(lake_config)
    try:
        winner.execute("INSERT INTO unknown_rubrics VALUES ('Хобби', 1, 0)")
        attempts: list[int] = []

        def recount() -> None:
            attempts.append(1)
            with warehouse.transaction(loser):
                loser.execute("DELETE FROM unknown_rubrics WHERE rubric = 'Хобби'")
                loser.execute("INSERT INTO unknown_rubrics VALUES ('Хобби', 2, 0)")
                if len(attempts) == 1:
                    # Another writer deletes the same row and commits first: DuckLake refuses our commit.
                    winner.execute("DELETE FROM unknown_rubrics WHERE rubric = 'Хобби'")
                    winner.execute("INSERT INTO unknown_rubrics VALUES ('Хобби', 3, 0)")

        warehouse.retrying(recount, first_wait=0.01)
        assert len(attempts) == 2
        assert winner.execute("SELECT * FROM unknown_rubrics").fetchall() == [("Хобби", 2, 0)]
    finally:
        winner.close()
        loser.close()


def test_crawlers_saving_unchanged_sources_rows_at_once_do_not_conflict(lake_config: lake.LakeConfig) -> None:
    """An upsert that changes nothing deletes nothing, so two crawl batches commit side by side on the first try."""
    first, second = lake.open_lake(lake_config), lake.open_lake(lake_config)
    sources = pl.DataFrame(
        {"source": ["a", "b"], "start_urls": [["https://a.example/"], ["https://b.example/"]], "rate_limit": [1.0, 2.0]}
    )
    try:
        warehouse.merge_frame(first, "sources", sources, ("source",))
        first.execute("BEGIN TRANSACTION")
        second.execute("BEGIN TRANSACTION")
        for con, name in ((first, "a"), (second, "b")):
            warehouse.merge_frame(con, "sources", sources.filter(pl.col("source") == name), ("source",))
            con.execute(
                "INSERT INTO fetch_log (source, kind, url, attempt, bytes, elapsed_ms, fetched_at) "
                "VALUES (?, 'page', 'https://x.example/', 1, 0, 0, now()::TIMESTAMP)",
                [name],
            )
        first.execute("COMMIT")
        second.execute("COMMIT")
        assert first.execute("SELECT count(*) FROM sources").fetchone()[0] == 2
        assert first.execute("SELECT count(*) FROM fetch_log").fetchone()[0] == 2
        changed = sources.with_columns(rate_limit=pl.Series([5.0, 2.0]))
        warehouse.merge_frame(first, "sources", changed, ("source",))
        assert first.execute("SELECT source, rate_limit FROM sources ORDER BY 1").fetchall() == [("a", 5.0), ("b", 2.0)]
    finally:
        first.close()
        second.close()


def test_the_writer_lock_keeps_whole_warehouse_steps_apart_from_shard_writers(lake_config: lake.LakeConfig) -> None:
    with (
        lake.writer_lock(lake_config, exclusive=False),
        lake.writer_lock(lake_config, exclusive=False),
        pytest.raises(warehouse.WarehouseError, match="busy with a shard import"),
        lake.writer_lock(lake_config, exclusive=True, wait=0.2),
    ):
        pass
    with (
        lake.writer_lock(lake_config, exclusive=True),
        pytest.raises(warehouse.WarehouseError, match="whole-warehouse step"),
        lake.writer_lock(lake_config, exclusive=False, wait=0.2),
    ):
        pass


def test_newsdesk_commands_open_the_lake_when_it_is_configured(
    lake_config: lake.LakeConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in lake_env(lake_config).items():
        if name.startswith("NEWSDESK_LAKE"):
            monkeypatch.setenv(name, value)
    con = warehouse.connect(tmp_path / "ignored.duckdb")
    try:
        assert con.execute("SELECT current_database()").fetchone()[0] == "lake"
        counts = warehouse.table_counts(con)
        # The warehouse's tables only: not the catalog's own (ducklake_snapshot, pg_class, ...) that DuckDB also lists.
        assert set(warehouse.CORE_TABLES) <= set(counts) and not any("ducklake" in name for name in counts)
        assert counts["articles"] == 0 and "pg_class" not in counts
    finally:
        con.close()
    assert not (tmp_path / "ignored.duckdb").exists()
    assert lake.main(["check"]) == 0 and json.loads(capsys.readouterr().out) == []


def test_newsdesk_writing_commands_wait_for_shard_writers_on_the_lake(
    lake_config: lake.LakeConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A `newsdesk build` re-clusters stories and rebuilds models over everything: on the lake it must not commit
    beside a shard import, while a shard writer (a partitioned crawl's asset) may."""
    for name, value in lake_env(lake_config).items():
        if name.startswith("NEWSDESK_LAKE"):
            monkeypatch.setenv(name, value)
    monkeypatch.setenv(warehouse.LOCK_WAIT_ENV, "0.3")
    lake.open_lake(lake_config).close()
    progress = StageProgress(io.StringIO())
    with lake.writer_lock(lake_config, exclusive=False):
        with pytest.raises(commands.CommandError, match="busy with a shard import"):
            commands.build(tmp_path / "ignored.duckdb", skip_entities=True, progress=progress)
        with warehouse.writing(whole=False), warehouse.connect(tmp_path / "ignored.duckdb") as con:
            assert con.execute("SELECT count(*) FROM articles").fetchone() == (0,)
    assert commands.build(tmp_path / "ignored.duckdb", skip_entities=True, progress=progress) == 0
    assert not (tmp_path / "ignored.duckdb").exists()
