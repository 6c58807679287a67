from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from pipeline.parse import date_from_url, parse_date

NOW = datetime(2026, 9, 20, 12, 0, tzinfo=UTC)
MSK = timezone(timedelta(hours=3))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-09-14T10:05:00+03:00", datetime(2026, 9, 14, 10, 5, tzinfo=MSK)),
        ("2026-09-14T10:05:00.123+0300", datetime(2026, 9, 14, 10, 5, tzinfo=MSK)),
        ("2026-09-14T07:05:00Z", datetime(2026, 9, 14, 7, 5, tzinfo=UTC)),
        ("2026-09-14", datetime(2026, 9, 14)),
        ("2026-09-14 10:05", datetime(2026, 9, 14, 10, 5)),
        ("Mon, 14 Sep 2026 10:05:00 +0300", datetime(2026, 9, 14, 10, 5, tzinfo=MSK)),
        ("9 апреля 2025, 14:05", datetime(2025, 4, 9, 14, 5)),
        ("9 апреля 2025 г.", datetime(2025, 4, 9)),
        ("14:05, 1 мая 2025", datetime(2025, 5, 1, 14, 5)),
        ("3 марта 2024", datetime(2024, 3, 3)),
        ("Опубликовано 21 декабря 2023 в 08:15", datetime(2023, 12, 21, 8, 15)),
        ("April 9, 2025", datetime(2025, 4, 9)),
        ("9 April 2026", datetime(2026, 4, 9)),
        ("Sept 2, 2025 3:05 PM", datetime(2025, 9, 2, 15, 5)),
        ("09.04.2025 14:05", datetime(2025, 4, 9, 14, 5)),
        ("20250409T1142", datetime(2025, 4, 9, 11, 42)),
        ("20250409T114230+0300", datetime(2025, 4, 9, 11, 42, 30, tzinfo=MSK)),
    ],
)
def test_formats(text: str, expected: datetime) -> None:
    assert parse_date(text, now=NOW) == expected


def test_offset_kept_timezone_aware() -> None:
    parsed = parse_date("2026-09-14T10:05:00+03:00", now=NOW)
    assert parsed is not None and parsed.utcoffset() == timedelta(hours=3)


def test_visible_date_is_naive() -> None:
    parsed = parse_date("9 апреля 2025, 14:05", now=NOW)
    assert parsed is not None and parsed.tzinfo is None


def test_yesterday_relative_to_now() -> None:
    assert parse_date("вчера, 14:05", now=NOW) == datetime(2026, 9, 19, 14, 5)
    assert parse_date("Today 08:00", now=NOW) == datetime(2026, 9, 20, 8, 0)


@pytest.mark.parametrize("text", ["2026-09-21T10:00:00+03:00", "25 сентября 2026", "2027-01-01", "October 1, 2026"])
def test_future_dates_are_dropped(text: str) -> None:
    assert parse_date(text, now=NOW) is None


def test_garbage_is_none() -> None:
    assert parse_date("hello world", now=NOW) is None
    assert parse_date("", now=NOW) is None
    assert parse_date("2026-13-45", now=NOW) is None
    assert parse_date("31 февраля 2025", now=NOW) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://x.example/2026/09/14/slug",
        "https://x.example/news/2026-09-14-slug",
        "https://x.example/20260914/a",
    ],
)
def test_url_dates(url: str) -> None:
    assert date_from_url(url, now=NOW) == datetime(2026, 9, 14)


def test_url_without_date_or_in_future() -> None:
    assert date_from_url("https://x.example/news/123456", now=NOW) is None
    assert date_from_url("https://x.example/2030/01/01/slug", now=NOW) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17/03/2020", datetime(2020, 3, 17)),
        ("04/17/2020 10:05", datetime(2020, 4, 17, 10, 5)),
        ("05/03/2020", datetime(2020, 3, 5)),
        ("23.09.22", datetime(2022, 9, 23)),
        ("Stand: 23.09.22, 14:05 Uhr", datetime(2022, 9, 23, 14, 5)),
    ],
)
def test_numeric_dates_with_slashes_and_short_years(text: str, expected: datetime) -> None:
    assert parse_date(text, now=NOW) == expected


@pytest.mark.parametrize("text", ["version 1.2.3.4", "14/09/26", "3.14.15"])
def test_numbers_that_are_not_dates(text: str) -> None:
    assert parse_date(text, now=NOW) is None
