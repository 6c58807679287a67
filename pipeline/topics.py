"""Configured topics: an analyst's keywords matched on lemmas, so one keyword finds every inflected form."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import polars as pl

from pipeline.normalize import DEFAULTS

WORD = re.compile(r"[\w-]+", re.UNICODE)
CYRILLIC_WORD = re.compile(r"^[а-яё-]+$", re.IGNORECASE)


@dataclass(frozen=True)
class Topic:
    name: str
    keywords: tuple[str, ...]


def load_topics(path: Path | None = None) -> list[Topic]:
    data = tomllib.loads((path or DEFAULTS / "topics.toml").read_text(encoding="utf-8"))
    return [Topic(name, tuple(spec.get("keywords", []))) for name, spec in data.get("topics", {}).items()]


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """Russian words by pymorphy3's most likely normal form; others lower-cased with a plural -s removed."""
    lowered = word.lower().replace("ё", "е")
    if CYRILLIC_WORD.match(lowered):
        return _morph().parse(lowered)[0].normal_form.replace("ё", "е")
    if len(lowered) > 3 and lowered.endswith("s") and not lowered.endswith("ss"):
        return lowered[:-1]
    return lowered


def lemmas(text: str) -> list[str]:
    return [lemma(w) for w in WORD.findall(text)]


def match_topics(text: str, topics: list[Topic]) -> dict[str, list[str]]:
    """Topic name → the keywords found; multi-word keywords must appear as consecutive lemmas."""
    padded = " " + " ".join(lemmas(text)) + " "
    found: dict[str, list[str]] = {}
    for topic in topics:
        hits = [k for k in topic.keywords if f" {' '.join(lemmas(k))} " in padded]
        if hits:
            found[topic.name] = hits
    return found


ARTICLE_TOPIC_SCHEMA = {"article_id": pl.String, "topic": pl.String, "matched": pl.List(pl.String)}


def article_topics(articles: pl.DataFrame, topics: list[Topic]) -> pl.DataFrame:
    rows = []
    for article_id, title, lead, body in articles.select("article_id", "title", "lead", "body").iter_rows():
        text = "\n".join(part for part in (title, lead, body) if part)
        for topic, matched in match_topics(text, topics).items():
            rows.append({"article_id": article_id, "topic": topic, "matched": matched})
    return pl.DataFrame(rows, schema=ARTICLE_TOPIC_SCHEMA)
