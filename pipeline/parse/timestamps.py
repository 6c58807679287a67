"""When the article was published and updated: declared metadata first, then the page's own datelines.

Datelines are searched only around the h1 and in the body: the headline rail above them is full of times.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone

from selectolax.lexbor import LexborNode

from pipeline.parse.dates import date_from_url, first_date_in, parse_date
from pipeline.parse.dom import ancestors, text_of
from pipeline.parse.index import PageIndex
from pipeline.parse.metadata import PageMeta, ld_text
from pipeline.parse.text import clean_text

_PUBLISHED_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "published_time",
    "sailthru.date",
    "parsely-pub-date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "dcterms.date",
    "og:published_time",
    "article:published",
    "article.published",
    "datecreated",
    "citation_publication_date",
    "citation_date",
    "publication_date",
    "pub_date",
    "originalpublicationdate",
    "date",
)
_MODIFIED_KEYS = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
)
# Time zones run from UTC-12 to UTC+14, in quarter hours at the finest.
_MAX_OFFSET = timedelta(hours=14)
_QUARTER_HOUR = timedelta(minutes=15)
# How far into the article's text its first date is looked for, when nothing else dates it.
_TEXT_WINDOW = 1500
# How far into the whole page's text a date is looked for when neither metadata nor the article dates it.
_PAGE_WINDOW = 20000
_UPDATE_WORDS = re.compile(
    r"(?i)updat|modif|обновл|изменен|оновл|aktualisiert|mis à jour|actualizado|atualizado|aggiornato|aangepast"
    r"|bijgewerkt|zaktualizowano|güncellen"
)
_STANDALONE = "p, span, em, strong, small, font, i, b"
# Elements read for a standalone dateline; the first screens of an article are where one sits.
_MAX_STANDALONE = 200
# A paragraph this long is article text: standalone datelines are looked for above it only.
_PARAGRAPH = 150
_SCRIPT_DATE = re.compile(
    r'"(?:datePublished|publishedDate|published_at|publishedAt|publishDate|pubDate|uploadDate|createdAt|created_at'
    r'|dateCreated)"\s*:\s*"(\d{4}-\d{2}-\d{2}[^"]{0,30})"'
)
# Case-insensitive: "pubDate", "docData", "PublishTime" are as common as the lower-case names.
_UPDATE_SELECTOR = '[class*="updated" i], [class*="modified" i]'
_MAX_UPDATE_MARKS = 5
# How far above a date a link is looked for, and how much text besides dates makes it a teaser's link.
_LINK_LEVELS = 4
_TEASER_CHARS = 20
_DATELINE_LEVELS = 6
_DATE_SELECTOR = '[class*="date" i], [class*="time" i], [class*="publish" i], [itemprop*="date" i]'


class Scopes(list[LexborNode]):
    """Elements searched for the article's dates, with the visible dates already found in them: the publication
    time, its time zone and the update time each search the same elements, up to four times a page, and a search
    runs substring selectors over every element of the article."""

    def __init__(
        self, nodes: list[LexborNode], found: dict[tuple[tuple[int, ...], bool], datetime | None] | None = None
    ):
        super().__init__(nodes)
        self.found = {} if found is None else found

    def of(self, node: LexborNode | None) -> Scopes:
        """Another element of the same page, sharing what was found."""
        return Scopes([node] if node is not None else [], self.found)


def article_scopes(index: PageIndex, body: LexborNode | None, headline: LexborNode | None = None) -> Scopes:
    """Where the article's own dates live: around the headline and in the body, never in the rail above them."""
    scope = headline or index.h1
    for _ in range(3):
        if scope is not None and scope.parent is not None and scope.parent.tag != "body":
            scope = scope.parent
    return Scopes([node for node in (index.article, scope, body) if node is not None])


def _declared_dates(page: PageMeta, ld_key: str, keys: tuple[str, ...], now: datetime | None) -> list[datetime]:
    """The article's JSON-LD object first, then meta, then any other JSON-LD object (a WebPage, a graph node), then
    the upload date of an embedded video, which is all some video and broadcaster pages declare."""
    values = [ld_text(page.article_ld().get(ld_key))] + [page.first(key) for key in keys]
    values += [ld_text(item.get(ld_key)) for item in page.jsonld]
    if ld_key == "datePublished":
        values += [ld_text(item.get("uploadDate")) for item in page.jsonld]
    return [parsed for value in dict.fromkeys(values) if (parsed := parse_date(value, now))]


