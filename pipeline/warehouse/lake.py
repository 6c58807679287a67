"""The lake profile: the warehouse as a DuckLake, its catalog in PostgreSQL and its tables as Parquet files in a folder.

One DuckDB file takes one writer process. A DuckLake takes several at once: each commit is a snapshot in the catalog
database, concurrent commits are reconciled there (snapshot isolation, optimistic concurrency), and the data files are
plain Parquet that other engines read. Selected by NEWSDESK_LAKE="postgres:<libpq DSN>" with NEWSDESK_LAKE_DATA=<dir>
(docs/scaling.md); `warehouse.connect` then opens the lake and every stage and SQL model runs on it unchanged.

DuckLake has no PRIMARY KEY or UNIQUE constraints and no fixed-size arrays, so the same migrations are applied with
keys stripped and arrays stored as lists, and the warehouse's writes use MERGE and anti-joins, which both engines run.
What the keys no longer enforce, the division of work does: shard writers (`import_shard`) run together under a
shared advisory lock and must own disjoint articles (shard by source: an article's id is its canonical URL, so copies
under one host stay in one shard), while whole-warehouse steps (`finish`: stories, topics, models) take the lock
exclusively. DuckLake's own conflict checks stop two commits deleting from one table; such a commit is redone
(`warehouse.retrying`). `check` verifies what the keys would have: no key appears twice, every data file exists.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import duckdb

from pipeline import stages
from pipeline.entities import EntityExtractor
from pipeline.importer import ImportReport, import_paths
from pipeline.warehouse.articles import refresh_unknown_rubrics
from pipeline.warehouse.core import LAKE_ENV, WarehouseError, lock_wait_seconds, migrate, retrying, transaction

LAKE_DATA_ENV = "NEWSDESK_LAKE_DATA"
CATALOG = "lake"
# pg_advisory_lock key shared by every newsdesk process on one catalog database ("newsdesk" in ASCII).
LOCK_KEY = 0x6E657773646573
# Held alone while a process brings the schema up to date: two workers attaching a new catalog at once would
# otherwise both create its tables, and the second fails on "already exists".
SCHEMA_LOCK_KEY = LOCK_KEY + 1


@dataclass(frozen=True)
class LakeConfig:
    catalog: str
    data_path: Path


def lake_config(environ: Mapping[str, str] = os.environ) -> LakeConfig:
    raw, data = environ.get(LAKE_ENV, ""), environ.get(LAKE_DATA_ENV, "")
    kind, _, dsn = raw.partition(":")
    if kind != "postgres" or not dsn.strip():
        raise WarehouseError(f'{LAKE_ENV}={raw!r}: expected "postgres:<libpq DSN>", e.g. "postgres:dbname=newsdesk"')
    if not data:
        raise WarehouseError(f"{LAKE_ENV} is set but {LAKE_DATA_ENV} (the folder for the lake's Parquet files) is not")
    return LakeConfig(dsn.strip(), Path(data))


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _extension_directory() -> str:
    """The extensions ship in PyPI wheels for this DuckDB: nothing is downloaded at run time."""
    try:
        import duckdb_ext
    except ImportError as exc:
        raise WarehouseError("the lake needs its DuckDB extensions: pip install 'newsdesk[lake]'") from exc
    return duckdb_ext.get_extension_dir()


def open_lake(config: LakeConfig, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the lake attached as the default catalog, its schema brought up to date."""
    con = duckdb.connect(
        config={
            "extension_directory": _extension_directory(),
            "autoinstall_known_extensions": False,
            "preserve_insertion_order": False,
        }
    )
    # Workers print JSON on stdout; DuckDB's progress bar would go there too.
    con.execute("SET enable_progress_bar = false")
    con.execute("LOAD ducklake")
    con.execute("LOAD postgres")
    if not read_only:
        config.data_path.mkdir(parents=True, exist_ok=True)
    options = f"DATA_PATH {_literal(str(config.data_path))}" + (", READ_ONLY" if read_only else "")
    attach = f"ATTACH {_literal('ducklake:postgres:' + config.catalog)} AS {CATALOG} ({options})"
    # The first processes to attach a new catalog would race to create its tables (and the losers fail in several
    # ways, depending on how far the winner got), so attaching and migrating happen one process at a time.
    with writer_lock(config, exclusive=True, key=SCHEMA_LOCK_KEY):
        try:
            con.execute(attach)
        except duckdb.Error as exc:
            con.close()
            raise WarehouseError(f"cannot attach the lake at {config.catalog!r}: {str(exc).splitlines()[0]}") from exc
        con.execute(f"USE {CATALOG}")
        if not read_only:
            retrying(lambda: migrate(con, lake_ddl))
    return con


def lake_ddl(ddl: str) -> str:
    """The schema's DDL as DuckLake takes it: keys become NOT NULL columns, fixed-size arrays become lists."""
    ddl = re.sub(r",\s*PRIMARY KEY\s*\([^)]*\)", "", ddl)
    ddl = re.sub(r"\s+PRIMARY KEY\b", " NOT NULL", ddl)
    ddl = re.sub(r"(\w)\[\d+\]", r"\1[]", ddl)
    if re.search(r"\bUNIQUE\b", ddl, re.IGNORECASE):
        raise WarehouseError("a UNIQUE constraint has no DuckLake equivalent; key the table's writes instead")
    return ddl


