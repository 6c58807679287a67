"""Incremental model builds: after new articles arrive, rebuild only the days they can change.

A model opts in with a header line such as `-- incremental: by day, lookback 28 days`: its output has a `day` (or
`week`) column, and a row depends only on input rows of the same day and the `lookback` days before it. The runner
then finds the days whose article facts changed since the last build (a fingerprint per publication day over every
base table the topic models read), and for each incremental model deletes the affected days and recomputes them
from inputs narrowed to the days they need: the model's own SQL, with each input that has a `day` column replaced
by that input filtered to those days (rewritten with sqlglot, so the file stays a plain SELECT). A header may also
name base tables without a `day` column to narrow by a timestamp (`narrow articles on published_at`).

An incremental model has no rows after the last publication day (before or after the change), so the days a change
reaches stop there: new articles at the end of the history rebuild their own days, not the 28 days after them.

A model without the header, a model whose SQL changed, or a warehouse with no build state is rebuilt whole.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import duckdb
import sqlglot
from sqlglot import exp

from pipeline.sql_models import SqlModel, run_model
from pipeline.warehouse.core import MODEL_MEMORY_BYTES, bounded_memory

HEADER = re.compile(
    r"^--\s*incremental:\s*by\s+(day|week)(?:\s*,\s*lookback\s+(\d+)\s+days?)?"
    r"((?:\s*,\s*narrow\s+\w+\s+on\s+\w+)*)\s*$",
    re.M | re.I,
)
NARROW = re.compile(r"narrow\s+(\w+)\s+on\s+(\w+)", re.I)

# Every base table the incremental models read, fingerprinted per publication day. A test checks that the models
# read no other base table, so a new input cannot silently escape change detection.
FINGERPRINTED = frozenset(
    {"articles", "article_categories", "article_entities", "entities", "article_topics", "story_clusters"}
)
# Facts are hashed by keys only and dated in one join on the article id's hash (a collision could only date a fact
# on one more day, touching a day too many, never too few): 40% cheaper than a join per table. Entity names are
# not in the facts (joining five million mentions to them cost as much again): a renamed, added or removed entity
# is found by its own fingerprint, and touches the days of the articles that mention it.
DAY_FINGERPRINTS = """
    WITH dated AS (
        SELECT hash(article_id) AS k, CAST(published_at AS DATE) AS day,
               hash(article_id, content_hash, rubric, category, published_at, source, language) AS h
        FROM articles WHERE published_at IS NOT NULL
    ),
    facts AS (
        SELECT hash(article_id) AS k, hash(article_id, category) AS h FROM article_categories
        UNION ALL
        SELECT hash(article_id), hash(article_id, entity_id) FROM article_entities
        UNION ALL
        SELECT hash(article_id), hash(article_id, topic) FROM article_topics
        UNION ALL
        SELECT hash(article_id), hash(article_id, story_id) FROM story_clusters
    ),
    dated_facts AS (
        SELECT day, h FROM dated
        UNION ALL
        SELECT d.day, f.h FROM facts f JOIN dated d USING (k)
    )
    SELECT day, bit_xor(h) AS fingerprint, count(*) AS facts FROM dated_facts GROUP BY day
"""
ENTITY_FINGERPRINTS = "SELECT entity_id, hash(entity_id, canonical) AS fingerprint FROM entities"
STATE_DDL = """
    CREATE TABLE IF NOT EXISTS model_builds (model VARCHAR NOT NULL, sql_hash VARCHAR NOT NULL,
                                             built_at TIMESTAMP NOT NULL);
    CREATE TABLE IF NOT EXISTS day_fingerprints (day DATE NOT NULL, fingerprint UBIGINT NOT NULL,
                                                 facts BIGINT NOT NULL);
    CREATE TABLE IF NOT EXISTS entity_fingerprints (entity_id VARCHAR NOT NULL, fingerprint UBIGINT NOT NULL);
"""
# No keys on the state tables: the lake has none, and both are rewritten whole by `with_state`.
OWN_TABLES = "database_name = current_database()"


@dataclass(frozen=True)
class Incremental:
    """`narrow`: base tables without a `day` column that the model reads row by row, each with the timestamp column
    that dates a row (`narrow articles on published_at`), so a partial build reads only the days it needs."""

    column: str
    lookback: int
    narrow: tuple[tuple[str, str], ...] = ()

    @property
    def width(self) -> int:
        return 7 if self.column == "week" else 1

    def bucket(self, day_sql: str) -> str:
        return f"CAST(date_trunc('week', {day_sql}) AS DATE)" if self.column == "week" else day_sql


def incremental_spec(sql: str) -> Incremental | None:
    match = HEADER.search(sql)
    if not match:
        return None
    narrow = tuple((table, column) for table, column in NARROW.findall(match.group(3)))
    return Incremental(match.group(1).lower(), int(match.group(2) or 0), narrow)


def sql_hash(model: SqlModel) -> str:
    return hashlib.sha1(model.sql.encode("utf-8")).hexdigest()


def narrowed_sql(sql: str, day_tables: dict[str, str]) -> str:
    """The query with every input in `day_tables` (name → the SQL of a row's day) cut to the days in `_input_days`."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    ctes = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
    for table in list(tree.find_all(exp.Table)):
        if table.name in day_tables and table.name not in ctes and isinstance(table.this, exp.Identifier):
            alias = table.alias_or_name
            narrowed = sqlglot.parse_one(
                f"(SELECT * FROM {table.name} WHERE {day_tables[table.name]} IN (SELECT day FROM _input_days)) "
                f"AS {alias}",
                read="duckdb",
            )
            table.replace(narrowed)
    return tree.sql(dialect="duckdb")


def changed_days(con: duckdb.DuckDBPyConnection) -> int:
    """Fill `_touched` with the publication days whose facts differ from the last build; return how many."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE _fingerprints AS {DAY_FINGERPRINTS}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE _entity_fingerprints AS {ENTITY_FINGERPRINTS}")
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _touched AS
        SELECT coalesce(n.day, o.day) AS day
        FROM _fingerprints n FULL JOIN day_fingerprints o ON o.day = n.day
        WHERE n.fingerprint IS DISTINCT FROM o.fingerprint OR n.facts IS DISTINCT FROM o.facts
        UNION
        SELECT CAST(a.published_at AS DATE) FROM articles a JOIN article_entities ae USING (article_id)
        WHERE a.published_at IS NOT NULL AND ae.entity_id IN (
            SELECT coalesce(n.entity_id, o.entity_id)
            FROM _entity_fingerprints n FULL JOIN entity_fingerprints o ON o.entity_id = n.entity_id
            WHERE n.fingerprint IS DISTINCT FROM o.fingerprint
        )
        """
    )
    return con.execute("SELECT count(*) FROM _touched").fetchone()[0]


