"""Warehouse rows from mentions: entities, per-article counts and the mentions themselves."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import polars as pl

from pipeline.entities.aliases import AliasIndex
from pipeline.entities.mention import Mention, entity_id

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
    "lemma": pl.String,
    "in_title": pl.Boolean,
}
MERGE_SCHEMA = {"old_id": pl.String, "new_id": pl.String, "canonical": pl.String}


@dataclass(frozen=True)
class EntityRows:
    entities: pl.DataFrame
    article_entities: pl.DataFrame
    mentions: pl.DataFrame
    merges: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=MERGE_SCHEMA))


def entity_rows(article_mentions: dict[str, tuple[int, list[Mention]]], known: AliasIndex | None = None) -> EntityRows:
    """Tables from mentions; `article_mentions` maps article id to (title length, mentions in title+body text).

    `known` is the warehouse's alias memory: short names resolve against it and this batch together, and stored
    entities that now resolve to a fuller name come back as `merges`.
    """
    index = known or AliasIndex()
    index.add(m for _, mentions in article_mentions.values() for m in mentions)
    entities: dict[str, tuple[str, str]] = {}
    per_article: list[dict[str, object]] = []
    mention_rows: list[dict[str, object]] = []
    for article_id, (title_length, mentions) in article_mentions.items():
        grouped: dict[str, list[Mention]] = defaultdict(list)
        for mention in map(index.resolve, mentions):
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
                    "lemma": mention.lemma or mention.text,
                    "in_title": mention.start < title_length,
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
    merges = []
    for old, (new, canonical, type_) in index.upgrades().items():
        merges.append({"old_id": old, "new_id": new, "canonical": canonical})
        entities.setdefault(new, (canonical, type_))
    return EntityRows(
        pl.DataFrame(
            [{"entity_id": k, "canonical": c, "type": t} for k, (c, t) in entities.items()],
            schema=ENTITY_SCHEMA,
        ),
        pl.DataFrame(per_article, schema=ARTICLE_ENTITY_SCHEMA),
        pl.DataFrame(mention_rows, schema=MENTION_SCHEMA),
        pl.DataFrame(merges, schema=MERGE_SCHEMA),
    )


def article_text(title: str | None, body: str | None) -> tuple[int, str]:
    """The text NER reads, and the length of its title part (mentions before it are in the title)."""
    title = title or ""
    return len(title), f"{title}\n\n{body or ''}"
