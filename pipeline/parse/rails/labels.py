"""Telling a rubric from the other short texts a rail item carries: times, ages, counters, bylines, badges.

A rail item's short texts are mostly metadata; only a label that is none of the known kinds of metadata is a
rubric. Each pattern below names one kind, in Russian and English, so a new site's "5 мин. назад" or "3 hrs ago"
is dropped for what it is rather than half-stripped into a fake rubric.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.parse.bylines import is_russian_name
from pipeline.parse.dates import DATE_FIELD
from pipeline.parse.text import CJK

MAX_RUBRIC_CHARS = 40
CJK_HEADLINE = 10
_SENTENCE_WORDS = 4
# Zero-padded or dotted ("01 Политика", "3. Sport"): "10 Jahre PlusBus" is a label's own number.
_RANK = re.compile(r"^(?:0\d|\d{1,2}\.)\s+(?=[A-ZА-ЯЁ])")
# Russian, Ukrainian and English first; German, French and Spanish month names too, as news rails carry dates in
# every language.
_MONTHS = (
    r"(?:янв|фев|мар|апр|ма[йя]|июн|июл|авг|сен|окт|ноя|дек)[а-яё]*\.?"
    r"|(?:січ|лют|берез|квіт|трав|черв|лип|серп|верес|жовт|листоп|груд)[а-яіїєґ]*\.?"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
    r"|(?:januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|juillet|août"
    r"|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre"
    r"|noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre)"
)
_WEEKDAYS = (
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|понедельник|вторник|среда|среду|четверг|пятница"
    r"|пятницу|суббота|субботу|воскресенье|(?:mon|tue|tues|wed|thu|thurs|fri|sat|sun|пн|вт|ср|чт|пт|сб|вс)\.?,?(?=\s+\d)"
)
_UNITS = (
    r"s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|wk|weeks?|мин|минут[аы]?|ч|час|часа|часов"
    r"|сек|секунд[аы]?|дн|дня|дней|день|нед|недел[июь]"
    r"|sekunden?|minuten?|std|stunden?|tagen?|wochen?|monaten?|heures?|jours?|semaines?|mois|horas?|días?|semanas?"
    r"|minutos?|months?|mos?|years?|yrs?|monate?n?|jahren?|jam|menit|detik|hari|minggu|bulan"
)
# A reading time ("2 мин чтения", "1 min read", "3 Min. Lesezeit", "Lesezeit: 3 Min."): before the ages below, which
# would take its number and unit and leave "чтения" standing as a label.
_READING_TIME = (
    r"\b\d{1,3}\s*(?:мин(?:ут[аы]?)?|min(?:ute)?s?|minuten|minutos?|minuti)\.?\s+(?:на\s+)?(?:чтени[ея]|read|reading"
    r"|lesezeit|lesedauer|de lecture|de lectura|di lettura|czytania|leestijd|de leitura)\b"
    r"|\b(?:время чтения|чтение|reading time|lesezeit|lesedauer|temps de lecture)\s*:?\s*\d{1,3}\s*\w+\.?"
)
_TIME_PARTS = re.compile(
    rf"{_READING_TIME}|(?:\b(?:в|at|on)\s+)?\b\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s+(?:ET|CT|MT|PT)\b)?(?:\s*น\.)?(?!\d)"
    rf"|\b\d{{1,4}}[./-]\d{{1,2}}[./-]\d{{2,4}}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th|\.)?\s+(?:de\s+)?(?:{_MONTHS})(?:,?\s+(?:de\s+)?\d{{4}})?(?:\s*(?:г\.|года?))?"
    rf"|\b(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|~?\b\d+\s*(?:{_UNITS})\b\.?(?:\s*(?:ago|назад|lalu))?"
    r"|قبل\s+\d+\s*\S+"
    # "7日前", "3小时前", "5분 전": ages in Japanese, Chinese and Korean.
    r"|\d+\s*(?:分|分钟|時間|小时|日|天|週間|周|か月|ヶ月|个月|年)前|\d+\s*(?:초|분|시간|일|주|개월|년)\s*전"
    rf"|\b(?:an?|one)\s+(?:{_UNITS})\s+(?:ago|назад)"
    rf"|\b(?:vor|il y a|hace|há)\s+(?:\d+|einer?|une?|um|uma|un)\s+(?:{_UNITS})\b"
    rf"|\b(?:{_WEEKDAYS})"
    r"|\b(?:gmt|utc|bst|cet|cest|msk|мск|est|edt|pst)\b"
    r"|\b(?:today|yesterday|just now|updated|сегодня|вчера|только что|обновлено|ago|назад|heute|gestern"
    r"|aujourd'hui|hier|hoy|ayer)\b",
    re.I,
)
# "48,2 тыс. просмотров", "1.2k views", "15 comments", "и ещё 51 источник": counters, not sections.
_COUNTER = re.compile(
    r"(?:(?:и\s+)?ещё|(?:и\s+)?еще|and|\+)?\s*[\d\s.,]*\d[\d\s.,]*(?:k|m|тыс\.?|млн\.?)?\s*(?:more\s+)?"
    r"(?:views?|reads?|shares?|likes?|comments?|replies|sources?|photos?|pictures|images|фото|снимк\w*"
    r"|просмотр\w*|прочтени\w*|коммент\w*|отзыв\w*"
    r"|лайк\w*|источник\w*|kommentar\w*|quellen|comentario\w*|commentaire\w*|comment[oi]|fuentes)?",
    re.I,
)
_BYLINE = re.compile(
    r"(?:(?:written|reviewed|medically reviewed|fact checked|edited)\s+)?(?:by|от|автор\w*|текст|фото|photo|video"
    r"|видео|von|par|por)\s*:?\s+\S",
    re.I,
)
# "Veröffentlicht am 2. Oktober 2015", "Published", "Опубликовано": the field name of a date, whatever the date left.
_DATE_FIELD = re.compile(rf"{DATE_FIELD}\b", re.I)
# A month in a language without a pattern here still reads as a date when a year follows it ("lipanj, 2020").
_WORD_AND_YEAR = re.compile(r"[^\W\d_]+,\s*(?:19|20)\d{2}")
# A story line the item belongs to ("Сюжет: Бюджет-2027"), which runs across sections: not the item's section.
_STORY_LINE = re.compile(r"(?:сюжет|тема|story|dossier|thema|sujet)\s*:", re.I)
# Paywall badges: "ABO+", "Z+", "SZ Plus", "WELTplus".
_PLUS_BADGE = re.compile(r"\w{0,6}\s?(?:\+|plus|premium)", re.I)
# Icon-font ligatures ("play_circle_outline", "arrow_forward") render as an icon, not as words.
_ICON_LIGATURE = re.compile(r"[a-z]+(?:_[a-z]+)+")
# The registry number Russian law puts on every advertisement ("erid: 2SDnjcKvH7x"), with or without its advertiser.
_AD_MARK = re.compile(r"(?:.*,\s*)?erid\s*:", re.I)
# Japanese media badges: "動画あり" (with video), "図解あり" (with a chart).
_WITH_MEDIA = re.compile(r"\w{1,6}あり")
# Prices and shares: a shop teaser's "zzgl. MwSt (21%)" or "€ 19,99" labels a product, not a section; a picture's
# credit ("© Bundesrat | Frank Bräuer") its photographer.
_MONEY = re.compile(r"[%€$£₽¥©]|\d\s*(?:CHF|руб)")
# Ad markers and calls to action sit in rail slots but label the slot or the button, not the story.
_NOT_RUBRICS = frozenset(
    {
        "реклама",
        "advertisement",
        "ad",
        "ads",
        "sponsored",
        "sponsored content",
        "paid content",
        "partner content",
        "advertorial",
        "promoted",
        "партнерский материал",
        "на правах рекламы",
        "read",
        "read more",
        "more",
        "continue reading",
        "подробнее",
        "читать",
        "читать далее",
        "далее",
        "lesen",
        "weiterlesen",
        "mehr",
        "mehr lesen",
        "weiter",
        "lire la suite",
        "leer más",
        "leggi tutto",
        "leggi di più",
        "continua a leggere",
        "czytaj dalej",
        "czytaj więcej",
        "lees meer",
        "leia mais",
        "читати далі",
        "детальніше",
        "läs mer",
        "les mer",
        "læs mere",
        "devamını oku",
        "nessun commento",
        "no comments",
        "keine kommentare",
        "sin comentarios",
        "aucun commentaire",
        "нет комментариев",
        "ещё",
        "еще",
        "link zum artikel",
        "zum artikel",
        "read the rest",
        "learn more",
        "zurück",
        "back",
        "undo",
        "pdf",
        "read in english",
        "now playing next",
        "versandkosten",
        "kontakt",
        "find out more",
        "mehr erfahren",
        "en savoir plus",
        "узнать больше",
        "keep reading",
        "now playing",
        "watch",
        "listen",
        "к записи",
        "übersicht",
        "betrifft",
        "next",
        "previous",
        # Badges on the teaser ("new", paid-content markers) rather than its section.
        "new",
        "neu",
        "nouveau",
        "nuevo",
        "plus",
        "premium",
        "pro",
        # A live page's badge; a kicker that says only "Live" or "Exclusive" is the item's label and stays.
        "live updates",
        "live update",
        "breaking news",
        "срочно",
        "молния",
        "онлайн",
        # Ad markers in the other languages of the corpora.
        "anzeige",
        "werbung",
        "ad feature",
        "publicidad",
        "patrocinado",
        "post patrocinado",
        "contenido patrocinado",
        "publicité",
        "sponsorisé",
        "anzahl der kommentare",
        "number of comments",
        # Field names of a "name: value" item layout, left standing when the value is a byline or a date.
        "author",
        "autor",
        "автор",
        "date",
        "datum",
        "дата",
        "source",
        "quelle",
        "источник",
    }
)
_EDGE = " ,.;:!|·•\u2014\u2013-/\\\u00a0\u2022\u203a>\u2026\u25ba\u25b6\u25bc\u2192\u279c\u2794\u276f"
_WRAPPERS = ("()", "[]", "{}", "«»", '""', "“”")
_CSS_RULE = re.compile(r"[^\s{}]*\{[^{}]*\}")
_GLUED_CLOCK = re.compile(r"(?<=[^\W\d_])(?=\d{1,2}:\d{2}\b)")
_ARCHIVE_COUNT = re.compile(r"\s*\(\d+\)\s*$")
# A month's name alone, as a blog archive lists it; only whole names, since "Markets" begins like "Mar".
_MONTH_ONLY = re.compile(
    r"(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?|january|february|march|april|may|june|july|august"
    r"|september|october|november|december|январ[ьяе]|феврал[ьяе]|марта?|апрел[ьяе]|ма[йя]|июн[ьяе]|июл[ьяе]"
    r"|августа?|сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе]|januar|februar|märz|mai|juni|juli|oktober|dezember",
    re.I,
)
_LEADING_CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}\s+(?=\S)")
# A match's result ("Sparta Praha 2:1 Slavia Praha", "ЦСКА 2–1", "17 ATL 24 Final", "LSU 61 MTU 58"), once times
# and dates are taken out: a version ("GeForce 512.77") or a year ("Schlägertest 2021: 17 Rackets") is no score.
_RESULT = re.compile(r"\b\d{1,3}\s*[:–—-]\s*\d{1,3}\b")
_SCORE = re.compile(rf"{_RESULT.pattern}|\b\d{{1,3}}\s+\S+\s+\d{{1,3}}\b")
_SCORE_WORDS = 7
_PAIRING = re.compile(r"\S+(?:\s\S+)?\s+(?:vs\.?|v\.?|–|—|-)\s+\S+(?:\s\S+)?", re.I)
_MATCH_TITLE_WORDS = 5


def is_headline_text(text: str) -> bool:
    """Four words or 25 characters, more letters than digits (a quote is no headline: "S&P 500 5,842.13 +0.41%"); in
    Chinese, Japanese and Korean, where a word is a few characters and spaces are rare, ten characters ("円相場
    一時1ドル=158円台に下落")."""
    if len(text) > 300:
        return False
    if not (len(text) >= 25 or len(text.split()) >= 4 or (len(text) >= CJK_HEADLINE and CJK.search(text) is not None)):
        return False
    # Letters are counted only for the few texts a quarter digits: every link of every page comes through here.
    digits = sum(map(str.isdigit, text))
    return digits * 4 <= len(text) or digits <= sum(map(str.isalpha, text))


# What kind of item it is ("ФОТО", "Video"): a badge beside a section's label, the label where there is no other.
_MEDIA_BADGES = frozenset(
    {"фото", "видео", "фоторепортаж", "photo", "photos", "video", "videos", "foto", "fotos", "vídeo", "vídeos", "відео"}
)


def is_media_badge(text: str) -> bool:
    return text.strip("+()[] ").casefold() in _MEDIA_BADGES


def is_scoreline(text: str) -> bool:
    """A few words around two numbers: a scoreboard's line, which links to a match page and reads as no headline.
    Chinese, Japanese and Korean headlines are a few "words" by spaces, so word counts say nothing there."""
    # Taking times out only removes matches, so the costly pass runs on the few texts that match before it.
    if len(text.split()) > _SCORE_WORDS or _SCORE.search(text) is None or CJK.search(text) is not None:
        return False
    return _SCORE.search(_TIME_PARTS.sub(" ", text)) is not None


def is_match_card(text: str, title: str) -> bool:
    """A match's card in a feed of stories ("LaLiga · J28 Final Real Betis 2 - 1 Sevilla", "21:00 Osasuna vs
    Girona"): a score or a pairing, and no headline-long title among its fields."""
    if len(title.split()) > _MATCH_TITLE_WORDS or not any(map(str.isdigit, text)):
        return False
    if _RESULT.search(text) is not None and _RESULT.search(_TIME_PARTS.sub(" ", text)) is not None:
        return True
    return (
        _PAIRING.search(title) is not None
        and _PAIRING.fullmatch(" ".join(_TIME_PARTS.sub(" ", title).split())) is not None
    )


def label(text: str, title: str = "") -> str | None:
    """The rubric a short text names, or None when it is metadata; "Политика, 12:30" keeps "Политика"."""
    if not text or text == title or len(text) > 2 * MAX_RUBRIC_CHARS:
        return None
    return _label(text)


@lru_cache(maxsize=4096)
def _label(text: str) -> str | None:
    """A rail repeats its rubrics and its times item after item: each distinct text is read once."""
    stripped = text.strip()
    # A sentence ("Магнитная буря может начаться в ночь на воскресенье.") is a teaser's summary, not a label.
    if stripped.endswith(".") and len(_TIME_PARTS.sub(" ", stripped).split()) >= _SENTENCE_WORDS:
        return None
    # A rank before the label ("01 Политика") numbers the item.
    text = stripped = _RANK.sub("", stripped)
    if (
        _COUNTER.fullmatch(stripped)
        or _STORY_LINE.match(stripped)
        or _BYLINE.match(stripped)
        or _DATE_FIELD.match(stripped)
        or _ICON_LIGATURE.fullmatch(stripped)
        or _WORD_AND_YEAR.fullmatch(stripped)
        or _PLUS_BADGE.fullmatch(stripped)
        or _AD_MARK.match(stripped)
        or _MONEY.search(stripped)
    ):
        return None
    # An inline SVG's <style> reads as text ("cls-1{fill:#fff} Video"); a blog archive counts its posts ("April(2)");
    # a player's duration runs into its badge ("Video1:58").
    text = _GLUED_CLOCK.sub(" ", _CSS_RULE.sub(" ", _ARCHIVE_COUNT.sub("", text)))
    rest = " ".join(_TIME_PARTS.sub(" ", text).split()).strip(_EDGE)
    if len(rest) > 2 and rest[0] + rest[-1] in _WRAPPERS:
        rest = rest[1:-1].strip(_EDGE)
    if not rest or len(rest) > MAX_RUBRIC_CHARS or sum(ch.isalpha() for ch in rest) < 2:
        return None
    if (
        rest.rstrip(" »").casefold() in _NOT_RUBRICS
        or _COUNTER.fullmatch(rest)
        or _MONTH_ONLY.fullmatch(rest)
        or _WITH_MEDIA.fullmatch(rest)
        or is_russian_name(rest)
    ):
        return None
    # A lower-case word of three letters or fewer is the "bei" or "on" left of a byline or a date, not a section.
    if len(rest) <= 3 and rest.islower():
        return None
    return rest


def without_clock(title: str) -> str:
    """Live feeds sometimes print the time inside the link text: "12:30 Title" is still the headline "Title"."""
    rest = _LEADING_CLOCK.sub("", title)
    return rest if is_headline_text(rest) else title
