"""Turn a story template and a lexicon into one article's text.

Every random choice goes through the caller's `random.Random`, so the same seed always writes the same site.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime

from pipeline.sample_site.lexicon import Forms, Language, Named, Person, Rubric

CASES = frozenset({"nom", "gen", "dat", "acc", "ins", "prep"})
TITLE_MIN, TITLE_MAX = 40, 110


class Mention:
    """A name that is written in full the first time an article uses it and in short form afterwards.

    Newspapers name a person in full once and by surname later; a generator that always used full names
    would make entity merging look easier than it is. Titles use the short form from the start, as real
    headlines do.
    """

    def __init__(self, full: Forms, short: Forms, *, in_title: bool, extra: dict[str, str] | None = None) -> None:
        self._full = full
        self._short = short
        self._used = in_title
        self._extra = extra or {}

    def __getattr__(self, name: str) -> str:
        if name in CASES:
            forms = self._short if self._used else self._full
            self._used = True
            return getattr(forms, name)
        if name in self._extra:
            return self._extra[name]
        raise AttributeError(name)


@dataclass(frozen=True)
class Text:
    title: str
    lead: str
    paragraphs: tuple[str, ...]
    tags: tuple[str, ...]


def _person_extra(person: Person, lang: Language) -> dict[str, str]:
    role = person.role
    return {
        "v": lang.raw.get("feminine_ending", "") if person.female else "",
        "role": role,
        "Role": role[:1].upper() + role[1:],
        "his": "her" if person.female else "his",
        "he": "she" if person.female else "he",
    }


def _counted(n: int, one: str, few: str, many: str) -> str:
    """Russian number agreement: 1 беспилотник, 2 беспилотника, 5 беспилотников, 21 беспилотник."""
    if n % 10 == 1 and n % 100 != 11:
        word = one
    elif 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        word = few
    else:
        word = many
    return f"{n} {word}"


def _numbers(rng: random.Random, lang: Language, when: datetime) -> dict[str, str]:
    """Values drawn once per article so that the title, lead and body quote the same figures."""
    months = lang.months
    later = (when.month % 12) + 1 if rng.random() < 0.5 else (when.month + 1) % 12 + 1
    values = {key: rng.choice(options) for key, options in lang.values.items()}
    pct_whole, pct_frac = rng.randint(3, 39), rng.randint(1, 9)
    values |= {
        "year": str(rng.randint(2027, 2029)),
        "k": str(rng.randint(5, 20)),
        "k2": str(rng.randint(5, 20)),
        "bn": str(rng.randint(12, 480)),
        "minute": str(rng.randint(5, 88)),
        "round": str(rng.randint(3, 28)),
        "resp": str(rng.randrange(800, 3100, 100)),
        "clock": f"{rng.randint(6, 22)}:{rng.randrange(0, 60, 5):02d}",
    }
    for key, (forms, (low, high)) in lang.raw.get("counted", {}).items():
        values[key] = _counted(rng.randint(low, high), *forms)
    if lang.code == "ru":
        values |= {
            "d": f"{when.day} {months[when.month - 1]}",
            "pct": f"{pct_whole},{pct_frac}",
            "rate": f"{rng.randint(8, 17)}{rng.choice(('', ',5'))}",
            "month_gen": months[later - 1],
            "month_prep": lang.raw["months_prep"][later - 1],
            "month_acc": rng.choice(lang.raw["months_acc"]),
            "score": f"{rng.randint(1, 4)}:{rng.randint(0, 1)}",
        }
    else:
        values |= {
            "d": f"{when.day} {months[when.month - 1]}",
            "pct_en": f"{pct_whole}.{pct_frac}",
            "rate_en": f"{rng.randint(2, 5)}.{rng.choice((0, 25, 5, 75))}",
            "month_en": months[later - 1],
            "score": f"{rng.randint(1, 4)}-{rng.randint(0, 1)}",
        }
    return values


def _context(
    lang: Language,
    person: Person | None,
    org: Named,
    places: tuple[Named, Named],
    values: dict[str, str],
    rival: Forms | None,
    *,
    in_title: bool,
) -> dict[str, object]:
    def mention(named: Named) -> Mention:
        return Mention(named.full, named.short, in_title=in_title)

    context: dict[str, object] = {named.key: mention(named) for named in lang.orgs}
    context |= values
    context |= {"o": context[org.key], "pl": mention(places[0]), "pl2": mention(places[1])}
    if person is not None:
        context["p"] = Mention(person.full, person.surname, in_title=in_title, extra=_person_extra(person, lang))
    if rival is not None:
        context["rival"] = rival
    return context


def _sentence(template: str, context: dict[str, object]) -> str:
    text = template.format(**context)
    return text[:1].upper() + text[1:]


def compose(lang: Language, rubric: Rubric, rng: random.Random, when: datetime, taken: set[str]) -> Text:
    """Write one article; `taken` holds the titles already used so that every title on the site is unique."""
    people = lang.people_for(rubric.name)
    orgs = lang.orgs_for(rubric.name) or lang.orgs
    pool = lang.places_for(rubric.places)
    for _ in range(200):
        story = rng.choice(rubric.stories)
        person = rng.choice(people) if people else None
        org = rng.choice(orgs)
        first, second = rng.sample(pool, 2)
        rival = rng.choice(lang.rivals) if lang.rivals else None
        values = _numbers(rng, lang, when)
        title = _sentence(story.title, _context(lang, person, org, (first, second), values, rival, in_title=True))
        if title not in taken and TITLE_MIN <= len(title) <= TITLE_MAX:
            break
    else:
        raise RuntimeError(f"no unique title left for rubric {rubric.name}")
    taken.add(title)
    context = _context(lang, person, org, (first, second), values, rival, in_title=False)
    lead = _sentence(story.lead, context)
    sentences = [_sentence(template, context) for template in rng.sample(rubric.body, len(rubric.body))]
    count = min(rng.randint(3, 7), len(sentences))
    paragraphs = [sentences.pop(0) for _ in range(count)]
    for index in rng.sample(range(count), min(len(sentences), count // 2)):
        paragraphs[index] = f"{paragraphs[index]} {sentences.pop()}"
    return Text(title, lead, tuple(paragraphs), _tags(lang, rng, [title, lead, *paragraphs], person, org, first))


def _tags(
    lang: Language, rng: random.Random, texts: list[str], person: Person | None, org: Named, place: Named
) -> tuple[str, ...]:
    joined = " ".join(texts).lower()
    topical = [tag for stem, tag in lang.raw["topic_tags"] if stem in joined]
    named = [place.full.nom, org.short.nom] + ([person.full.nom] if person else [])
    count = rng.randint(2, 4)
    return tuple(dict.fromkeys(topical + rng.sample(named, len(named))))[:count]