def _declared_date(page: PageMeta, ld_key: str, keys: tuple[str, ...], now: datetime | None) -> datetime | None:
    return next(iter(_declared_dates(page, ld_key, keys, now)), None)


def _settle(declared: list[datetime], page: PageMeta, referee: datetime | None, now: datetime | None) -> datetime:
    """When the declared dates disagree by more than a time zone can explain (a JSON-LD `datePublished` of the
    draft against a meta date of the release, a stale CMS field), the one the URL or the dateline also prints wins;
    a dateline that shows the declared modification day is the "updated" stamp and settles nothing."""
    modified = {value.date() for value in _declared_dates(page, "dateModified", _MODIFIED_KEYS, now)}
    if referee is None or referee.date() in modified:
        return declared[0]
    return next((value for value in declared if value.date() == referee.date()), declared[0])


def _microdata_date(index: PageIndex, now: datetime | None) -> datetime | None:
    """`itemprop="datePublished"` on a visible element: its content or datetime attribute, else its text."""
    selector = '[itemprop="datePublished"], [itemprop="dateCreated"], [property$="datePublished"], [pubdate]'
    for node in index.tree.css(f'{selector}, [property$="dateCreated"]')[:5]:
        attrs = node.attributes
        for value in (attrs.get("content"), attrs.get("datetime"), text_of(node)):
            if parsed := parse_date(value, now):
                return _with_shown_time(parsed, node, now)
    return None


def _is_update_mark(node: LexborNode) -> bool:
    """An "Updated 14:05" stamp, told by its itemprop, its parent's class, or the words just before it."""
    itemprop = (node.attributes.get("itemprop") or "").lower()
    if itemprop in ("datepublished", "datemodified"):
        return itemprop == "datemodified"
    parent = node.parent or node
    before = node.prev.text() if node.prev is not None and node.prev.is_text_node else ""
    return bool(_UPDATE_WORDS.search(f"{parent.attributes.get('class') or ''} {before[-30:]}"))


def _visible_date(scopes: Scopes, now: datetime | None, updates: bool = False) -> datetime | None:
    key = (tuple(scope.mem_id for scope in scopes), updates)
    if key not in scopes.found:
        scopes.found[key] = _first_visible_date(scopes, now, updates)
    return scopes.found[key]


def _in_link(node: LexborNode) -> bool:
    """A date inside a link that also holds a headline is a teaser's, the date of the story the link leads to; a
    permalink around the date alone ("<a href=/threads/…><time>") is the page's own."""
    link = next((above for above in ancestors(node, _LINK_LEVELS) if above.tag == "a"), None)
    if link is None:
        return False
    # What the link says besides its dates (a WordPress permalink holds the publication and the update time).
    words = link.text(deep=True)
    for stamp in link.css("time"):
        words = words.replace(stamp.text(deep=True), "", 1)
    return len(words.strip()) > _TEASER_CHARS


def _first_visible_date(scopes: list[LexborNode], now: datetime | None, updates: bool) -> datetime | None:
    for scope in scopes:
        for node in scope.css("time[datetime]"):
            if _is_update_mark(node) != updates or _in_link(node):
                continue
            if parsed := parse_date(node.attributes.get("datetime"), now):
                return _with_shown_time(parsed, node, now)
        if updates:
            # A visible stamp in an element named for it ("<span class=updated>Обновлено: 14.03.2025 16:05</span>").
            for node in scope.css(_UPDATE_SELECTOR)[:_MAX_UPDATE_MARKS]:
                text = text_of(node)
                if len(text) <= 80 and (parsed := parse_date(text, now)):
                    return parsed
            continue
        for node in scope.css(f"time, {_DATE_SELECTOR}")[:12]:
            if _in_link(node):
                continue
            text = text_of(node)
            if len(text) <= 80 and (parsed := parse_date(text, now)):
                return parsed
    return None


def _with_shown_time(declared: datetime, node: LexborNode, now: datetime | None) -> datetime:
    """A `datetime` attribute holding only the day ("2025-04-09") beside text that prints the time too ("9 апреля
    2025 года, 14:00"): the text's time on that day."""
    if declared.hour or declared.minute or declared.tzinfo is not None:
        return declared
    shown = parse_date(text_of(node), now)
    return shown if shown is not None and shown.date() == declared.date() else declared


