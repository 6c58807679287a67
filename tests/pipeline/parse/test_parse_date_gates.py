"""first_date_in skips a date pattern in a window that lacks the cheap pattern every match of it contains: the skip
must never lose a match, whatever the language or form of the date."""

from __future__ import annotations

from datetime import datetime

import pytest

from pipeline.parse import dates
from pipeline.parse.dates import first_date_in

TEXTS = [
    "Опубликовано 9 апреля 2025, 14:05 в разделе Политика",
    "ОБНОВЛЕНО 12 МАЯ 2024 Г. 08:30",
    "Posted on 12th March 2021 at 9:15 pm by staff",
    "7 de mayo de 2019, Madrid",
    "April 9, 2025 10:00 EST",
    "Sept. 3 2018 update",
    "am 14.09.2026 um 12:44 Uhr",
    "14/09/26 and 1/2/26 and 28.09.19 12:44",
    "Stand: 2020.07.03 und 2020/04/17",
    "发布时间 2020年07月03日 10:20",
    "2021-03-12T08:00:00+01:00",
    "12021-05-06 is not a year but 2021-05-06 is",
    "Menu Home News Sport Weather no dates here at all",
    "Copyright 2024 Example Media, all rights reserved",
    "٢٠٢٠-٠٥-٠٦ and ١٢ مارس ٢٠٢٠",
]


@pytest.mark.parametrize("text", TEXTS)
def test_every_match_holds_its_gate(text: str) -> None:
    for pattern, gate in dates._DATE_FORMS:
        for match in pattern.finditer(text):
            assert gate.search(match.group(0)), (pattern.pattern, match.group(0))


def _ungated(text: str) -> datetime | None:
    """first_date_in as it read every window with every pattern."""
    for at in range(0, len(text), dates._WINDOW):
        window = text[at : at + dates._WINDOW + dates._OVERLAP]
        starts = sorted((m.start(), m.end()) for pattern, _ in dates._DATE_FORMS for m in pattern.finditer(window))
        for start, end in starts:
            if start >= dates._WINDOW:
                break
            if parsed := dates.parse_date(window[start : end + 12], datetime(2026, 11, 25)):
                return parsed
    return None


def test_gated_search_finds_what_the_full_search_finds() -> None:
    filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 40
    for text in TEXTS:
        for page in (text, filler + text, filler * 3 + text + filler):
            assert first_date_in(page, datetime(2026, 11, 25)) == _ungated(page)