@cache
def primary_keys() -> dict[str, tuple[str, ...]]:
    """Each table's key as the embedded schema declares it: what `check` holds the keyless lake to."""
    con = duckdb.connect()
    try:
        migrate(con)
        rows = con.execute(
            "SELECT table_name, constraint_column_names FROM duckdb_constraints() "
            "WHERE constraint_type = 'PRIMARY KEY' AND table_name <> 'schema_version'"
        ).fetchall()
    finally:
        con.close()
    return {table: tuple(columns) for table, columns in rows}


def check(con: duckdb.DuckDBPyConnection) -> list[str]:
    """What is wrong with the lake: keys held by two rows, data files the catalog lists but the folder lacks."""
    problems = []
    present = {
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = ?", [CATALOG]
        ).fetchall()
    }
    for table, key in primary_keys().items():
        if table not in present:
            continue
        columns = ", ".join(key)
        extra = con.execute(f"SELECT count(*) - count(DISTINCT ({columns})) FROM {table}").fetchone()[0]
        if extra:
            problems.append(f"{table}: {extra} rows repeat a key ({columns})")
    for table in sorted(present):
        files = con.execute("SELECT data_file FROM ducklake_list_files(?, ?)", [CATALOG, table]).fetchall()
        missing = [path for (path,) in files if not Path(path).exists()]
        if missing:
            problems.append(f"{table}: {len(missing)} data files missing, e.g. {missing[0]}")
    return problems


@contextmanager
def writer_lock(config: LakeConfig, exclusive: bool, wait: float | None = None, key: int = LOCK_KEY) -> Iterator[None]:
    """A PostgreSQL advisory lock on the catalog database: shard writers hold it shared, whole-warehouse steps alone.

    Session-level, on a connection of its own, so it is released when the process dies however it dies."""
    try:
        import psycopg
    except ImportError as exc:
        raise WarehouseError("the lake's writer lock needs psycopg: pip install 'newsdesk[lake]'") from exc
    wait = lock_wait_seconds() if wait is None else wait
    function = "pg_advisory_lock" if exclusive else "pg_advisory_lock_shared"
    with psycopg.connect(config.catalog, autocommit=True) as lock:
        lock.execute(f"SET lock_timeout = {int(wait * 1000)}")
        try:
            lock.execute(f"SELECT {function}(%s)", [key])
        except psycopg.errors.LockNotAvailable as exc:
            kind = (
                "a schema migration"
                if key == SCHEMA_LOCK_KEY
                else "a shard import"
                if exclusive
                else "a whole-warehouse step (stories, models)"
            )
            raise WarehouseError(f"the lake is busy with {kind}; waited {wait:g} s, set NEWSDESK_LOCK_WAIT") from exc
        yield


def import_shard(config: LakeConfig, paths: list[Path]) -> ImportReport:
    """One worker's share of an import: its files, each one transaction, beside other workers' shards."""
    with writer_lock(config, exclusive=False):
        con = open_lake(config)
        try:
            return import_paths(con, paths, count_rubrics=False)
        finally:
            con.close()


def finish(config: LakeConfig, entities: bool = False, topics: Path | None = None) -> dict[str, int]:
    """After the shards: the steps that read the whole warehouse (unknown rubrics, story clusters, entities, topics,
    SQL models)."""
    with writer_lock(config, exclusive=True):
        con = open_lake(config)
        try:
            with transaction(con):
                refresh_unknown_rubrics(con)
            stories = stages.deduplicate(con)
            if entities:
                stages.extract_entities(con, EntityExtractor())
            stages.match_topics(con, topics)
            return {"stories": stories, **stages.build_models(con)}
        finally:
            con.close()


def main(argv: list[str] | None = None) -> int:
    """`python -m pipeline.warehouse.lake init | import FILE... | finish [--entities] | check`, set by environment."""
    parser = argparse.ArgumentParser(prog="python -m pipeline.warehouse.lake", description=main.__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init", help="create the catalog and bring its schema up to date")
    commands.add_parser("import").add_argument("files", nargs="+", type=Path)
    commands.add_parser("finish").add_argument("--entities", action="store_true")
    commands.add_parser("check")
    args = parser.parse_args(argv)
    try:
        config = lake_config()
        if args.command == "init":
            open_lake(config).close()
            result = "ready"
        elif args.command == "import":
            report = import_shard(config, args.files)
            result: object = {**asdict(report), "errors": len(report.errors)}
        elif args.command == "finish":
            result = finish(config, entities=args.entities)
        else:
            con = open_lake(config, read_only=True)
            try:
                result = check(con)
            finally:
                con.close()
    except WarehouseError as exc:
        print(f"newsdesk lake: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 1 if args.command == "check" and result else 0


if __name__ == "__main__":
    sys.exit(main())