def _dateline(headline: LexborNode | None, now: datetime | None) -> datetime | None:
    """A date written just above or below the headline in an unmarked element ("Pressemitteilung vom 25. Januar
    2022").

    Only that window is read: further down the text, dates are those of the events the article reports.
    """
    if headline is None:
        return None
    scope, title = headline, text_of(headline)
    text = title
    # Three levels up, or further while nothing but the headline is there (a table layout puts each in a row).
    for level in range(_DATELINE_LEVELS):
        if scope.parent is None or scope.parent.tag in ("body", "html"):
            break
        scope = scope.parent
        if level >= 2 and len(text := text_of(scope)) > len(title) + _TEASER_CHARS:
            break
    if scope is not headline and text is title:
        text = text_of(scope)
    at = text.find(title) if title else -1
    if at < 0:
        return None
    return first_date_in(text[max(at - 300, 0) : at + len(title) + 400], now)


def _in_titles(page: PageMeta, index: PageIndex, now: datetime | None) -> datetime | None:
    """Press releases, reports and minutes put their date in the title ("Bericht zur Lage vom 22.04.2020")."""
    titles = (page.first("og:title", "twitter:title"), text_of(index.title) if index.title else None)
    return next((found for text in titles if text and (found := first_date_in(text, now))), None)


def published_at(
    index: PageIndex,
    page: PageMeta,
    scopes: Scopes,
    url: str | None,
    now: datetime | None,
    headline: LexborNode | None = None,
) -> datetime | None:
    """Declared (conflicts settled by what the page prints) > microdata > dateline next to the article (marked as
    a date, standing alone above the text, or written around the headline) > URL > any dateline on the page > a
    date in the title > the first date in the article's text > a date field in the page's script data > the first
    date on the page.

    The URL ranks below the article's dateline because the dateline has the time, and above the rest of the page,
    whose datelines belong to other articles as often as to this one; but a URL day more than a day away from every
    declared date overrules them, since a CMS rewrites its meta fields on each edit and never its URLs. The last
    resorts are there because an undated page is as wrong for the warehouse as one dated by the first event its
    text reports.
    """
    headline = headline or index.h1
    declared = _declared_dates(page, "datePublished", _PUBLISHED_KEYS, now)
    if not declared and (microdata := _microdata_date(index, now)):
        declared = [microdata]
    from_url = date_from_url(url, now)
    if declared:
        if from_url is not None and all(abs((value.date() - from_url.date()).days) > 1 for value in declared):
            return from_url
        first = declared[0]
        if any(abs((value.date() - first.date()).days) > 1 for value in declared):
            first = _settle(declared, page, from_url or _visible_date(scopes, now) or _dateline(headline, now), now)
        return _in_local_time(first, page, scopes, now, url, index.tree.body)
    visible = _visible_date(scopes, now) or _standalone_date(scopes, now) or _dateline(headline, now)
    if visible and (from_url is None or visible.date() == from_url.date()):
        return visible
    body = index.tree.body
    found = from_url or _visible_date(scopes.of(body), now) or _in_titles(page, index, now)
    if found is None and scopes:
        found = first_date_in(text_of(scopes[-1])[:_TEXT_WINDOW], now)
    return found or _script_date(index, now) or (first_date_in(text_of(body)[:_PAGE_WINDOW], now) if body else None)


def _standalone_date(scopes: list[LexborNode], now: datetime | None) -> datetime | None:
    """A paragraph or line above the text that holds nothing but a date ("<p>January 18, 2020</p>") is the
    article's dateline; a date inside a sentence or a photo caption is an event's, and one below the first
    paragraph of text belongs to a related-article teaser."""
    for scope in scopes:
        for node in scope.css(_STANDALONE)[:_MAX_STANDALONE]:
            text = node.text(deep=True)
            if len(text) <= 40 and (parsed := parse_date(text.strip(), now)):
                return parsed
            if node.tag == "p" and len(text) >= _PARAGRAPH:
                break
    return None


def _script_date(index: PageIndex, now: datetime | None) -> datetime | None:
    """A publication field in the JSON state a shop, review or single-page app ships in an inline script."""
    for script in index.tag("script"):
        if "src" in script.attributes:
            continue
        if match := _SCRIPT_DATE.search(script.text()):
            return parse_date(match.group(1), now)
    return None


