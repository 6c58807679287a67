"""The warehouse as a DuckLake on a real PostgreSQL catalog: concurrent shard writers, lost commits redone, and the
same SQL models giving the same marts as on the embedded DuckDB file."""

from __future__ import annotations

import io
import json
import logging
import os
import random
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipeline import commands, stages, warehouse
from pipeline.archive import WarcArchive
from pipeline.entities import EntityExtractor
from pipeline.importer import import_paths
from pipeline.pages import PARSE_ERRORS_SCHEMA, PARSED_ARTICLES_SCHEMA, PARSED_HEADLINES_SCHEMA
from pipeline.parse import PARSER_VERSION
from pipeline.progress import StageProgress
from pipeline.records import ArchivedPage, Source
from pipeline.sql_models import load_models
from pipeline.warehouse import lake
from pipeline.warehouse import parse as parse_rows

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
def lake_config(lake_extensions: None, postgres_dsn: str, tmp_path: Path) -> lake.LakeConfig:
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


# `python -m pipeline.warehouse.lake import FILE` with a rendezvous inside the file's transaction: a writer that has
# loaded its rows marks it (argv[1]) and, uncommitted, waits for the other writer's mark (argv[2]). So neither commits
# before both transactions are open, whatever the scheduler does; a redone attempt does not wait again.
OVERLAPPING_IMPORT = """
import sys, time
from pathlib import Path
from pipeline import warehouse
from pipeline.warehouse import lake

mine, theirs = Path(sys.argv[1]), Path(sys.argv[2])
load_staged = warehouse.load_staged

def load_then_meet(con, staged):
    load_staged(con, staged)
    if not mine.exists():
        mine.touch()
        deadline = time.monotonic() + 90
        while not theirs.exists():
            if time.monotonic() > deadline:
                raise TimeoutError("the other writer never opened its transaction")
            time.sleep(0.02)

warehouse.load_staged = load_then_meet
sys.exit(lake.main(["import", *sys.argv[3:]]))
"""


