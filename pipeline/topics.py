"""Configured topics: an analyst's definition of a subject by keywords, entity names and rubrics.

Keywords match on lemmas, so one keyword finds every inflected form ("санкция" finds "санкций", "санкциями").
Only words that share a keyword's first letters are lemmatized: inflection changes Russian endings, not
beginnings, so this skips almost every word of a text at the cost of suppletive forms ("люди" for "человек"),
which make poor topic keywords anyway.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import polars as pl

from pipeline.normalize import DEFAULTS, matching_key

WORD = re.compile(r"[\w-]+", re.UNICODE)
CYRILLIC_WORD = re.compile(r"^[а-яё-]+$", re.IGNORECASE)
PREFIX = 4


class TopicsError(ValueError):
    pass


@dataclass(frozen=True)
class Topic:
    name: str
    keywords: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    rubrics: tuple[str, ...] = ()


def load_topics(path: Path | None = None) -> list[Topic]:
    source = path or DEFAULTS / "topics.toml"
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TopicsError(f"cannot read topics file {source}: {exc}") from exc
    topics = []
    for name, spec in data.get("topics", {}).items():
        topic = Topic(
            name,
            tuple(spec.get("keywords", [])),
            tuple(spec.get("entities", [])),
            tuple(spec.get("rubrics", [])),
        )
        if not (topic.keywords or topic.entities or topic.rubrics):
            raise TopicsError(f"{source}: topic {name!r} has no keywords, entities or rubrics")
        topics.append(topic)
    return topics


def rules_version(topics: Iterable[Topic]) -> str:
    """Changes when any keyword changes, so keyword matches are redone exactly when they could differ."""
    keywords = sorted((t.name, k) for t in topics for k in t.keywords)
    return hashlib.sha1(json.dumps(keywords, ensure_ascii=False).encode()).hexdigest()[:12]


def topic_rules(topics: Iterable[Topic]) -> pl.DataFrame:
    """Entity and rubric rules as rows, matched in SQL against the warehouse's canonical names and rubrics."""
    rows = [
        {"topic": t.name, "rule_kind": kind, "value": value, "match_key": matching_key(value)}
        for t in topics
        for kind, values in (("entity", t.entities), ("rubric", t.rubrics))
        for value in values
    ]
    schema = {"topic": pl.String, "rule_kind": pl.String, "value": pl.String, "match_key": pl.String}
    return pl.DataFrame(rows, schema=schema)


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


class KeywordMatcher:
    """Finds the configured keywords in texts, lemmatizing only the words that could start one."""

    def __init__(self, topics: Iterable[Topic]) -> None:
        self.phrases: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        for topic in topics:
            for keyword in topic.keywords:
                self.phrases.setdefault(tuple(lemmas(keyword)), []).append((topic.name, keyword))
        self.prefixes = {phrase[0][:PREFIX] for phrase in self.phrases if phrase}

    def matches(self, text: str) -> dict[str, list[str]]:
        """Topic name → the keywords found, in configuration order."""
        words = [w.lower().replace("ё", "е") for w in WORD.findall(text)]
        found: dict[str, list[str]] = {}
        for start, word in enumerate(words):
            if word[:PREFIX] not in self.prefixes:
                continue
            for phrase, hits in self.phrases.items():
                if tuple(lemma(w) for w in words[start : start + len(phrase)]) == phrase:
                    for topic, keyword in hits:
                        if keyword not in found.setdefault(topic, []):
                            found[topic].append(keyword)
        return found


def match_topics(text: str, topics: list[Topic]) -> dict[str, list[str]]:
    return KeywordMatcher(topics).matches(text)


KEYWORD_MATCH_SCHEMA = {"article_id": pl.String, "topic": pl.String, "keyword": pl.String}


def keyword_matches(articles: pl.DataFrame, matcher: KeywordMatcher) -> pl.DataFrame:
    """One row per (article, topic, keyword) found in the article's title, lead or body."""
    rows = []
    for article_id, title, lead, body in articles.select("article_id", "title", "lead", "body").iter_rows():
        text = "\n".join(part for part in (title, lead, body) if part)
        for topic, keywords in matcher.matches(text).items():
            rows.extend({"article_id": article_id, "topic": topic, "keyword": k} for k in keywords)
    return pl.DataFrame(rows, schema=KEYWORD_MATCH_SCHEMA)
