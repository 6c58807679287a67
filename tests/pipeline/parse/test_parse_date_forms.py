"""Date forms beyond Russian and English: year-first numbers, CJK, Arabic month names, compact dates in URLs."""

from __future__ import annotations

from datetime import datetime

import pytest

from pipeline.parse import date_from_url, parse_date
from pipeline.parse.dates import first_date_in


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020.07.03", datetime(2020, 7, 3)),
        ("2020/04/17 01:43:09", datetime(2020, 4, 17, 1, 43, 9)),
        ("2020年07月03日", datetime(2020, 7, 3)),
        ("2020年7月3日 17:16", datetime(2020, 7, 3, 17, 16)),
        ("الأربعاء، 07 أكتوبر 2020 - 12:09 م", datetime(2020, 10, 7, 12, 9)),
        ("15 مايو 2021", datetime(2021, 5, 15)),
        ("Четвер, 3 грудня 2026, 14:08", datetime(2026, 12, 3, 14, 8)),
        ("12 січня 2025", datetime(2025, 1, 12)),
        ("1 листопада 2024 о 10:15", datetime(2024, 11, 1, 10, 15)),
    ],
)
def test_visible_forms(text: str, expected: datetime) -> None:
    assert parse_date(text) == expected


def test_year_first_numbers_do_not_read_as_a_clock() -> None:
    """ "2020.07.03" holds "20.07", which must not become 20:07."""
    assert parse_date("2020.07.03") == datetime(2020, 7, 3, 0, 0)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.bund.example/Reden/2003/03/20030331_Rede2.html", datetime(2003, 3, 31)),
        ("https://news.example/world/story-20260701-p60bhj.html", datetime(2026, 7, 1)),
        ("https://web.archive.org/web/20110106023242/http://clan.example/index.php?id=1", None),
        ("https://shop.example/item/120200622120908039/name", None),
    ],
)
def test_compact_dates_in_urls(url: str, expected: datetime | None) -> None:
    assert date_from_url(url) == expected


def test_first_date_far_into_a_long_text() -> None:
    text = "no date in this sentence at all. " * 300 + "Posted on 12 March 2021."
    assert first_date_in(text) == datetime(2021, 3, 12)
    assert first_date_in("no date in this sentence at all. " * 300) is None


def test_short_year_glued_to_the_time_is_not_a_four_digit_year() -> None:
    """Adjacent elements "<span>28.09.19</span><span>12:44</span>" read as "28.09.1912:44"."""
    assert parse_date("28.09.1912:44") == datetime(2019, 9, 28, 12, 44)
    assert parse_date("28.09.2019") == datetime(2019, 9, 28)
