"""Nominative forms of the words inside a name, with pymorphy3's dictionary and natasha's morphology tags.

natasha's own normalization accepts a dictionary form only when gender, number and case all agree with its tagger,
and keeps the inflected word otherwise: "Гаваны", "Нидерландов", "Елену Ямпольскую" stay as written. Here the
agreement is graded instead (all three, then case and number, then case), proper-noun readings of the kind the span
is (places for LOC, first names and surnames for PER) win ties, and a word's number is kept, so plural-only names
("Нидерланды", "Химки") come out right. Guessed readings of words the dictionary does not know are trusted only
as far as natasha trusts them; a foreign masculine name left over is declined the regular way ("Камменоса" →
"Камменос"). pymorphy3 needs no `pkg_resources`, unlike the pymorphy2 natasha imports.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

import pymorphy3
from natasha.morph.vocab import ud_feats, ud_pos

INFLECTED = frozenset({"NOUN", "PROPN", "ADJ", "VERB"})
PROPER = {"LOC": {"Geox"}, "PER": {"Name", "Surn", "Patr"}, "ORG": {"Orgn"}}
PERSON_GRAMS = ("Name", "Surn", "Patr")
# Vocative and informal readings ("Лёв", "Джемаль" as forms of "Лёва", "Джемаля") are never what news prints.
RARE = frozenset({"voct", "Infr"})
CONSONANTS = frozenset("бвгджзклмнпрстфхцчшщ")
MASCULINE_ENDINGS = {"Gen": "а", "Acc": "а", "Dat": "у", "Ins": "ом", "Loc": "е"}


class Reading(NamedTuple):
    parse: Any
    pos: str
    feats: dict[str, str]
    grammemes: frozenset[str]
    known: bool


class Morphology:
    """pymorphy3's analyzer with a per-word cache: news repeats the same names all day."""

    def __init__(self) -> None:
        self._analyzer = pymorphy3.MorphAnalyzer()
        self.parse = lru_cache(maxsize=50_000)(self._parse)

    def _parse(self, word: str) -> tuple[Reading, ...]:
        """Readings with UD part of speech and features; a full participle counts as the adjective it acts as."""
        return tuple(
            Reading(
                p,
                "ADJ" if "PRTF" in p.tag else _noun(ud_pos(p.tag)),
                dict(ud_feats(p.tag)),
                frozenset(p.tag.grammemes),
                p.is_known,
            )
            for p in self._analyzer.parse(word)
        )

    def nominative(self, word: str, pos: str, feats: dict[str, str], kind: str) -> str:
        """`word` in the nominative, keeping its number and gender; in its own spelling when no reading fits."""
        if pos not in INFLECTED or feats.get("Case") in (None, "Nom") or word.isupper():
            return word
        lower = word.lower()
        if "-" in lower.strip("-"):
            head, _, tail = lower.rpartition("-")
            whole = self._inflect(lower, pos, feats, kind)
            if whole.count("-") == lower.count("-"):
                return whole
            return f"{head}-{self._inflect(tail, pos, feats, kind)}"
        return self._inflect(lower, pos, feats, kind)

    def _inflect(self, lower: str, pos: str, feats: dict[str, str], kind: str) -> str:
        proper = PROPER.get(kind, set())
        pos = "ADJ" if pos == "VERB" else _noun(pos)
        best, best_key = None, None
        known = False
        for r in self.parse(lower):
            known = known or r.known
            if RARE & r.grammemes or not _pos_fits(r.pos, pos, kind):
                continue
            tier = _agreement(r.feats, feats)
            if r.pos != pos and tier < 3:
                continue
            if not _trusted(tier, r.known, r.grammemes, bool(proper & r.grammemes)):
                continue
            key = (tier, bool(proper & r.grammemes), r.known, r.parse.score)
            if best_key is None or key > best_key:
                best, best_key = r.parse, key
        if best is None:
            return lower if known or pos != "NOUN" else foreign_nominative(lower, feats)
        if "nomn" in best.tag:
            return lower
        inflected = best.inflect({"nomn"})
        return inflected.word if inflected else lower

    def person_roles(self, word: str) -> frozenset[str]:
        """Which of "Name", "Surn", "Patr" the dictionary (not a guess) knows the nominative word as."""
        known = [r.grammemes for r in self.parse(word.lower()) if r.known and "nomn" in r.grammemes]
        return frozenset(g for grammemes in known for g in PERSON_GRAMS if g in grammemes)


def _noun(pos: str) -> str:
    return "NOUN" if pos == "PROPN" else pos


def _pos_fits(parse_pos: str, pos: str, kind: str) -> bool:
    """Same part of speech; a person's name may also decline as an adjective ("Юрию Долгорукому")."""
    return parse_pos == pos or (kind == "PER" and pos == "NOUN" and parse_pos == "ADJ")


def foreign_nominative(word: str, feats: dict[str, str]) -> str:
    """A foreign masculine name the dictionary does not know, declined the regular way ("Камменоса",
    "Райкконена", "Бенрате" → "Камменос", "Райкконен", "Бенрат"): the case ending goes when a consonant is left."""
    if feats.get("Gender") != "Masc" or feats.get("Number") == "Plur":
        return word
    ending = MASCULINE_ENDINGS.get(feats.get("Case", ""))
    if ending is None or not word.endswith(ending):
        return word
    stem = word[: -len(ending)]
    return stem if len(stem) >= 3 and stem[-1] in CONSONANTS else word


def _trusted(tier: int, known: bool, grammemes: set[str], proper: bool) -> bool:
    """Guessed readings of unknown words only with full agreement, as natasha does; dictionary words also with
    case and number, or case alone for plural-only names, or no agreement for a proper name of the span's kind
    (the tagger is often wrong on rare names)."""
    if tier == 3:
        return True
    if not known:
        return False
    return tier == 2 or (tier == 1 and "Pltm" in grammemes) or (tier == 0 and proper)


def _agreement(parse: dict[str, str], tagged: dict[str, str]) -> int:
    """3: gender, number and case agree; 2: number and case; 1: case; 0: none of that."""
    case = tagged.get("Case")
    if case == "Acc" and tagged.get("Animacy") == "Anim" and parse.get("Case") == "Gen":
        case = "Gen"  # an animate noun's accusative is its genitive: the tagger and the dictionary may pick either
    if parse.get("Case") != case:
        return 0
    if parse.get("Number") != tagged.get("Number"):
        return 1
    return 3 if parse.get("Gender") == tagged.get("Gender") else 2


def recover_shape(word: str, source: str) -> str:
    """The source's capitalisation on the normalized word; an acronym keeps its letters ("МИДа" → "МИД")."""
    if word == source.lower()[: len(word)] and source[: len(word)].isupper():
        return source[: len(word)]
    from natasha.shape import recover_shape as natasha_shape

    shaped = natasha_shape(word, source)
    if shaped == word and source[:1].isupper():
        return "-".join(part[:1].upper() + part[1:] for part in word.split("-")) if word.islower() else word
    return shaped
