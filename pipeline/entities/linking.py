"""Inside one document, every short or inflected mention takes the name of the fullest mention of its entity.

People link by surname and a compatible first name or initial ("Трампа", "Д. Трамп" → "Дональд Трамп"); a lone
first name links only when one person in the text carries it. Organisations link an acronym to the long form whose
initials spell it ("МИД" ↔ "Министерство иностранных дел"), so the article counts one entity, not two.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.entities.mention import Mention, name_key

ACRONYM = re.compile(r"^[A-ZА-ЯЁ]{2,7}$")
FUNCTION_WORDS = frozenset({"и", "по", "в", "на", "для", "при", "of", "and", "the", "for", "de"})


def _tokens(name: str) -> list[str]:
    return name_key(name).split()


def _first_compatible(a: str, b: str) -> bool:
    """ "д." and "дональд" may be one person; "дональд" and "джон" are not."""
    a, b = a.rstrip("."), b.rstrip(".")
    if len(a) == 1 or len(b) == 1:
        return a[:1] == b[:1]
    return a == b


def _fullness(mention: Mention) -> tuple[int, int, int]:
    tokens = _tokens(mention.canonical)
    initials = sum(len(t.rstrip(".")) == 1 for t in tokens)
    return len(tokens), -initials, len(mention.canonical)


def _nearest(mention: Mention, candidates: list[Mention]) -> Mention:
    before = [c for c in candidates if c.start <= mention.start]
    return max(before, key=lambda c: c.start) if before else min(candidates, key=lambda c: c.start)


def _same_surname(a: str, b: str) -> bool:
    """Exact, or an unparsed case ending apart ("исибу" / "исиба", "обамой" / "обама"): natasha's morphology
    guesses on rare names. Only consulted when no surname matches exactly."""
    if a == b:
        return True
    stem = min(len(a), len(b)) - 1
    return abs(len(a) - len(b)) <= 2 and stem >= 4 and a[:stem] == b[:stem]


def _person_target(mention: Mention, full: list[Mention]) -> Mention | None:
    tokens = _tokens(mention.canonical)
    if len(tokens) >= 2:
        same = [f for f in full if _tokens(f.canonical)[-1] == tokens[-1]]
        same = [f for f in same if _first_compatible(_tokens(f.canonical)[0], tokens[0])]
        return max(same, key=_fullness) if same else None
    (token,) = tokens
    by_surname = [f for f in full if _tokens(f.canonical)[-1] == token]
    by_surname = by_surname or [f for f in full if _same_surname(_tokens(f.canonical)[-1], token)]
    candidates = by_surname or [f for f in full if _tokens(f.canonical)[0] == token]
    if not candidates:
        return None
    people = {_tokens(c.canonical)[-1] + " " + _tokens(c.canonical)[0][:1] for c in candidates}
    chosen = _nearest(mention, candidates) if len(people) > 1 else max(candidates, key=_fullness)
    same_person = [c for c in candidates if _tokens(c.canonical)[-1] == _tokens(chosen.canonical)[-1]]
    same_person = [c for c in same_person if _first_compatible(_tokens(c.canonical)[0], _tokens(chosen.canonical)[0])]
    return max(same_person, key=_fullness)


def _retype_surnames(mentions: list[Mention]) -> list[Mention]:
    """A one-word "organisation" or "place" that is the surname of a person named in the text is that person."""
    surnames = {_tokens(m.canonical)[-1] for m in mentions if m.type == "PER" and len(_tokens(m.canonical)) >= 2}
    return [
        replace(m, type="PER")
        if m.type != "PER" and _tokens(m.canonical) == [name_key(m.canonical)] and name_key(m.canonical) in surnames
        else m
        for m in mentions
    ]


def _by_patronymic(mention: Mention, people: list[Mention]) -> Mention | None:
    """ "Борис Николаевич" is the "Борис Николаевич Ельцин" of the same text, if only one person fits."""
    tokens = _tokens(mention.lemma or mention.canonical)
    if len(tokens) != 2:
        return None
    fits = {
        p.canonical
        for p in people
        if len(lemma := _tokens(p.lemma or p.canonical)) >= 3 and lemma[0] == tokens[0] and tokens[1] in lemma[1:-1]
    }
    return next(p for p in people if p.canonical in fits) if len(fits) == 1 else None


def link_people(mentions: list[Mention]) -> list[Mention]:
    mentions = _retype_surnames(mentions)
    people = [m for m in mentions if m.type == "PER"]
    full = [m for m in people if len(_tokens(m.canonical)) >= 2]
    linked = []
    for mention in mentions:
        named = _by_patronymic(mention, people) if mention.type == "PER" else None
        if named is not None:
            linked.append(replace(mention, canonical=named.canonical))
            continue
        target = _person_target(mention, full) if mention.type == "PER" else None
        if target is not None and _fullness(target) > _fullness(mention):
            mention = replace(mention, canonical=target.canonical)
        linked.append(mention)
    return linked


def initials(name: str) -> str:
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.casefold() not in FUNCTION_WORDS]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def link_acronyms(mentions: list[Mention]) -> list[Mention]:
    """An acronym and the long form it abbreviates, in one text, are one organisation counted under the acronym."""
    acronyms = {m.canonical for m in mentions if m.type == "ORG" and ACRONYM.match(m.canonical)}
    if not acronyms:
        return mentions
    linked = []
    for mention in mentions:
        if mention.type == "ORG" and not ACRONYM.match(mention.canonical) and len(mention.canonical.split()) >= 2:
            words = mention.canonical.split()
            spelled = {initials(" ".join(words[:n])) for n in range(2, len(words) + 1)}
            match = sorted(spelled & acronyms)
            if match:
                mention = replace(mention, canonical=match[0])
        linked.append(mention)
    return linked


def link_within_document(mentions: list[Mention]) -> list[Mention]:
    return link_acronyms(link_people(mentions))
