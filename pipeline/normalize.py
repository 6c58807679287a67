"""Parse rows in, warehouse rows out, with polars: clean Unicode, UTC times, one row per article, categories.

Everything here is a pure function of data frames, so the same code serves a crawl, a re-parse and an import.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline.schema import ARTICLE_COLUMNS
from pipeline.urls import canonicalize_url, url_id

DEFAULTS = Path(__file__).parent / "defaults"
INVISIBLE = "[\u00ad\u200b\u200c\u200d\u2060\ufeff]"


@dataclass(frozen=True)
class Taxonomy:
    """Rubric synonyms → category; keys are case- and ё-insensitive."""

    labels: dict[str, str]
    rubric_to_category: dict[str, str]

    def frame(self) -> pl.DataFrame:
        rubrics: dict[str, list[str]] = {c: [] for c in self.labels}
        for rubric, category in self.rubric_to_category.items():
            rubrics[category].append(rubric)
        return pl.DataFrame(
            {
                "category": list(self.labels),
                "label": list(self.labels.values()),
                "rubrics": list(rubrics.values()),
            },
            schema={"category": pl.String, "label": pl.String, "rubrics": pl.List(pl.String)},
        )


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    data = tomllib.loads((path or DEFAULTS / "taxonomy.toml").read_text(encoding="utf-8"))
    labels, mapping = {}, {}
    for category, spec in data["categories"].items():
        labels[category] = spec.get("label", category)
        for rubric in spec.get("rubrics", []):
            mapping[matching_key(rubric)] = category
    return Taxonomy(labels, mapping)


def matching_key(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


def clean_text(column: str, keep_paragraphs: bool = False) -> pl.Expr:
    """NFC, no invisible characters, straight spacing; paragraph breaks survive in bodies."""
    expr = pl.col(column).str.normalize("NFC").str.replace_all(INVISIBLE, "").str.replace_all("\u00a0", " ")
    if keep_paragraphs:
        expr = expr.str.replace_all(r"[ \t]+", " ").str.replace_all(r" *\n *", "\n").str.replace_all(r"\n{3,}", "\n\n")
    else:
        expr = expr.str.replace_all(r"\s+", " ")
    expr = expr.str.strip_chars()
    return pl.when(expr.str.len_chars() > 0).then(expr).otherwise(None).alias(column)


def _canonical(url: str | None) -> str | None:
    return canonicalize_url(url) if url else None


def _category_expr(taxonomy: Taxonomy) -> pl.Expr:
    keys = pl.col("rubric").map_elements(matching_key, return_dtype=pl.String)
    return keys.replace_strict(taxonomy.rubric_to_category, default=None, return_dtype=pl.String).alias("category")


def normalize_articles(parsed: pl.DataFrame, taxonomy: Taxonomy) -> pl.DataFrame:
    """One row per canonical URL: the newest fetch wins, first_seen/last_seen span all fetches.

    `parsed` is parse rows joined with their page (source, final_url, fetched_at).
    """
    cleaned = parsed.with_columns(
        clean_text("title"),
        clean_text("lead"),
        clean_text("body", keep_paragraphs=True),
        clean_text("rubric"),
        pl.col("authors").list.eval(pl.element().str.strip_chars()).list.unique(maintain_order=True),
        pl.col("tags").list.eval(pl.element().str.strip_chars()).list.unique(maintain_order=True),
        pl.col("language").str.to_lowercase().str.slice(0, 2),
        pl.coalesce("canonical_url", "final_url")
        .map_elements(_canonical, return_dtype=pl.String)
        .alias("canonical_url"),
    ).with_columns(
        pl.col("canonical_url").map_elements(url_id, return_dtype=pl.String).alias("article_id"),
        pl.concat_str(pl.col("title").fill_null(""), pl.col("body").fill_null(""), separator="\n")
        .map_elements(_content_hash, return_dtype=pl.String)
        .alias("content_hash"),
        _category_expr(taxonomy),
    )
    seen = cleaned.group_by("article_id").agg(
        pl.col("fetched_at").min().alias("first_seen"), pl.col("fetched_at").max().alias("last_seen")
    )
    newest = cleaned.sort(["fetched_at", "page_id"]).unique("article_id", keep="last", maintain_order=True)
    return (
        newest.join(seen, on="article_id")
        .drop("url")
        .rename({"final_url": "url"})
        .select(ARTICLE_COLUMNS)
        .sort("article_id")
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
        pl.col("url").map_elements(_canonical, return_dtype=pl.String).alias("url"),
    ).filter(pl.col("title").is_not_null())
    cleaned = cleaned.with_columns(
        pl.concat_str(pl.col("source"), pl.coalesce("url", pl.col("title").map_elements(matching_key)), separator=" ")
        .map_elements(url_id, return_dtype=pl.String)
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
    headlines = (
        latest.join(spans, on="headline_id")
        .with_columns(_category_expr(taxonomy))
        .select(
            "headline_id",
            "source",
            "url",
            "title",
            "rubric",
            "category",
            "first_seen",
            "last_seen",
            "times_seen",
        )
        .sort("headline_id")
    )
    return headlines, sightings


def unknown_rubrics(articles: pl.DataFrame, headlines: pl.DataFrame) -> pl.DataFrame:
    """Rubrics the taxonomy does not know, with how often they occur, so an analyst can extend the taxonomy."""

    def count(frame: pl.DataFrame, name: str) -> pl.DataFrame:
        return (
            frame.filter(pl.col("rubric").is_not_null() & pl.col("category").is_null())
            .group_by("rubric")
            .agg(pl.len().cast(pl.Int64).alias(name))
        )

    return (
        count(articles, "articles")
        .join(count(headlines, "headlines"), on="rubric", how="full", coalesce=True)
        .fill_null(0)
        .sort("rubric")
    )


def _content_hash(text: str) -> str:
    return hashlib.sha1(matching_key(text).encode("utf-8")).hexdigest()
