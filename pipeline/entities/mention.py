"""What every NER backend produces, and the keys that decide when two names are the same entity."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.normalize import matching_key
from pipeline.urls import url_id

TYPES = ("PER", "ORG", "LOC")
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
LATIN = re.compile(r"[a-z]", re.IGNORECASE)
QUOTES = re.compile(r"[«»\"“”„'`]")


@dataclass(frozen=True)
class Mention:
    """One span of text; `lemma` is the span's own normal form, `canonical` the name its entity is counted under."""

    start: int
    end: int
    text: str
    type: str
    canonical: str
    lemma: str = ""


def name_key(name: str) -> str:
    """Case, ё, quotes and spacing do not make a different name."""
    return matching_key(QUOTES.sub(" ", name).replace("-", " - ")).replace(" - ", "-")


def entity_id(type_: str, canonical: str) -> str:
    """A person's id ignores the order of the name's words: "Ху Цзиньтао" and "Цзиньтао Ху", "Петров Остап" and
    "Остап Петров" are written both ways in news, and are one person either way."""
    key = name_key(canonical)
    if type_ == "PER":
        key = " ".join(sorted(key.split()))
    return url_id(f"{type_}:{key}")


def detect_script_language(text: str) -> str | None:
    """Cheap routing by alphabet: enough to pick an NER model, not a language identifier."""
    cyrillic, latin = len(CYRILLIC.findall(text)), len(LATIN.findall(text))
    if not cyrillic and not latin:
        return None
    return "ru" if cyrillic >= latin else "en"
