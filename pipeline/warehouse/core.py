"""Opening the warehouse at the current schema, and the transaction and bulk-write helpers every load uses.

Every write in this package is either an upsert on a primary key or a delete-then-insert of the rows it owns, inside
one transaction, so a re-run gives the same rows and a run killed mid-load leaves the previous state: DuckDB's
write-ahead log replays committed transactions only.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from pipeline.schema import LATEST_VERSION, MIGRATIONS

CORE_TABLES = ("articles", "headlines", "entities", "categories", "fetch_log", "story_clusters")
# How long a command waits for another process (the Dagster UI, another command) to let go of the file.
LOCK_WAIT_ENV = "NEWSDESK_LOCK_WAIT"
DEFAULT_LOCK_WAIT = 60.0


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
    other to finish, then stops with a plain-words error instead of a stack trace. It never writes beside it."""
    wait = lock_wait_seconds() if wait is None else wait
    deadline = time.monotonic() + wait
    delay, told = 0.05, False
    while True:
        try:
            # Row order is never relied on (queries that need one say ORDER BY), and keeping it costs memory and time.
            con = duckdb.connect(str(path), read_only=read_only, config={"preserve_insertion_order": False})
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


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
    current = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
    if current > LATEST_VERSION:
        raise WarehouseError(f"warehouse schema v{current} is newer than this newsdesk (v{LATEST_VERSION})")
    for version, ddl in MIGRATIONS:
        if version > current:
            with transaction(con):
                con.execute(ddl)
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


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame, verb: str = "INSERT") -> None:
    """`verb` may be INSERT OR REPLACE for tables whose rows are keyed logs (import_errors)."""
    if frame.height:
        con.register("_frame", frame)
        try:
            con.execute(f"{verb} INTO {table} BY NAME SELECT * FROM _frame")
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
    names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
    return {name: con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def utc_naive(moment: datetime) -> datetime:
    """DuckDB TIMESTAMP columns hold UTC wall time; aware datetimes are converted, naive ones taken as UTC."""
    return moment if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)
