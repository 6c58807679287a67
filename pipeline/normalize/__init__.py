"""Normalization with polars: clean Unicode and spacing, UTC times, one row per article, categories, stories.

Everything here is a pure function of data frames, so the same code serves a crawl, a re-parse and an import.
"""

from pipeline.normalize.articles import article_categories, clean_articles, normalize_articles, normalize_headlines
from pipeline.normalize.stories import METHOD as SIGNATURE_METHOD
from pipeline.normalize.stories import signatures, story_clusters
from pipeline.normalize.taxonomy import DEFAULTS, Taxonomy, load_taxonomy
from pipeline.normalize.text import clean_authors, clean_text, language_code, matching_key, sha1_hex, text_key
from pipeline.normalize.urls import canonical_urls, url_ids

__all__ = [
    "DEFAULTS",
    "SIGNATURE_METHOD",
    "Taxonomy",
    "article_categories",
    "canonical_urls",
    "clean_articles",
    "clean_authors",
    "clean_text",
    "language_code",
    "load_taxonomy",
    "matching_key",
    "normalize_articles",
    "normalize_headlines",
    "sha1_hex",
    "signatures",
    "story_clusters",
    "text_key",
    "url_ids",
]
