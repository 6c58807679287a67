"""Parse results per page, and the parse rows (with their page) that normalization reads."""

from __future__ import annotations

import duckdb
import polars as pl

from pipeline.warehouse.core import delete_for, insert_frame, retrying, transaction


def save_parsed(
    con: duckdb.DuckDBPyConnection, articles: pl.DataFrame, headlines: pl.DataFrame, errors: pl.DataFrame
) -> None:
    """A page's parse result replaces its previous one, whichever way either went.

    On the lake, parses of different days run at once (under the shared writer lock) and each deletes its pages'
    previous rows from the same tables: DuckLake refuses the second such commit, so a batch that lost is saved again.
    """
    page_ids = pl.concat([articles.select("page_id"), errors.select("page_id")])
    retrying(lambda: _save_parsed(con, page_ids, articles, headlines, errors))


def _save_parsed(
    con: duckdb.DuckDBPyConnection,
    page_ids: pl.DataFrame,
    articles: pl.DataFrame,
    headlines: pl.DataFrame,
    errors: pl.DataFrame,
) -> None:
    with transaction(con):
        delete_for(con, ("parsed_articles", "parsed_headlines", "parse_errors"), "page_id", page_ids)
        insert_frame(con, "parsed_articles", articles)
        insert_frame(con, "parsed_headlines", headlines)
        insert_frame(con, "parse_errors", errors)


def parsed_articles_frame(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every parsed article with its page's source and fetch time: the input of normalization."""
    return con.execute(
        """
        SELECT a.*, p.source, p.final_url, p.fetched_at
        FROM parsed_articles a JOIN pages p USING (page_id)
        """
    ).pl()


def parsed_headlines_frame(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return con.execute(
        """
        SELECT h.*, p.source, p.fetched_at
        FROM parsed_headlines h JOIN pages p USING (page_id)
        """
    ).pl()
