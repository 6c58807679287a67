"""Opening the warehouse at the current schema, and the transaction and bulk-write helpers every load uses.

Every write in this package is either an upsert on a primary key or a delete-then-insert of the rows it owns, inside
one transaction, so a re-run gives the same rows and a run killed mid-load leaves the previous state: DuckDB's
write-ahead log replays committed transactions only.
"""

from __future__ import annotations

import logging
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import duckdb
import polars as pl

from pipeline.schema import LATEST_VERSION, MIGRATIONS

# The warehouse's own tables: not temporary ones, nor (on the lake) those of the attached catalog database.
OWN_TABLES = "database_name = current_database()"
CORE_TABLES = ("articles", "headlines", "entities", "categories", "fetch_log", "story_clusters")
# How long a command waits for another process (the Dagster UI, another command) to let go of the file.
LOCK_WAIT_ENV = "NEWSDESK_LOCK_WAIT"
# DuckDB's memory_limit for every warehouse connection (e.g. "3GB", DuckDB's own syntax).
MEMORY_LIMIT_ENV = "NEWSDESK_MEMORY_LIMIT"
DEFAULT_LOCK_WAIT = 60.0
# The SQL models' memory when NEWSDESK_MEMORY_LIMIT is unset: their joins, sorts and windows spill beyond it.
MODEL_MEMORY_BYTES = 3 * 2**30
# "postgres:<libpq DSN>" selects the lake profile (pipeline/warehouse/lake.py) instead of the DuckDB file.
LAKE_ENV = "NEWSDESK_LAKE"
T = TypeVar("T")
log = logging.getLogger(__name__)


class WarehouseError(RuntimeError):
    pass


def lock_wait_seconds() -> float:
    raw = os.environ.get(LOCK_WAIT_ENV)
    try:
        return float(raw) if raw else DEFAULT_LOCK_WAIT
    except ValueError as exc:
        raise WarehouseError(f"{LOCK_WAIT_ENV}={raw!r} is not a number of seconds") from exc


def _is_lock_conflict(exc: duckdb.Error) -> bool:
    return "lock" in str(exc).lower()


