"""The vocabulary the generator draws from, loaded from `data/<lang>.toml`.

The text lives in TOML rather than in Python so the Russian is plain data, not code to lint, and so a reader
can check every hand-written case form in one place.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).with_name("data")


@dataclass(frozen=True)
class Forms:
    """The six Russian cases of one name; English names repeat one string in every slot."""

    nom: str
    gen: str
    dat: str
    acc: str
    ins: str
    prep: str


@dataclass(frozen=True)
class Person:
    full: Forms
    surname: Forms
    female: bool
    role: str
    rubrics: tuple[str, ...]


@dataclass(frozen=True)
class Named:
    """An organisation or place: `full` on first mention, `short` afterwards (a ministry, then acronym)."""

    key: str
    full: Forms
    short: Forms
    rubrics: tuple[str, ...]


@dataclass(frozen=True)
class Story:
    title: str
    lead: str


@dataclass(frozen=True)
class Rubric:
    """A site section with its own stories; `places` says whether it reports from "home" or "abroad"."""

    name: str
    slug: str
    places: str
    weight: int
    stories: tuple[Story, ...]
    body: tuple[str, ...]


@dataclass(frozen=True)
class Language:
    code: str
    authors: tuple[str, ...]
    photo_credits: tuple[str, ...]
    months: tuple[str, ...]
    values: dict[str, tuple[str, ...]]
    people: tuple[Person, ...]
    orgs: tuple[Named, ...]
    places: tuple[Named, ...]
    rubrics: tuple[Rubric, ...]
    rivals: tuple[Forms, ...]
    raw: dict[str, Any]

    def people_for(self, rubric: str) -> tuple[Person, ...]:
        return tuple(p for p in self.people if rubric in p.rubrics)

    def orgs_for(self, rubric: str) -> tuple[Named, ...]:
        return tuple(o for o in self.orgs if rubric in o.rubrics)

    def places_for(self, where: str) -> tuple[Named, ...]:
        return tuple(p for p in self.places if not p.rubrics or where in p.rubrics)


def _forms(cases: list[str]) -> Forms:
    return Forms(*cases) if len(cases) == 6 else Forms(*(cases[0],) * 6)


def _named(row: dict[str, Any]) -> Named:
    full = _forms(row["full"])
    return Named(row["key"], full, _forms(row["short"]) if "short" in row else full, tuple(row.get("rubrics", ())))


@cache
def load_language(code: str) -> Language:
    with (DATA_DIR / f"{code}.toml").open("rb") as handle:
        raw = tomllib.load(handle)
    return Language(
        code=code,
        authors=tuple(raw["authors"]),
        photo_credits=tuple(raw["photo_credits"]),
        months=tuple(raw.get("months_gen", raw.get("months", ()))),
        values={key: tuple(items) for key, items in raw["values"].items()},
        people=tuple(
            Person(_forms(p["full"]), _forms(p["surname"]), p["female"], p["role"], tuple(p["rubrics"]))
            for p in raw["people"]
        ),
        orgs=tuple(_named(row) for row in raw["orgs"]),
        places=tuple(_named(row) for row in raw["places"]),
        rubrics=tuple(
            Rubric(
                r["name"],
                r["slug"],
                r["places"],
                r["weight"],
                tuple(Story(*s) for s in r["stories"]),
                tuple(r["body"]),
            )
            for r in raw["rubrics"]
        ),
        rivals=tuple(_forms(r) for r in raw.get("rivals", ())),
        raw=raw,
    )
