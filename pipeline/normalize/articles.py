"""Parse rows in, warehouse rows out: one row per article (canonical URL), rail headlines, categories.

Pure functions of data frames, so the same code serves a crawl, a re-parse and an import.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from pipeline.normalize.taxonomy import Taxonomy
from pipeline.normalize.text import clean_authors, clean_text, language_code, matching_key, sha1_hex, text_key
from pipeline.normalize.urls import canonical_urls, url_ids
from pipeline.schema import ARTICLE_COLUMNS


def _elementwise(function: Callable[[pl.Series], pl.Series]) -> dict[str, Any]:
    return {"function": function, "return_dtype": pl.String, "is_elementwise": True}


def clean_articles(parsed: pl.DataFrame | pl.LazyFrame, taxonomy: Taxonomy) -> pl.DataFrame:
    """Every parse row cleaned, with its article id, content hash and category; rows without a usable URL dropped.

    Lazy and streamed: the text columns go through a dozen string kernels, and streaming keeps only a morsel of
    each intermediate in memory instead of a full copy of every body per step."""
    return (
        parsed.lazy()
        .with_columns(
            clean_text("title"),
            clean_text("lead"),
            clean_text("body", keep_paragraphs=True),
            clean_text("rubric"),
            clean_authors(),
            pl.col("tags").list.eval(pl.element().str.strip_chars().filter(pl.element().str.len_bytes() > 0)),
            language_code(),
            pl.coalesce("canonical_url", "final_url")
            .map_batches(**_elementwise(canonical_urls))
            .alias("canonical_url"),
        )
        .with_columns(
            pl.col("tags").list.unique(maintain_order=True),
            pl.col("canonical_url").map_batches(**_elementwise(url_ids)).alias("article_id"),
            text_key("title", "body").map_batches(**_elementwise(sha1_hex)).alias("content_hash"),
            pl.col("rubric").map_batches(**_elementwise(taxonomy.categories)).alias("category"),
        )
        .filter(pl.col("article_id").is_not_null())
        .collect(engine="streaming")
    )


def normalize_articles(parsed: pl.DataFrame | pl.LazyFrame, taxonomy: Taxonomy) -> pl.DataFrame:
    """One row per canonical URL: the newest fetch wins (ties: the greater page_id), first_seen/last_seen span all
    fetches.

    `parsed` is parse rows joined with their page (source, final_url, fetched_at)."""
    cleaned = clean_articles(parsed, taxonomy)
    if cleaned["article_id"].is_unique().all():
        # The usual import chunk: every URL once, so no row moves (gathering gigabytes of text costs seconds).
        seen = pl.col("fetched_at")
        return cleaned.with_columns(
            seen.alias("first_seen"), seen.alias("last_seen"), pl.col("final_url").alias("url")
        )[list(ARTICLE_COLUMNS)]
    winners = (
        cleaned.select("article_id", "fetched_at", "page_id")
        .with_row_index("row")
        .group_by("article_id")
        .agg(
            pl.col("row").sort_by("fetched_at", "page_id").last(),
            pl.col("fetched_at").min().alias("first_seen"),
            pl.col("fetched_at").max().alias("last_seen"),
        )
        .sort("article_id")
    )
    newest = cleaned.drop("url", "article_id")[winners["row"]]
    return (
        pl.concat([winners.drop("row"), newest], how="horizontal").rename({"final_url": "url"}).select(ARTICLE_COLUMNS)
    )


def article_categories(articles: pl.DataFrame) -> pl.DataFrame:
    return (
        articles.filter(pl.col("category").is_not_null()).select("article_id", "category").unique().sort("article_id")
    )


def normalize_headlines(parsed: pl.DataFrame, taxonomy: Taxonomy) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Distinct (source, headline URL) with first/last seen and fetch count, plus every sighting's position.

    `parsed` is parsed_headlines joined with their page (source, fetched_at).
    """
    cleaned = parsed.with_columns(
        clean_text("title"),
        clean_text("rubric"),
        pl.col("url").map_batches(**_elementwise(canonical_urls)),
    ).filter(pl.col("title").is_not_null())
    cleaned = cleaned.with_columns(
        pl.concat_str(
            pl.col("source"),
            pl.coalesce("url", pl.col("title").map_elements(matching_key, return_dtype=pl.String)),
            separator=" ",
        )
        .map_batches(**_elementwise(lambda s: sha1_hex(s, 16)))
        .alias("headline_id"),
    )
    sightings = (
        cleaned.select("page_id", "headline_id", "position", pl.col("fetched_at").alias("seen_at"))
        .unique(["page_id", "position"])
        .sort(["page_id", "position"])
    )
    ordered = cleaned.sort(["fetched_at", "page_id", "position"])
    latest = ordered.unique("headline_id", keep="last", maintain_order=True).drop("rubric")
    # A headline keeps the newest rubric any rail gave it: the same story may sit unlabelled in a "Most read" list.
    spans = ordered.group_by("headline_id").agg(
        pl.col("fetched_at").min().alias("first_seen"),
        pl.col("fetched_at").max().alias("last_seen"),
        pl.col("page_id").n_unique().cast(pl.Int64).alias("times_seen"),
        pl.col("rubric").drop_nulls().last(),
    )
    headlines = latest.join(spans, on="headline_id")
    headlines = headlines.with_columns(taxonomy.categories(headlines["rubric"])).select(
        "headline_id", "source", "url", "title", "rubric", "category", "first_seen", "last_seen", "times_seen"
    )
    return headlines.sort("headline_id"), sightings
