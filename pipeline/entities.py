"""Named entities, each counted under one canonical name.

Russian goes through natasha (slovnet NER and morphology ship inside the packages, nothing is downloaded). Inside a
document a short person mention ("Трампа") links to the fullest mention that ends in the same surname ("Дональд
Трамп"); across documents the id is a hash of type and canonical name, so re-runs and new articles meet the same ids.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

import polars as pl

from pipeline.normalize import matching_key
from pipeline.urls import url_id

MODEL_VERSION = "natasha-1.6.0/link-1"
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
LATIN = re.compile(r"[a-z]", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    type: str
    canonical: str


def detect_script_language(text: str) -> str | None:
    """Cheap routing by alphabet: enough to pick an NER model, not a language identifier."""
    cyrillic, latin = len(CYRILLIC.findall(text)), len(LATIN.findall(text))
    if not cyrillic and not latin:
        return None
    return "ru" if cyrillic >= latin else "en"


class RussianNer:
    """natasha's models, loaded once on first use (about a second) and reused for every document."""

    @cached_property
    def _models(self) -> tuple:
        from natasha import (
            MorphVocab,
            NamesExtractor,
            NewsEmbedding,
            NewsMorphTagger,
            NewsNERTagger,
            Segmenter,
        )

        embedding = NewsEmbedding()
        vocab = MorphVocab()
        return Segmenter(), NewsNERTagger(embedding), NewsMorphTagger(embedding), vocab, NamesExtractor(vocab)

    def mentions(self, text: str) -> list[Mention]:
        from natasha import Doc

        segmenter, ner, morph, vocab, names = self._models
        doc = Doc(text)
        doc.segment(segmenter)
        doc.tag_ner(ner)
        doc.tag_morph(morph)
        raw = []
        for span in doc.spans:
            span.normalize(vocab)
            name = span.normal or span.text
            if span.type == "PER":
                span.extract_fact(names)
                name = _person_name(span.fact.as_dict if span.fact else {}, name)
            raw.append(Mention(span.start, span.stop, span.text, span.type, name))
        return link_within_document(raw)

    def normalizes(self) -> bool:
        """True when lemmatization really works: natasha's morphology fails silently without pkg_resources."""
        return [m.canonical for m in self.mentions("Встреча с Дональдом Трампом прошла в Японии.")] == [
            "Дональд Трамп",
            "Япония",
        ]


def _person_name(fact: dict[str, str], fallback: str) -> str:
    parts = [fact.get("first"), fact.get("middle"), fact.get("last")]
    joined = " ".join(p for p in parts if p)
    return joined or fallback


def link_within_document(mentions: list[Mention]) -> list[Mention]:
    """Give short person mentions the canonical name of the fullest mention with the same surname."""
    fullest: dict[str, str] = {}
    for mention in mentions:
        if mention.type == "PER":
            surname = matching_key(mention.canonical.split()[-1])
            if len(mention.canonical.split()) > len(fullest.get(surname, "").split()):
                fullest[surname] = mention.canonical
    linked = []
    for mention in mentions:
        canonical = mention.canonical
        if mention.type == "PER":
            canonical = fullest.get(matching_key(canonical.split()[-1]), canonical)
        linked.append(Mention(mention.start, mention.end, mention.text, mention.type, canonical))
    return linked


class EntityExtractor:
    """Routes each text to the model for its language; languages without a model yield no mentions."""

    def __init__(self) -> None:
        self.russian = RussianNer()

    def mentions(self, text: str, language: str | None = None) -> list[Mention]:
        language = language or detect_script_language(text)
        return self.russian.mentions(text) if language == "ru" else []


def entity_id(type_: str, canonical: str) -> str:
    return url_id(f"{type_}:{matching_key(canonical)}")


ENTITY_SCHEMA = {"entity_id": pl.String, "canonical": pl.String, "type": pl.String}
ARTICLE_ENTITY_SCHEMA = {
    "article_id": pl.String,
    "entity_id": pl.String,
    "mentions": pl.Int32,
    "first_offset": pl.Int32,
    "in_title": pl.Boolean,
}
MENTION_SCHEMA = {
    "article_id": pl.String,
    "entity_id": pl.String,
    "start_offset": pl.Int32,
    "end_offset": pl.Int32,
    "text": pl.String,
}


@dataclass(frozen=True)
class EntityRows:
    entities: pl.DataFrame
    article_entities: pl.DataFrame
    mentions: pl.DataFrame


def entity_rows(article_mentions: dict[str, tuple[int, list[Mention]]]) -> EntityRows:
    """Tables from mentions; `article_mentions` maps article id to (title length, mentions in title+body text)."""
    entities: dict[str, tuple[str, str]] = {}
    per_article: list[dict[str, object]] = []
    mention_rows: list[dict[str, object]] = []
    for article_id, (title_length, mentions) in article_mentions.items():
        grouped: dict[str, list[Mention]] = defaultdict(list)
        for mention in mentions:
            key = entity_id(mention.type, mention.canonical)
            entities.setdefault(key, (mention.canonical, mention.type))
            grouped[key].append(mention)
            mention_rows.append(
                {
                    "article_id": article_id,
                    "entity_id": key,
                    "start_offset": mention.start,
                    "end_offset": mention.end,
                    "text": mention.text,
                }
            )
        for key, group in grouped.items():
            per_article.append(
                {
                    "article_id": article_id,
                    "entity_id": key,
                    "mentions": len(group),
                    "first_offset": min(m.start for m in group),
                    "in_title": any(m.start < title_length for m in group),
                }
            )
    return EntityRows(
        pl.DataFrame(
            [{"entity_id": k, "canonical": c, "type": t} for k, (c, t) in entities.items()],
            schema=ENTITY_SCHEMA,
        ),
        pl.DataFrame(per_article, schema=ARTICLE_ENTITY_SCHEMA),
        pl.DataFrame(mention_rows, schema=MENTION_SCHEMA),
    )


def article_text(title: str | None, body: str | None) -> tuple[int, str]:
    """The text NER reads, and the length of its title part (mentions before it are in the title)."""
    title = title or ""
    return len(title), f"{title}\n\n{body or ''}"
