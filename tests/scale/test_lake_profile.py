"""The lake profile without a server: how it is configured, and how the schema is carried over to a keyless lake."""

from pathlib import Path

import duckdb
import pytest

from pipeline.schema import MIGRATIONS
from pipeline.warehouse import WarehouseError, retrying
from pipeline.warehouse.lake import lake_config, lake_ddl, primary_keys


def test_the_lake_is_configured_by_a_postgres_dsn_and_a_data_folder() -> None:
    config = lake_config({"NEWSDESK_LAKE": "postgres:host=db port=5432 dbname=news", "NEWSDESK_LAKE_DATA": "/srv/lake"})
    assert config.catalog == "host=db port=5432 dbname=news" and config.data_path == Path("/srv/lake")
    with pytest.raises(WarehouseError, match="postgres:<libpq DSN>"):
        lake_config({"NEWSDESK_LAKE": "sqlite:lake.db", "NEWSDESK_LAKE_DATA": "/srv/lake"})
    with pytest.raises(WarehouseError, match="NEWSDESK_LAKE_DATA"):
        lake_config({"NEWSDESK_LAKE": "postgres:dbname=news"})


def test_lake_ddl_drops_keys_and_fixed_arrays_but_keeps_every_column_and_type() -> None:
    """Apply both versions of every migration to an embedded database and compare the columns they make."""
    embedded, keyless = duckdb.connect(), duckdb.connect()
    for _, ddl in MIGRATIONS:
        embedded.execute(ddl)
        keyless.execute(lake_ddl(ddl))
    query = "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns ORDER BY ALL"
    before, after = embedded.execute(query).fetchall(), keyless.execute(query).fetchall()
    assert [row[:2] for row in before] == [row[:2] for row in after]
    changed = {(b[0], b[1], b[2], a[2]) for b, a in zip(before, after, strict=True) if b[2] != a[2]}
    assert changed == {("article_signatures", "minhash", "UINTEGER[32]", "UINTEGER[]")}
    # A key column stays NOT NULL, as the key made it.
    assert [row[3] for row in before] == [row[3] for row in after]
    assert (
        keyless.execute("SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'").fetchone()[0]
        == 0
    )
    with pytest.raises(WarehouseError, match="UNIQUE"):
        lake_ddl("CREATE TABLE t (a INTEGER UNIQUE)")


def test_the_keys_check_holds_the_lake_to_are_the_embedded_schemas() -> None:
    keys = primary_keys()
    assert keys["articles"] == ("article_id",)
    assert keys["import_errors"] == ("file", "record")
    assert keys["entity_aliases"] == ("entity_id", "alias")
    assert "fetch_log" not in keys


def test_retrying_redoes_only_lost_commits_and_gives_up_after_the_attempts() -> None:
    calls: list[int] = []

    def loses_twice() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise duckdb.TransactionException("Failed to commit: Transaction conflict - another transaction deleted")
        return "done"

    assert retrying(loses_twice, first_wait=0.001) == "done" and len(calls) == 3

    def always_loses() -> None:
        calls.append(1)
        raise duckdb.TransactionException("Failed to commit DuckLake transaction.")

    calls.clear()
    with pytest.raises(duckdb.TransactionException):
        retrying(always_loses, attempts=4, first_wait=0.001)
    assert len(calls) == 4

    def wrong() -> None:
        calls.append(1)
        raise duckdb.CatalogException("Table with name nope does not exist")

    calls.clear()
    with pytest.raises(duckdb.CatalogException):
        retrying(wrong, first_wait=0.001)
    assert len(calls) == 1
