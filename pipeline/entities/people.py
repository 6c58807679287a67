"""A person's name as it is counted: first name (or initial) and surname, in the order the text gives them.

natasha's names extractor reorders every name into "first middle last" by guessing roles, which turns foreign names
around ("Карлос Симон" → "Симон Карлос", "Синдзи Харада" → "Харада Синдзи") and drops parts it cannot parse
("Жан-Мари Ле Пен" → "Жан"); it is also the slowest step after the neural models. Here roles come from the
dictionary (pymorphy3's Name/Surn/Patr marks, never its guesses), and the text's order is kept unless the evidence
is clear: "Путин В. В.", "Иванов Иван Иванович" and "Петров Остап" put the surname last.

A patronymic or second initial after a first name is dropped when a surname follows: "Борис Николаевич Ельцин" and
"Борис Ельцин" are one person, and news names him both ways.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Roles = Callable[[str], frozenset[str]]
# Surname-first order without initials or a patronymic is trusted for Russian-made surnames only ("Петров Остап"),
# not for "Карлос Симон", whose first name the dictionary happens to know as a surname.
RUSSIAN_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын|ский|цкий|ова|ева|ёва|ина|ына|ская|цкая)$", re.IGNORECASE)


def is_initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1 and word[:1].isalpha()


def _first_like(word: str, roles: Roles) -> bool:
    return is_initial(word) or "Name" in roles(word)


def _surname_first(words: list[str], roles: Roles) -> bool:
    first, rest = words[0], words[1:]
    if _first_like(first, roles):
        return False
    if all(is_initial(w) for w in rest):
        return True
    if len(rest) == 2 and "Name" in roles(rest[0]) and roles(rest[1]) == {"Patr"}:
        return True
    return (
        len(rest) == 1
        and roles(first) == {"Surn"}
        and roles(rest[0]) == {"Name"}
        and RUSSIAN_SURNAME.search(first) is not None
    )


def person_canonical(words: list[str], roles: Roles) -> str:
    """Canonical name from a person's normalized words (no punctuation, initials with their dots)."""
    if len(words) >= 2 and _surname_first(words, roles):
        words = [*words[1:], words[0]]
    while len(words) >= 3 and _first_like(words[0], roles) and _middle(words[1], roles):
        words = [words[0], *words[2:]]
    return " ".join(words)


def _middle(word: str, roles: Roles) -> bool:
    return is_initial(word) or "Patr" in roles(word)