def updated_at(page: PageMeta, scopes: Scopes, now: datetime | None) -> datetime | None:
    declared = _declared_date(page, "dateModified", _MODIFIED_KEYS, now)
    if declared is None:
        return _visible_date(scopes, now, updates=True)
    return _in_local_time(declared, page, scopes, now, updates=True)


def _in_local_time(
    value: datetime,
    page: PageMeta,
    scopes: Scopes,
    now: datetime | None,
    url: str | None = None,
    body: LexborNode | None = None,
    updates: bool = False,
) -> datetime:
    """A UTC time shown in the offset the newsroom works in: the publication day is the one it printed, and 02:25 UTC
    is still the evening before in New York. The instant never changes, only the offset it is written in.

    A day declared without a time takes the time the page prints on that day. The offset comes from another declared
    time (a meta tag in RFC 2822, a `<time>` element), from a visible time
    without an offset (the same minute a whole number of quarter hours away), or, when the URL or the dateline next
    to the headline prints the previous or next day, the smallest offset that reaches that day; failing those, a
    dateline anywhere on the page, which can only move the time by the hours that reach a neighbouring day.
    """
    if value.tzinfo is None and value.time() == time(0):
        # A day declared without its time ("datePublished": "2026-11-30") takes the time the page prints that day.
        shown = _visible_date(scopes, now, updates)
        return shown if shown is not None and shown.date() == value.date() else value
    if value.utcoffset() != timedelta(0):
        return value
    raw = [v for key in (*_PUBLISHED_KEYS, *_MODIFIED_KEYS) for v in page.all(key)]
    raw += [ld_text(item.get(k)) or "" for item in page.jsonld for k in ("datePublished", "dateModified")]
    marked = [node for scope in scopes for node in scope.css("time[datetime]")[:5]]
    stamps = [node.attributes.get("datetime") or "" for node in marked]
    utc = value.replace(tzinfo=None)
    for text in raw + stamps:
        other = parse_date(text, now)
        if other is None:
            continue
        if other.tzinfo is None:
            if (shift := _local_shift(other, utc)) and text in stamps:
                return value.astimezone(timezone(shift))
        elif (offset := other.utcoffset()) and abs(other - value) < timedelta(days=2):
            return value.astimezone(timezone(offset))
    for shown in _printed_clocks(marked, scopes, now, updates):
        if shown is not None and shown.tzinfo is None and (shift := _clock_offset(shown, utc)) is not None:
            return value.astimezone(timezone(shift))
    printed = date_from_url(url, now) or _visible_date(scopes, now)
    printed = printed or (_visible_date(scopes.of(body), now) if body is not None else None)
    return _reaching(value, printed.date()) if printed is not None and printed.tzinfo is None else value


def _printed_clocks(
    marked: list[LexborNode], scopes: Scopes, now: datetime | None, updates: bool
) -> Iterator[datetime | None]:
    """The clocks the page prints, read one by one until one fits: the text of each <time> whose datetime is in UTC
    (its parts are often spans set apart by style alone: "April 9, 2025" "3:41 PM GMT+1"), then the visible date."""
    for node in marked:
        yield parse_date(clean_text(node.text(deep=True, separator=" ")), now)
    yield _visible_date(scopes, now, updates)


def _local_shift(local: datetime, utc: datetime) -> timedelta | None:
    """How far a local wall time is from UTC, when that is an offset a zone can have: a whole number of quarter
    hours, within the offsets in use."""
    shift = local - utc
    return shift if abs(shift) <= _MAX_OFFSET and not shift % _QUARTER_HOUR else None


def _clock_offset(shown: datetime, utc: datetime) -> timedelta | None:
    """The offset of a clock the page prints without a zone ("Dec. 3, 2026, 7:45 p.m. ET", "03.12.2026 в 09:30")
    when it shows the declared UTC minute a whole number of quarter hours away; a date alone says no time."""
    return None if shown.time() == time(0) else _local_shift(shown, utc)


def _reaching(value: datetime, day: date) -> datetime:
    """The UTC `value` written in the smallest whole-hour offset whose local date is `day`, within the offsets of
    the Americas (down to UTC-8) and of Europe to Australia (up to UTC+10); further off, the day is another story's."""
    apart = (day - value.date()).days
    hours = -(value.hour + 1) if apart == -1 and value.hour < 8 else 24 - value.hour if apart == 1 else 0
    if not hours or hours > 10:
        return value
    try:
        return value.astimezone(timezone(timedelta(hours=hours)))
    except OverflowError:
        return value
