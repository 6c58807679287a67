"""Raw import records → parse rows, column at a time, with the reason each bad record is refused.

Dates in the usual ISO 8601 form with an offset are parsed by polars; any other text goes, once per distinct
value, through the parser's own `parse_date`, so an import accepts exactly the dates a crawled page would.
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

from pipeline.normalize import Taxonomy, canonical_urls, matching_key, url_ids
from pipeline.parse.dates import parse_date
from pipeline.warehouse import utc_naive

ISO_WITH_OFFSET = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?[+-]\d{2}:\d{2}$"
ISSUE_SCHEMA = {"record": pl.Int64, "error": pl.String}


def _offset_minutes(text: pl.Expr) -> pl.Expr:
    sign = pl.when(text.str.slice(-6, 1) == "-").then(-1).otherwise(1)
    return (
        sign
        * (text.str.slice(-5, 2).cast(pl.Int32, strict=False) * 60 + text.str.slice(-2, 2).cast(pl.Int32, strict=False))
    ).cast(pl.Int32)


def _slow_dates(values: pl.Series) -> pl.DataFrame:
    """Without a `now`, relative words ("yesterday") are refused: an import has no day they would be relative to."""
    rows = []
    for value in values.drop_nulls().unique():
        moment = parse_date(value)
        offset = moment.utcoffset() if moment else None
        rows.append(
            {
                "text": value,
                "at": utc_naive(moment) if moment else None,
                "offset": int(offset.total_seconds() // 60) if offset is not None else None,
            }
        )
    return pl.DataFrame(rows, schema={"text": pl.String, "at": pl.Datetime("us"), "offset": pl.Int32})


def parse_times(frame: pl.DataFrame, column: str, now: datetime) -> pl.DataFrame:
    """`column` as UTC wall time plus the original offset in minutes (null when the text gave none), and
    `<column>_bad` where a non-empty text is no date (or one after `now`, which is a typo, not news)."""
    text = pl.col(column).str.strip_chars()
    iso = text.str.replace(r"Z$", "+00:00").str.replace(r"^(\d{4}-\d{2}-\d{2}) ", "${1}T")
    fast = frame.select(
        pl.when(iso.str.contains(ISO_WITH_OFFSET))
        .then(iso.str.to_datetime("%Y-%m-%dT%H:%M:%S%.f%:z", strict=False, time_zone="UTC"))
        .dt.replace_time_zone(None)
        .alias("at"),
        _offset_minutes(iso).alias("offset"),
        text.alias("text"),
    ).with_columns(
        pl.when(pl.col("at") <= pl.lit(utc_naive(now))).then(pl.col("at")).alias("at"),
    )
    slow = _slow_dates(fast.filter(pl.col("at").is_null() & (pl.col("text") != ""))["text"])
    resolved = fast.join(slow, on="text", how="left", suffix="_slow", maintain_order="left").select(
        pl.coalesce("at", "at_slow").alias(column),
        pl.when(pl.col("at").is_not_null()).then(pl.col("offset")).otherwise(pl.col("offset_slow")).alias("offset"),
        (
            pl.col("text").is_not_null() & (pl.col("text") != "") & pl.col("at").is_null() & pl.col("at_slow").is_null()
        ).alias(f"{column}_bad"),
    )
    return resolved


def parse_rows(raw: pl.DataFrame, fetched_at: datetime, now: datetime) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(parse rows of the good records, with `record` and `categories`; issues as (record, error))."""
    published = parse_times(raw, "published_at", now)
    updated = parse_times(raw, "updated_at", now)
    canonical = canonical_urls(raw["canonical_url"].fill_null(raw["url"]).alias("canonical_url"))
    frame = raw.with_columns(
        published["published_at"],
        published["offset"].alias("published_offset_minutes"),
        updated["updated_at"],
        canonical,
        pl.Series("published_bad", published["published_at_bad"]),
        pl.Series("updated_bad", updated["updated_at_bad"]),
    )
    error = (
        pl.when(~pl.col("url").fill_null("").str.contains(r"^https?://"))
        .then(pl.lit("no http(s) url"))
        .when(pl.col("canonical_url").is_null())
        .then(pl.lit("invalid url ") + pl.col("url"))
        .when(pl.col("published_bad"))
        .then(pl.format("unparsable published_at '{}'", pl.col("published_at_raw")))
        .when(pl.col("updated_bad"))
        .then(pl.format("unparsable updated_at '{}'", pl.col("updated_at_raw")))
    )
    checked = frame.with_columns(
        raw["published_at"].alias("published_at_raw"), raw["updated_at"].alias("updated_at_raw")
    ).with_columns(error.alias("error"))
    issues = checked.filter(pl.col("error").is_not_null()).select("record", "error")
    good = checked.filter(pl.col("error").is_null())
    rows = good.select(
        "record",
        pl.format("import:{}", pl.col("record").cast(pl.String).str.zfill(12)).alias("page_id"),
        pl.lit(None, pl.String).alias("parser_version"),
        "url",
        "canonical_url",
        "title",
        "lead",
        "body",
        "published_at",
        pl.col("published_offset_minutes").cast(pl.Int32),
        "updated_at",
        pl.col("authors").fill_null([]),
        "rubric",
        pl.col("tags").fill_null([]),
        "language",
        pl.col("source").fill_null("import"),
        pl.col("url").alias("final_url"),
        pl.lit(fetched_at, pl.Datetime("us")).alias("fetched_at"),
        pl.col("categories").fill_null([]),
    )
    return rows, issues


def given_categories(rows: pl.DataFrame, taxonomy: Taxonomy) -> pl.DataFrame:
    """(article_id, category) from each article's newest record's `categories`, through the taxonomy (a name the
    taxonomy does not know is kept as its matching key)."""
    newest = (
        rows.select("record", "categories", url_ids(rows["canonical_url"]).alias("article_id"))
        .filter(pl.col("record") == pl.col("record").max().over("article_id"))
        .explode("categories")
        .drop_nulls("categories")
    )
    names = newest["categories"].unique()
    mapping = {name: taxonomy.category_of(name) or matching_key(name) for name in names}
    return (
        newest.select(
            "article_id", pl.col("categories").replace_strict(mapping, return_dtype=pl.String).alias("category")
        )
        .filter(pl.col("category") != "")
        .unique()
    )