def run_overlapping_imports(config: lake.LakeConfig, files: list[Path], marks: Path) -> list[subprocess.Popen[str]]:
    ends = [marks / f"{path.stem}.open" for path in files]
    return [
        subprocess.Popen(
            [sys.executable, "-c", OVERLAPPING_IMPORT, str(ends[i]), str(ends[1 - i]), str(path)],
            cwd=REPO,
            env=lake_env(config),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i, path in enumerate(files)
    ]


def show_on_rails(con: duckdb.DuckDBPyConnection) -> None:
    """Front pages of alpha and gamma over two days, their rails listing imported articles and one that is not,
    saved the way a crawl and its parse save them, then normalized into headlines and sightings."""
    for source, seed in (("alpha", 1), ("gamma", 2)):
        home = f"https://{source}.example/"
        pages = [
            ArchivedPage(
                f"{source}-front-{n}",
                source,
                home,
                home,
                200,
                "text/html",
                datetime(2025, 3, 1 + n % 2, 8 + n, tzinfo=UTC),
                "front.warc.gz",
                n,
            )
            for n in range(4)
        ]
        rails = [
            {
                "page_id": page.page_id,
                "position": position,
                "title": f"{source} {n + position}",
                # In their shards alpha and gamma hold the even-numbered articles of their seed.
                "url": f"{home}news/{seed}/{2 * (n + position)}" if position < 5 else f"{home}news/elsewhere",
                "rubric": RUBRICS[(n + position) % len(RUBRICS)] if position != 3 else None,
            }
            for n, page in enumerate(pages)
            for position in range(1, 6)
        ]
        front_pages = [
            {
                "page_id": p.page_id,
                "source": source,
                "url": home,
                "parser_version": PARSER_VERSION,
                "error": "no article found",
                "access": None,
            }
            for p in pages
        ]
        warehouse.save_crawl(con, Source(source, (home,)), [], pages)
        warehouse.save_parsed(
            con,
            pl.DataFrame(schema=PARSED_ARTICLES_SCHEMA),
            pl.DataFrame(rails, schema=PARSED_HEADLINES_SCHEMA),
            pl.DataFrame(front_pages, schema=PARSE_ERRORS_SCHEMA),
        )
    stages.normalize(con)


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
    tables = [
        "articles",
        "article_categories",
        "unknown_rubrics",
        "story_clusters",
        "article_entities",
        "entity_aliases",
    ]
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
    # Both start on a catalog that does not exist yet: they race to create it, then to migrate it, then commit from
    # transactions that are both open (the rendezvous in OVERLAPPING_IMPORT).
    writers = run_overlapping_imports(lake_config, files, tmp_path)
    reports = [finished(process) for process in writers]
    # Both passed the rendezvous (were the hook never reached, they would not have waited at all).
    assert sorted(path.name for path in tmp_path.glob("*.open")) == ["shard-a.open", "shard-b.open"]
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
        # Left to `finish`: two shards recounting it at once from an empty table both inserted every rubric.
        assert con.execute("SELECT count(*) FROM unknown_rubrics").fetchone() == (0,)
        show_on_rails(con)
    finally:
        con.close()

    assert lake.finish(lake_config, entities=True)["stories"] == distinct
    embedded = warehouse.connect(tmp_path / "embedded.duckdb")
    lake_con = lake.open_lake(lake_config)
    try:
        import_paths(embedded, files)
        show_on_rails(embedded)
        build(embedded)
        assert_same_tables(embedded, lake_con)
        assert lake.check(lake_con) == []
        # The rail marts were compared holding rows: sightings, headlines linked to their articles, and the day's
        # rubrics and the linked articles' entities.
        assert lake_con.execute("SELECT count(*) FROM int_rail_sightings").fetchone()[0] == 40
        assert lake_con.execute("SELECT count(*), count(article_id) FROM mart_rail_headlines").fetchone() == (
            2 + 2 * 7,
            2 * 7,
        )
        kinds = {kind for (kind,) in lake_con.execute("SELECT DISTINCT topic_kind FROM mart_rail_daily").fetchall()}
        assert {"rubric", "category", "entity"} <= kinds

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


def test_re_parses_of_two_days_at_once_both_land(
    lake_config: lake.LakeConfig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The queue runs parses of different days side by side; each replaces its pages' rows in tables the other
    deletes from too, so DuckLake refuses whichever commits second and that batch must be saved again."""
    workspace = stages.Workspace(tmp_path / "newsdesk.duckdb")
    html = (REPO / "tests" / "fixtures" / "html" / "izvestia_like_ru.html").read_bytes()
    days = [date(2025, 3, 1), date(2025, 3, 2)]
    pages = []
    with WarcArchive(workspace.archive_dir) as archive:
        for n in range(6):
            url = f"https://izvestia.example/news/{n}"
            where = archive.write(url, 200, "OK", [("Content-Type", "text/html; charset=utf-8")], html)
            fetched_at = datetime.combine(days[n % 2], datetime.min.time(), UTC) + timedelta(hours=n)
            pages.append(
                ArchivedPage(
                    f"page-{n}", "izvestia", url, url, 200, "text/html", fetched_at, where.warc_file, where.offset
                )
            )
    # An older parser failed on every page of both days in one commit: both re-parses delete from that data file.
    stale = pl.DataFrame(
        [
            {
                "page_id": p.page_id,
                "source": p.source,
                "url": p.url,
                "parser_version": "0",
                "error": "old",
                "access": None,
            }
            for p in pages
        ],
        schema=PARSE_ERRORS_SCHEMA,
    )
    con = lake.open_lake(lake_config)
    try:
        warehouse.save_crawl(con, Source("izvestia", ("https://izvestia.example/",)), [], pages)
        warehouse.save_parsed(
            con, pl.DataFrame(schema=PARSED_ARTICLES_SCHEMA), pl.DataFrame(schema=PARSED_HEADLINES_SCHEMA), stale
        )
    finally:
        con.close()

    # Each re-parse, having deleted and inserted, waits for the other before committing: the commits are concurrent
    # by construction. A redone attempt does not wait again.
    both_written = threading.Barrier(2, timeout=90)
    waited: set[int] = set()
    insert_frame = parse_rows.insert_frame

    def insert_then_wait(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
        insert_frame(con, table, frame)
        if table == "parse_errors" and threading.get_ident() not in waited:
            waited.add(threading.get_ident())
            both_written.wait()

    monkeypatch.setattr(parse_rows, "insert_frame", insert_then_wait)

    def reparse(day: date) -> tuple[int, int]:
        con = lake.open_lake(lake_config)
        try:
            return stages.parse(con, workspace, every_page=True, day=day)
        finally:
            con.close()

    with caplog.at_level(logging.WARNING, logger=warehouse.core.log.name), ThreadPoolExecutor(2) as pool:
        assert list(pool.map(reparse, days)) == [(3, 0), (3, 0)]
    assert sum("commit lost a race" in record.getMessage() for record in caplog.records) == 1

    con = lake.open_lake(lake_config)
    try:
        assert con.execute("SELECT count(*) FROM parse_errors").fetchone() == (0,)
        per_day = con.execute(
            """
            SELECT CAST(p.fetched_at AS DATE), count(DISTINCT a.page_id), count(h.position)
            FROM pages p JOIN parsed_articles a USING (page_id) JOIN parsed_headlines h USING (page_id)
            GROUP BY 1 ORDER BY 1
            """
        ).fetchall()
        assert per_day == [(day, 3, 3 * 17) for day in days]
        assert lake.check(con) == []
    finally:
        con.close()


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


def test_other_engines_read_the_lakes_parquet_files_directly(lake_config: lake.LakeConfig, tmp_path: Path) -> None:
    """The lake's data files are plain Parquet: an engine that knows nothing of DuckLake (pyarrow, polars) reads
    the rows the catalog lists, given the files `ducklake_list_files` names (and no delete files beside them)."""
    import pyarrow.parquet as pq

    shard = tmp_path / "shard.jsonl"
    distinct = write_articles(shard, ["alpha", "beta"], 40, seed=7)
    finished(run_lake(lake_config, "import", str(shard)))
    con = lake.open_lake(lake_config, read_only=True)
    try:
        listed = con.execute(
            "SELECT data_file, delete_file FROM ducklake_list_files(?, 'articles')", [lake.CATALOG]
        ).fetchall()
        expected = {row[0] for row in con.execute("SELECT article_id FROM articles").fetchall()}
    finally:
        con.close()
    assert listed and all(delete is None for _, delete in listed)
    table = pq.read_table([path for path, _ in listed], columns=["article_id", "title"])
    assert table.num_rows == distinct == len(expected)
    assert set(table.column("article_id").to_pylist()) == expected
    assert pl.read_parquet([path for path, _ in listed])["article_id"].n_unique() == distinct
