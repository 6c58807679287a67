"""An imported file's rows, staged chunk by chunk as Parquet files and written once, in the file's one transaction.

Staging is what makes one transaction per file possible: an article whose URL comes back in a later chunk (an
updated copy) would otherwise be deleted and inserted again within the transaction, which DuckDB refuses once the
transaction's rows have spilled to disk ("duplicate key"). The final write sees each article once, the newest copy.

The stage is a folder of Parquet files, not temporary tables: DuckDB keeps temporary tables in memory, which was
7.5 GB for a million articles, while the final INSERT streams from Parquet in bounded memory. Staging needs no
transaction, so the file's transaction is open only while it is written.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from pipeline.warehouse.articles import replace_categories_from, upsert_articles_from, upsert_signatures_from
from pipeline.warehouse.core import merge_frame

STAGED = ("articles", "categories", "signatures")


@dataclass
class Staging:
    """Where one file's chunks wait: a Parquet file per chunk and kind, and the bad records (few) in memory."""

    folder: Path
    chunks: int = 0
    errors: list[pl.DataFrame] = field(default_factory=list)

    def files(self, kind: str) -> str:
        return "'" + str(self.folder / f"{kind}-*.parquet").replace("'", "''") + "'"


@contextmanager
def staging() -> Iterator[Staging]:
    with tempfile.TemporaryDirectory(prefix="newsdesk-import-") as folder:
        yield Staging(Path(folder))


def stage_chunk(
    staged: Staging,
    articles: pl.DataFrame,
    article_categories: pl.DataFrame,
    signatures: pl.DataFrame,
    errors: pl.DataFrame,
) -> None:
    """One chunk's rows, numbered so that later chunks win. lz4: the files live for one import, so writing fast
    matters more than their size."""
    for kind, frame in zip(STAGED, (articles, article_categories, signatures), strict=True):
        frame.with_columns(pl.lit(staged.chunks).alias("chunk")).write_parquet(
            staged.folder / f"{kind}-{staged.chunks:06d}.parquet", compression="lz4", statistics=False
        )
    staged.errors.append(errors)
    staged.chunks += 1


def load_staged(con: duckdb.DuckDBPyConnection, staged: Staging) -> None:
    """Each staged article once, from the last chunk it appeared in, with the seen span of all its copies, and the
    file's bad records keyed by (file, record); call inside the file's transaction."""
    if staged.errors:
        merge_frame(con, "import_errors", pl.concat(staged.errors), ("file", "record"))
    if not staged.chunks:
        return
    articles, categories, signatures = (staged.files(kind) for kind in STAGED)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _newest AS
        SELECT article_id, max(chunk) AS chunk, min(first_seen) AS first_seen, max(last_seen) AS last_seen
        FROM read_parquet({articles}) GROUP BY article_id
        """
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP VIEW _final_articles AS
        SELECT a.* EXCLUDE (chunk) REPLACE (n.first_seen AS first_seen, n.last_seen AS last_seen)
        FROM read_parquet({articles}) a JOIN _newest n USING (article_id, chunk)
        """
    )
    con.execute(
        "CREATE OR REPLACE TEMP VIEW _final_categories AS SELECT c.article_id, c.category "
        f"FROM read_parquet({categories}) c JOIN _newest n USING (article_id, chunk)"
    )
    con.execute(
        "CREATE OR REPLACE TEMP VIEW _final_signatures AS SELECT s.* EXCLUDE (chunk) "
        f"FROM read_parquet({signatures}) s JOIN _newest n USING (article_id, chunk)"
    )
    upsert_articles_from(con, "_final_articles")
    replace_categories_from(con, "_newest", "_final_categories")
    upsert_signatures_from(con, "_final_signatures")
    for view in ("_final_articles", "_final_categories", "_final_signatures"):
        con.execute(f"DROP VIEW {view}")
    con.execute("DROP TABLE _newest")