def connect(
    path: Path | str,
    read_only: bool = False,
    wait: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse and bring its schema up to date.

    DuckDB lets one process write a file at a time. A second process (a CLI command while the Dagster UI
    materializes, or the other way round) waits up to `wait` seconds (default NEWSDESK_LOCK_WAIT, 60) for the
    other to finish, then stops with a plain-words error instead of a stack trace. It never writes beside it.
    With NEWSDESK_LAKE set, `path` is ignored and the DuckLake is opened instead (pipeline/warehouse/lake.py)."""
    if os.environ.get(LAKE_ENV):
        # Imported only then: the lake needs the optional `lake` extra, and its module imports the stages.
        from pipeline.warehouse import lake

        return lake.open_lake(lake.lake_config(), read_only=read_only)
    wait = lock_wait_seconds() if wait is None else wait
    deadline = time.monotonic() + wait
    delay, told = 0.05, False
    while True:
        try:
            # Row order is never relied on (queries that need one say ORDER BY), and keeping it costs memory and time.
            # DuckDB takes 80% of RAM unless told otherwise. Not bounded by default: a transaction's own new rows
            # cannot spill, so a low bound fails a big single-file import at commit.
            config = {"preserve_insertion_order": False}
            if limit := os.environ.get(MEMORY_LIMIT_ENV):
                config["memory_limit"] = limit
            con = duckdb.connect(str(path), read_only=read_only, config=config)
            break
        except duckdb.IOException as exc:
            if not _is_lock_conflict(exc) or time.monotonic() + delay > deadline:
                raise WarehouseError(
                    f"cannot open {path}: another process is using it (a Dagster run or another newsdesk command); "
                    f"waited {wait:g} s, set {LOCK_WAIT_ENV} to wait longer. DuckDB said: {str(exc).splitlines()[0]}"
                    if _is_lock_conflict(exc)
                    else f"cannot open {path}: {exc}"
                ) from exc
            if on_wait and not told:
                on_wait(f"{path} is in use by another process; waiting up to {wait:g} s")
                told = True
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
    if not read_only:
        migrate(con)
    return con


@contextmanager
def writing(whole: bool = True) -> Iterator[None]:
    """Which writers may work at once on the lake: shard writers (crawls and parses of disjoint sources) share its
    advisory lock, and steps over the whole warehouse (stories, entities, topics, models) hold it alone, so their
    commits never race a shard's. The embedded file needs nothing: DuckDB already lets one process write it."""
    if not os.environ.get(LAKE_ENV):
        yield
        return
    from pipeline.warehouse import lake

    with lake.writer_lock(lake.lake_config(), exclusive=whole):
        yield


@contextmanager
def bounded_memory(con: duckdb.DuckDBPyConnection, default_bytes: int) -> Iterator[None]:
    """A memory bound for steps that only read and rebuild derived tables, which can spill to disk.

    Unbounded, DuckDB keeps up to 80% of RAM in its buffer pool: the models over 5M articles took a 4.9 GB RSS that
    they did not need (3.4 GB with a 3 GB bound), beside the crawler and Dagster on the same machine. Imports are
    not bounded by default (see `connect`). NEWSDESK_MEMORY_LIMIT, when set, rules instead."""
    if os.environ.get(MEMORY_LIMIT_ENV):
        yield
        return
    physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    con.execute(f"SET memory_limit = '{min(default_bytes, int(physical * 0.8)) // 2**20}MiB'")
    try:
        yield
    finally:
        con.execute("RESET memory_limit")


def migrate(con: duckdb.DuckDBPyConnection, adapt: Callable[[str], str] = str) -> None:
    """`adapt` rewrites each DDL for an engine that lacks some of it (the lake has no keys)."""
    con.execute(adapt("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)"))
    current = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
    if current > LATEST_VERSION:
        raise WarehouseError(f"warehouse schema v{current} is newer than this newsdesk (v{LATEST_VERSION})")
    for version, ddl in MIGRATIONS:
        if version > current:
            with transaction(con):
                con.execute(adapt(ddl))
                con.execute("INSERT INTO schema_version VALUES (?, now()::TIMESTAMP)", [version])


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def is_conflict(exc: BaseException) -> bool:
    """A DuckLake commit that lost to a concurrent one touching the same rows or names: redoing it is correct."""
    text = str(exc)
    return isinstance(exc, duckdb.TransactionException) and (
        "Transaction conflict" in text or "Failed to commit DuckLake transaction" in text
    )


def retrying(
    work: Callable[[], T],
    attempts: int = 6,
    first_wait: float = 0.2,
    retry_on: Callable[[BaseException], bool] = is_conflict,
) -> T:
    """Run `work` (which opens and commits its own transaction) again when its commit lost a race, with jittered
    exponential backoff. An embedded file has one writer and never loses one, so there it runs once."""
    for attempt in range(attempts):
        try:
            return work()
        except duckdb.Error as exc:
            if not retry_on(exc) or attempt == attempts - 1:
                raise
            log.warning("commit lost a race, redoing it (attempt %d of %d): %s", attempt + 2, attempts, exc)
            time.sleep(first_wait * 2**attempt * random.uniform(0.5, 1.5))
    raise AssertionError("unreachable")


def merge_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, keys: tuple[str, ...]) -> None:
    """Insert or replace by `keys`: MERGE runs on the embedded file and on the lake, which has no ON CONFLICT."""
    if frame.height:
        con.register("_merged", frame)
        try:
            con.execute(merge_sql(table, "_merged", keys, frame.columns))
        finally:
            con.unregister("_merged")


def merge_sql(table: str, relation: str, keys: tuple[str, ...], columns: list[str]) -> str:
    """Rows that did not change are not updated: on the lake an update deletes, and concurrent deletes from one
    table conflict, so two crawlers saving their (unchanged) sources rows must not touch them."""
    on = " AND ".join(f"t.{k} = s.{k}" for k in keys)
    values = [c for c in columns if c not in keys]
    updates = ", ".join(f"{c} = s.{c}" for c in values)
    changed = " OR ".join(f"t.{c} IS DISTINCT FROM s.{c}" for c in values)
    names = ", ".join(columns)
    matched = f"WHEN MATCHED AND ({changed}) THEN UPDATE SET {updates} " if updates else ""
    return (
        f"MERGE INTO {table} t USING {relation} s ON {on} {matched}"
        f"WHEN NOT MATCHED THEN INSERT ({names}) VALUES ({', '.join(f's.{c}' for c in columns)})"
    )


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    if frame.height:
        con.register("_frame", frame)
        try:
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _frame")
        finally:
            con.unregister("_frame")


def delete_for(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...], key: str, keys: pl.DataFrame) -> None:
    con.register("_keys", keys.select(key).unique())
    try:
        for table in tables:
            con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT {key} FROM _keys)")
    finally:
        con.unregister("_keys")


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    query = f"SELECT table_name FROM duckdb_tables() WHERE {OWN_TABLES} ORDER BY 1"
    names = [r[0] for r in con.execute(query).fetchall()]
    return {name: con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def utc_naive(moment: datetime) -> datetime:
    """DuckDB TIMESTAMP columns hold UTC wall time; aware datetimes are converted, naive ones taken as UTC."""
    return moment if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)
