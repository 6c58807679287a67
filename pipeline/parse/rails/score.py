"""How close a detected rail is to a hand-checked one, summed over pages so a corpus gets one set of figures.

Items are matched on their title (case and spacing aside), because the title is what a reader sees; a matched
item then counts towards rubric and URL accuracy when those agree too. A missed rubric on a found headline is a
rubric error, not a recall error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pipeline.records import Headline


def _key(text: str | None) -> str | None:
    return " ".join(text.casefold().split()) if text else None


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


@dataclass(frozen=True)
class RailScore:
    expected: int = 0
    predicted: int = 0
    matched: int = 0
    rubric_correct: int = 0
    url_correct: int = 0

    def __add__(self, other: RailScore) -> RailScore:
        return RailScore(
            self.expected + other.expected,
            self.predicted + other.predicted,
            self.matched + other.matched,
            self.rubric_correct + other.rubric_correct,
            self.url_correct + other.url_correct,
        )

    @property
    def precision(self) -> float:
        return _ratio(self.matched, self.predicted)

    @property
    def recall(self) -> float:
        return _ratio(self.matched, self.expected)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def rubric_accuracy(self) -> float:
        return _ratio(self.rubric_correct, self.matched)

    @property
    def url_accuracy(self) -> float:
        return _ratio(self.url_correct, self.matched)


def score_rail(expected: Iterable[Headline], predicted: Iterable[Headline]) -> RailScore:
    expected, predicted = list(expected), list(predicted)
    waiting: dict[str | None, list[Headline]] = {}
    for item in expected:
        waiting.setdefault(_key(item.title), []).append(item)
    matched = rubrics = urls = 0
    for item in predicted:
        candidates = waiting.get(_key(item.title))
        if not candidates:
            continue
        gold = candidates.pop(0)
        matched += 1
        rubrics += _key(gold.rubric) == _key(item.rubric)
        urls += gold.url == item.url
    return RailScore(len(expected), len(predicted), matched, rubrics, urls)


def headlines_from_rows(rows: Iterable[Mapping[str, str | None]]) -> list[Headline]:
    """Rows as `newsdesk extract` prints them (rubric, title, url), numbered in order."""
    return [
        Headline(title=row["title"] or "", url=row.get("url"), rubric=row.get("rubric"), position=position)
        for position, row in enumerate(rows, start=1)
    ]
