"""One entity id per canonical name across the warehouse.

Inside a document `linking` already gave every mention the fullest name; across documents two things remain:
names no morphology can tie together (curated pairs such as "США" / "Соединенные Штаты") and short names whose
full form lives in another article ("Воронцов" here, "Олег Воронцов" there). The second is settled by the alias
memory: every surface form and lemma ever counted under an entity, with counts, read back from `entity_aliases`.
A short name goes to the entity it was most often counted under; a surname-only entity stored before its full
name appeared is merged into it, so the result does not depend on the order articles arrived in.
"""

from __future__ import annotations

import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from pipeline.entities.mention import Mention, entity_id, name_key

CURATED_PATH = Path(__file__).resolve().parents[1] / "defaults" / "entity_aliases.toml"
KNOWN_SCHEMA = {
    "entity_id": pl.String,
    "canonical": pl.String,
    "type": pl.String,
    "alias": pl.String,
    "mentions": pl.Int64,
}


def load_curated(path: Path | None = None) -> dict[tuple[str, str], str]:
    """(type, name key) → canonical name, for every canonical name and each of its listed aliases."""
    data = tomllib.loads((path or CURATED_PATH).read_text(encoding="utf-8"))
    curated: dict[tuple[str, str], str] = {}
    for type_, names in data.items():
        for canonical, aliases in names.items():
            for alias in [canonical, *aliases]:
                curated[(type_, name_key(alias))] = canonical
    return curated


def apply_curated(mentions: list[Mention], curated: dict[tuple[str, str], str]) -> list[Mention]:
    out = []
    for m in mentions:
        hit = curated.get((m.type, name_key(m.canonical))) or curated.get((m.type, name_key(m.lemma or m.text)))
        out.append(replace(m, canonical=hit) if hit else m)
    return out


def _words(name: str) -> int:
    return len(name_key(name).split())


@dataclass
class AliasIndex:
    """Which canonical name each alias was counted under, and how often."""

    counts: dict[tuple[str, str], Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    stored: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def from_frame(cls, known: pl.DataFrame) -> AliasIndex:
        """`known` has the KNOWN_SCHEMA columns: the warehouse's aliases joined to their entities."""
        index = cls()
        for row in known.iter_rows(named=True):
            index.counts[(row["type"], name_key(row["alias"]))][row["canonical"]] += row["mentions"]
            index.stored[(row["type"], name_key(row["canonical"]))] = row["canonical"]
        return index

    def add(self, mentions: Iterable[Mention]) -> None:
        for m in mentions:
            for alias in {name_key(m.text), name_key(m.lemma or m.text)}:
                self.counts[(m.type, alias)][m.canonical] += 1

    def best(self, type_: str, alias: str) -> str | None:
        """The name `alias` was counted under most; for a person, a fuller name wins over the alias itself, else a
        lone surname seen twice on its own would outvote the one article that names the person in full."""
        counted = self.counts.get((type_, name_key(alias)))
        if not counted:
            return None
        if type_ == "PER":
            counted = Counter({c: n for c, n in counted.items() if _words(c) > _words(alias)}) or counted
        return min(counted.items(), key=lambda item: (-item[1], -_words(item[0]), item[0]))[0]

    def resolve(self, mention: Mention) -> Mention:
        """A name counted elsewhere under a fuller one (a lone surname, an unlinked long form) takes that name."""
        if mention.type == "PER" and _words(mention.canonical) >= 2 and "." not in mention.canonical:
            return mention
        best = self.best(mention.type, mention.canonical)
        if best is None or best == mention.canonical:
            return mention
        if mention.type == "PER" and _words(best) <= _words(mention.canonical):
            return mention
        return replace(mention, canonical=best)

    def upgrades(self) -> dict[str, tuple[str, str, str]]:
        """Stored entities whose name is now counted under another: old id → (new id, new canonical, type)."""
        moved = {}
        for (type_, _), canonical in self.stored.items():
            target = self.resolve(Mention(0, 0, canonical, type_, canonical, canonical)).canonical
            old, new = entity_id(type_, canonical), entity_id(type_, target)
            if old != new:
                moved[old] = (new, target, type_)
        return moved
