"""Publication dates in the forms news pages actually use: machine (ISO 8601, RFC 2822), visible, in the URL.

Times stay naive when the page gives no offset: inventing one would shift every Moscow article by three hours.
A date later than `now` is a parsing mistake (an event date, a typo), so it is dropped, never returned.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

_RU_MONTHS = (
    ("янв", 1),
    ("фев", 2),
    ("мар", 3),
    ("апр", 4),
    ("мая", 5),
    ("май", 5),
    ("июн", 6),
    ("июл", 7),
    ("авг", 8),
    ("сен", 9),
    ("окт", 10),
    ("ноя", 11),
    ("дек", 12),
    # Ukrainian, as Ukrainian-language sites print it ("3 грудня 2026").
    ("січ", 1),
    ("лют", 2),
    ("берез", 3),
    ("квіт", 4),
    ("трав", 5),
    ("черв", 6),
    ("лип", 7),
    ("серп", 8),
    ("верес", 9),
    ("жовт", 10),
    ("листоп", 11),
    ("груд", 12),
)
_EN_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# Other languages' month names seen on news pages (German, French, Spanish, Italian, Dutch, Portuguese, Polish),
# matched by prefix like the Russian ones; English keeps exact names because "mar" or "jun" alone are words.
_OTHER_MONTHS = (
    ("jän", 1), ("janv", 1), ("ener", 1), ("genn", 1), ("janu", 1), ("stycz", 1), ("janei", 1),
    ("feb", 2), ("févr", 2), ("fevr", 2), ("lut", 2), ("fever", 2),
    ("märz", 3), ("mars", 3), ("marz", 3), ("mart", 3), ("maart", 3), ("marzo", 3), ("marc", 3),
    ("avr", 4), ("abr", 4), ("apr", 4), ("kwie", 4),
    ("mai", 5), ("mayo", 5), ("magg", 5), ("maj", 5), ("mei", 5), ("maio", 5),
    ("juin", 6), ("juni", 6), ("junio", 6), ("giugno", 6), ("czerw", 6), ("junho", 6),
    ("juil", 7), ("juli", 7), ("julio", 7), ("lugl", 7), ("lip", 7), ("julho", 7),
    ("août", 8), ("aout", 8), ("agos", 8), ("sierp", 8), ("augus", 8),
    ("sept", 9), ("septi", 9), ("sett", 9), ("wrze", 9), ("setem", 9),
    ("okt", 10), ("oct", 10), ("ott", 10), ("paźd", 10), ("outu", 10),
    ("nov", 11), ("list", 11),
    ("dez", 12), ("déc", 12), ("dec", 12), ("dic", 12), ("grud", 12),
    # Arabic, as Egyptian and Levantine sites write it, with and without the hamza.
    ("يناير", 1), ("فبراير", 2), ("مارس", 3), ("أبريل", 4), ("ابريل", 4), ("إبريل", 4), ("مايو", 5), ("يونيو", 6),
    ("يوليو", 7), ("أغسطس", 8), ("اغسطس", 8), ("سبتمبر", 9), ("أكتوبر", 10), ("اكتوبر", 10), ("نوفمبر", 11),
    ("ديسمبر", 12),
)  # fmt: skip
# The field names pages print before a date ("Veröffentlicht am", "Stand:", "Обновлено:"), in the crawl's languages.
DATE_FIELD = (
    r"(?:published|posted|last updated|updated|veröffentlicht|aktualisiert|stand|publié|mis à jour|publicado"
    r"|actualizado|atualizado|pubblicato|aggiornato|gepubliceerd|aangepast|bijgewerkt|opublikowano|zaktualizowano"
    r"|опубликовано|обновлено|опубліковано|оновлено)"
)
_EN_MONTHS = {name: i for i, full in enumerate(_EN_NAMES, start=1) for name in (full, full[:3])} | {"sept": 9}
# "14:05", "2.30 pm", and the Japanese and Korean "19時42分", "15시 07분".
_TIME = (
    r"(?P<hour>\d{1,2})(?:[:.]|\s*[時시]\s*)(?P<minute>\d{2})[分분]?(?::(?P<second>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?"
)
_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?",
    re.I,
)
# Cyrillic month names, Ukrainian letters (і, ї, є, ґ) included.
_RU_DATE = re.compile(
    r"(?P<day>\d{1,2})\s+(?P<month>[\u0430-\u044f\u0451\u0454\u0456\u0457\u0491]{3,9})\.?\s+(?P<year>\d{4})", re.I
)
_EN_DMY = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th|\.)?\s+(?:de\s+)?(?P<month>[^\W\d_]{3,10})\.?,?\s+(?:de\s+)?(?P<year>\d{4})",
    re.I,
)
_EN_MDY = re.compile(r"\b(?P<month>[a-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})", re.I)
# 14.09.2026, 14/09/2026, and the short 14.09.26 of German and Russian datelines (dots only: "1/2/26" is a fraction
# as often as a date). Slashes read day first, as everywhere but the US, unless the first number cannot be a month.
# A short year glued to the time by adjacent elements ("<span>28.09.19</span><span>12:44</span>") is not 1912.
_NUMERIC = re.compile(
    r"(?<![\d.])(?P<day>\d{1,2})(?P<sep>[./])(?P<month>\d{1,2})(?P=sep)"
    r"(?P<year>\d{4}(?!\d|:\d)|\d{2}(?=\d{1,2}:\d{2})|\d{2}(?![\d.]))"
)
# Year first: 2020.07.03 and 2020/04/17 (East Asian and Scandinavian pages), 2020年07月03日 (Chinese, Japanese).
_YMD = re.compile(
    r"(?<![\d.])(?P<year>(?:19|20)\d{2})(?:(?P<sep>[./])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?![\d])"
    r"|\s*年\s*(?P<cmonth>\d{1,2})\s*月\s*(?P<cday>\d{1,2})\s*日)"
)
_CLOCK = re.compile(_TIME, re.I)
_RELATIVE = re.compile(r"\b(сегодня|вчера|today|yesterday)\b", re.I)
# /2026/09/14/, /2026-9-14-slug, and 20260914 standing alone in a path ("/20030331_Rede2.html"), never inside a
# longer number (an archive's 14-digit timestamp, an article id).
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$)|(?<=[/_-])((?:19|20)\d{2})(\d{2})(\d{2})(?=[/_.-])"
)
_LATEST_ZONE = timezone(timedelta(hours=14))
# first_date_in reads text in windows this long, overlapping by the longest date with its clock time.
_WINDOW = 2000
_OVERLAP = 60
# Each date pattern with a much cheaper one that every match of it contains: most windows of a page's text hold no
# date, and the date patterns cost the regex engine a full match attempt at every character.
_SPACED_YEAR = re.compile(r"\s\d\d\d\d")
_DATE_FORMS = (
    (_RU_DATE, _SPACED_YEAR),
    (_EN_DMY, _SPACED_YEAR),
    (_EN_MDY, _SPACED_YEAR),
    (_NUMERIC, re.compile(r"\d[./]\d")),
    (_YMD, re.compile(r"(?:19|20)\d\d")),
    (_ISO, re.compile(r"\d-\d\d-\d")),
)
_GATES = frozenset(gate for _, gate in _DATE_FORMS)


def _ru_month(word: str) -> int | None:
    word = word.lower()
    return next((number for stem, number in _RU_MONTHS if word.startswith(stem)), None)


def _en_month(word: str) -> int | None:
    word = word.lower()
    return _EN_MONTHS.get(word) or next((number for stem, number in _OTHER_MONTHS if word.startswith(stem)), None)


def _offset(text: str | None) -> timezone | None:
    if not text:
        return None
    if text.upper() == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))


def _iso(text: str) -> datetime | None:
    match = _ISO.search(text)
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    return datetime(
        int(year),
        int(month),
        int(day),
        int(hour or 0),
        int(minute or 0),
        int(second or 0),
        tzinfo=_offset(zone),
    )


# ISO 8601's basic format, as a whole meta value: "20250409T1142" (RIA's article:published_time), "20250409T114200Z".
_ISO_BASIC = re.compile(r"((?:19|20)\d{2})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{2}:?\d{2})?", re.I)


def _iso_basic(text: str) -> datetime | None:
    match = _ISO_BASIC.fullmatch(text)
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0), tzinfo=_offset(zone))


def _rfc2822(text: str) -> datetime | None:
    if not re.search(r"\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}", text):
        return None
    try:
        return parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        return None


def _clock(text: str) -> tuple[int, int, int]:
    match = _CLOCK.search(text)
    if not match:
        return 0, 0, 0
    hour = int(match["hour"]) % 24
    if match["ampm"]:
        hour = hour % 12 + (12 if match["ampm"].lower().startswith("p") else 0)
    return hour, int(match["minute"]), int(match["second"] or 0)


def _visible_day(text: str) -> date | None:
    for pattern, month_of in ((_RU_DATE, _ru_month), (_EN_DMY, _en_month), (_EN_MDY, _en_month)):
        for match in pattern.finditer(text):
            month = month_of(match["month"])
            if month:
                return date(int(match["year"]), month, int(match["day"]))
    if ymd := _YMD.search(text):
        return date(int(ymd["year"]), int(ymd["month"] or ymd["cmonth"]), int(ymd["day"] or ymd["cday"]))
    numeric = _NUMERIC.search(text)
    if not numeric or (len(numeric["year"]) == 2 and numeric["sep"] == "/"):
        return None
    day, month, year = int(numeric["day"]), int(numeric["month"]), int(numeric["year"])
    if numeric["sep"] == "/" and month > 12 >= day:
        day, month = month, day
    return date(year + 2000 if year < 100 else year, month, day)


def _relative_day(text: str, now: datetime | None) -> date | None:
    match = _RELATIVE.search(text)
    if not match or now is None:
        return None
    back = 1 if match.group(1).lower() in ("вчера", "yesterday") else 0
    return now.date() - timedelta(days=back)


def _visible(text: str, now: datetime | None) -> datetime | None:
    day = _visible_day(text) or _relative_day(text, now)
    if day is None:
        return None
    rest = _RU_DATE.sub(" ", text) if _RU_DATE.search(text) else text
    hour, minute, second = _clock(_NUMERIC.sub(" ", _YMD.sub(" ", rest)))
    return datetime(day.year, day.month, day.day, hour, minute, second)


def _not_future(value: datetime | None, now: datetime | None) -> datetime | None:
    """Naive times are compared with the latest wall clock on Earth, because their zone is unknown."""
    if value is None:
        return None
    now = now or datetime.now(UTC)
    if value.tzinfo is not None:
        reference = now if now.tzinfo is not None else now.replace(tzinfo=UTC)
        return value if value <= reference else None
    wall = now.astimezone(_LATEST_ZONE).replace(tzinfo=None) if now.tzinfo is not None else now
    return value if value <= wall else None


def parse_date(text: str | None, now: datetime | None = None) -> datetime | None:
    """Read one date from a meta value or a visible dateline; None when nothing plausible is there."""
    if not text or len(text) > 300:
        return None
    text = text.strip()
    for reader in (_iso, _iso_basic, _rfc2822):
        try:
            value = reader(text)
        except ValueError:
            value = None
        if value is not None:
            return _not_future(value, now)
    try:
        return _not_future(_visible(text, now), now)
    except ValueError:
        return None


def first_date_in(text: str, now: datetime | None = None) -> datetime | None:
    """The earliest plausible visible date in a stretch of page text, with the clock time right after it.

    The text is read a window at a time, so a long page whose date is near the top costs one window."""
    for at in range(0, len(text), _WINDOW):
        window = text[at : at + _WINDOW + _OVERLAP]
        present = {gate: gate.search(window) is not None for gate in _GATES}
        starts = sorted(
            (match.start(), match.end())
            for pattern, gate in _DATE_FORMS
            if present[gate]
            for match in pattern.finditer(window)
        )
        for start, end in starts:
            if start >= _WINDOW:
                break
            if parsed := parse_date(window[start : end + 12], now):
                return parsed
    return None


def date_from_url(url: str | None, now: datetime | None = None) -> datetime | None:
    """News URLs such as /2026/09/14/slug carry the day even when the page hides it."""
    match = _URL_DATE.search(url or "")
    if not match:
        return None
    year, month, day = (int(g) for g in (match.groups()[:3] if match.group(1) else match.groups()[3:]))
    try:
        return _not_future(datetime(year, month, day), now)
    except ValueError:
        return None
