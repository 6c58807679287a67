"""Archived pages in, parse rows out: the parse stage as data, independent of where the bytes come from."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import polars as pl

from pipeline.parse import PARSER_VERSION, parse_page
from pipeline.records import Article
from pipeline.warehouse import utc_naive


@dataclass(frozen=True)
class PageInput:
    page_id: str
    source: str
    url: str
    content_type: str | None
    body: bytes


@dataclass(frozen=True)
class ParsedBatch:
    articles: pl.DataFrame
    headlines: pl.DataFrame
    errors: pl.DataFrame


PARSED_ARTICLES_SCHEMA = {
    "page_id": pl.String,
    "parser_version": pl.String,
    "url": pl.String,
    "canonical_url": pl.String,
    "title": pl.String,
    "lead": pl.String,
    "body": pl.String,
    "published_at": pl.Datetime("us"),
    "published_offset_minutes": pl.Int32,
    "updated_at": pl.Datetime("us"),
    "authors": pl.List(pl.String),
    "rubric": pl.String,
    "tags": pl.List(pl.String),
    "language": pl.String,
    "access": pl.String,
}
PARSED_HEADLINES_SCHEMA = {
    "page_id": pl.String,
    "position": pl.Int32,
    "title": pl.String,
    "url": pl.String,
    "rubric": pl.String,
}
PARSE_ERRORS_SCHEMA = {
    "page_id": pl.String,
    "source": pl.String,
    "url": pl.String,
    "parser_version": pl.String,
    "error": pl.String,
    "access": pl.String,
}


def parse_pages(pages: Iterable[PageInput]) -> ParsedBatch:
    """Parse each page once for both its article and its rail; a failure becomes an error row, never a gap."""
    articles, headlines, errors = [], [], []
    for page in pages:
        try:
            parsed = parse_page(page.body, page.url)
        except Exception as exc:
            parsed = None
            reason = f"parser crashed: {type(exc).__name__}: {exc}"
        else:
            reason = parsed.error or ("no article found" if parsed.article is None else "")
        if parsed is not None and parsed.article is not None and not parsed.error:
            articles.append(_article_row(page.page_id, parsed.article) | {"access": parsed.access})
        else:
            errors.append(
                {
                    "page_id": page.page_id,
                    "source": page.source,
                    "url": page.url,
                    "parser_version": PARSER_VERSION,
                    "error": reason,
                    "access": parsed.access if parsed is not None else None,
                }
            )
        if parsed is not None:
            headlines.extend(
                {
                    "page_id": page.page_id,
                    "position": h.position,
                    "title": h.title,
                    "url": h.url,
                    "rubric": h.rubric,
                }
                for h in parsed.headlines
            )
    return ParsedBatch(
        pl.DataFrame(articles, schema=PARSED_ARTICLES_SCHEMA),
        pl.DataFrame(headlines, schema=PARSED_HEADLINES_SCHEMA),
        pl.DataFrame(errors, schema=PARSE_ERRORS_SCHEMA),
    )


def _article_row(page_id: str, article: Article) -> dict[str, object]:
    return {
        "page_id": page_id,
        "parser_version": PARSER_VERSION,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "title": article.title,
        "lead": article.lead,
        "body": article.body,
        "published_at": _utc(article.published_at),
        "published_offset_minutes": _offset_minutes(article.published_at),
        "updated_at": _utc(article.updated_at),
        "authors": list(article.authors),
        "rubric": article.rubric,
        "tags": list(article.tags),
        "language": article.language,
    }


def _utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else utc_naive(moment)


def _offset_minutes(moment: datetime | None) -> int | None:
    offset = moment.utcoffset() if moment is not None else None
    return None if offset is None else int(offset.total_seconds() // 60)
