"""The models' memory bound: set for the build only, lifted after it, and NEWSDESK_MEMORY_LIMIT wins when set."""

from __future__ import annotations

import duckdb
import pytest

from pipeline.warehouse.core import MEMORY_LIMIT_ENV, bounded_memory


def _limit(con: duckdb.DuckDBPyConnection) -> str:
    return con.execute("SELECT current_setting('memory_limit')").fetchone()[0]


def test_the_bound_holds_inside_and_is_lifted_after_even_on_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MEMORY_LIMIT_ENV, raising=False)
    con = duckdb.connect()
    unbounded = _limit(con)
    with bounded_memory(con, 512 * 2**20):
        assert _limit(con) == "512.0 MiB"
    assert _limit(con) == unbounded
    with pytest.raises(RuntimeError), bounded_memory(con, 512 * 2**20):
        raise RuntimeError("a model failed")
    assert _limit(con) == unbounded


def test_an_explicit_limit_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MEMORY_LIMIT_ENV, "1GB")
    con = duckdb.connect(config={"memory_limit": "1GB"})
    before = _limit(con)
    with bounded_memory(con, 512 * 2**20):
        assert _limit(con) == before