def run_partial(con: duckdb.DuckDBPyConnection, model: SqlModel, spec: Incremental, day_tables: set[str]) -> int:
    """Recompute the model's rows for the partitions the touched days reach; returns rows rewritten."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _affected AS
        SELECT DISTINCT {spec.bucket("t.day + CAST(k AS INTEGER)")} AS part
        FROM _touched t, range(0, {spec.lookback + 1}) r(k)
        WHERE t.day + CAST(k AS INTEGER) <= (
            SELECT max(day) FROM (SELECT day FROM _fingerprints UNION ALL SELECT day FROM day_fingerprints)
        )
        """
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _input_days AS
        SELECT DISTINCT part + CAST(k AS INTEGER) AS day FROM _affected, range({-spec.lookback}, {spec.width}) r(k)
        """
    )
    days = {name: "day" for name in day_tables} | {name: f"CAST({column} AS DATE)" for name, column in spec.narrow}
    body = narrowed_sql(model.sql.strip().rstrip(";"), days)
    part = spec.column
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f'DELETE FROM "{model.name}" WHERE {part} IN (SELECT part FROM _affected)')
        con.execute(f'INSERT INTO "{model.name}" SELECT * FROM ({body}) WHERE {part} IN (SELECT part FROM _affected)')
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return con.execute(f'SELECT count(*) FROM "{model.name}" WHERE {part} IN (SELECT part FROM _affected)').fetchone()[
        0
    ]


def tables_with_day(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute(
        "SELECT c.table_name FROM duckdb_columns() c JOIN duckdb_tables() t USING (table_oid) "
        f"WHERE c.column_name = 'day' AND t.{OWN_TABLES}"
    ).fetchall()
    return {name for (name,) in rows}


def build_incrementally(
    con: duckdb.DuckDBPyConnection, models: list[SqlModel], full: bool = False
) -> dict[str, tuple[str, int]]:
    """Build every model, incrementally where it may; returns model → (how it was built, rows written)."""
    with bounded_memory(con, MODEL_MEMORY_BYTES):
        con.execute(STATE_DDL)
        built = dict(con.execute("SELECT model, sql_hash FROM model_builds").fetchall())
        touched = changed_days(con)
        # Past half the days, narrowed inputs and deleted partitions cost more than rebuilding (after an upgrade of
        # the fingerprint, every day differs once).
        mostly = touched > con.execute("SELECT count(*) FROM _fingerprints").fetchone()[0] / 2
        existing = {
            name for (name,) in con.execute(f"SELECT table_name FROM duckdb_tables() WHERE {OWN_TABLES}").fetchall()
        }
        report: dict[str, tuple[str, int]] = {}
        for model in models:
            spec = incremental_spec(model.sql)
            can_narrow = (
                not full
                and not mostly
                and spec is not None
                and model.name in existing
                and built.get(model.name) == sql_hash(model)
            )
            if can_narrow and touched == 0:
                report[model.name] = ("unchanged", 0)
            elif can_narrow:
                report[model.name] = ("incremental", run_partial(con, model, spec, tables_with_day(con)))
            else:
                report[model.name] = ("full", run_model(con, model))
        with_state(con, models)
    return report


def with_state(con: duckdb.DuckDBPyConnection, models: list[SqlModel]) -> None:
    """Record what was built from which facts, once every model succeeded."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM day_fingerprints")
        con.execute("INSERT INTO day_fingerprints SELECT day, fingerprint, facts FROM _fingerprints")
        con.execute("DELETE FROM entity_fingerprints")
        con.execute("INSERT INTO entity_fingerprints SELECT entity_id, fingerprint FROM _entity_fingerprints")
        con.execute("DELETE FROM model_builds WHERE model IN (SELECT unnest(?))", [[model.name for model in models]])
        con.executemany(
            "INSERT INTO model_builds VALUES (?, ?, now()::TIMESTAMP)",
            [[model.name, sql_hash(model)] for model in models],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
