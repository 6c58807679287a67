"""SQL models: one `SELECT` per file in `sql/`, materialized as a table of the file's name.

Dependencies are read from the SQL itself (sqlglot scopes, CTE names excluded), never listed by hand, so adding a
model is adding a file. A file that does not parse is an error, not a model with no dependencies.
"""

from __future__ import annotations

from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import duckdb
import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError
from sqlglot.optimizer.scope import traverse_scope

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"
LAYERS = ("stg_", "int_", "mart_")


class ModelError(ValueError):
    pass


@dataclass(frozen=True)
class SqlModel:
    name: str
    sql: str
    reads: frozenset[str]
    description: str

    @property
    def path_hint(self) -> str:
        return f"sql/{self.name}.sql"


def tables_read(sql: str) -> frozenset[str]:
    """The physical tables a query reads: table references that no CTE of the query defines."""
    try:
        tree = sqlglot.parse_one(sql, read="duckdb")
    except ParseError as exc:
        raise ModelError(str(exc)) from exc
    if not isinstance(tree, exp.Query):
        raise ModelError("a model must be a single SELECT query")
    tables = set()
    for scope in traverse_scope(tree):
        for source in scope.sources.values():
            # A table function such as range(...) is a Table node whose `this` is a call, not a name.
            is_named = isinstance(source, exp.Table) and isinstance(source.this, exp.Identifier)
            if is_named and source.name not in scope.cte_sources:
                tables.add(source.name)
    return frozenset(tables)


def header_comment(sql: str) -> str:
    """The leading `--` comment block: the model's documented grain and meaning."""
    lines = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        lines.append(line[2:].strip())
    return " ".join(lines).strip()


def load_models(folder: Path = SQL_DIR) -> list[SqlModel]:
    """All models in dependency order."""
    models = {}
    for path in sorted(folder.glob("*.sql")):
        if not path.stem.startswith(LAYERS):
            raise ModelError(f"{path.name}: model names start with one of {', '.join(LAYERS)}")
        sql = path.read_text(encoding="utf-8")
        try:
            reads = tables_read(sql)
        except ModelError as exc:
            raise ModelError(f"{path.name}: {exc}") from exc
        models[path.stem] = SqlModel(path.stem, sql, reads, header_comment(sql))
    graph = {name: {t for t in model.reads if t in models} for name, model in models.items()}
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        raise ModelError(f"models depend on each other in a cycle: {exc.args[1]}") from exc
    return [models[name] for name in order]


def run_model(con: duckdb.DuckDBPyConnection, model: SqlModel) -> int:
    """Rebuild the model's table atomically; returns its row count."""
    body = model.sql.strip().rstrip(";")
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f'CREATE OR REPLACE TABLE "{model.name}" AS {body}')
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return con.execute(f'SELECT count(*) FROM "{model.name}"').fetchone()[0]


def run_models(con: duckdb.DuckDBPyConnection, models: list[SqlModel] | None = None) -> dict[str, int]:
    return {model.name: run_model(con, model) for model in (models or load_models())}
