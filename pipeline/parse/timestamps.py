"""When the article was published and updated: declared metadata first, then the page's own datelines.

Datelines are searched only around the h1 and in the body: the headline rail above them is full of times.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from selectolax.lexbor import LexborNode

from pipeline.parse.dates import date_from_url, first_date_in, parse_date
from pipeline.parse.dom import text_of
from pipeline.parse.index import PageIndex
from pipeline.parse.metadata import PageMeta, ld_text

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
_OFFSET = re.compile(r"T\d{2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[+-]\d{2}:?\d{2}$")
_UPDATE_WORDS = re.compile(r"(?i)updat|modif|обновл|изменен")
_DATE_SELECTOR = '[class*="date"], [class*="time"], [class*="publish"], [itemprop*="date"]'


def article_scopes(index: PageIndex, body: LexborNode | None) -> list[LexborNode]:
    """Where the article's own dates live: around the h1 and in the body, never in the rail above them."""
    scopes: list[LexborNode] = []
    scope = index.h1
    for _ in range(3):
        if scope is not None and scope.parent is not None and scope.parent.tag != "body":
            scope = scope.parent
    scopes.extend(node for node in (index.article, scope, body) if node is not None)
    return scopes


def _declared_date(page: PageMeta, ld_key: str, keys: tuple[str, ...], now: datetime | None) -> datetime | None:
    """The article's JSON-LD object first, then any other JSON-LD object (a WebPage, a graph node), then meta."""
    values = [ld_text(page.article_ld().get(ld_key))] + [page.first(key) for key in keys]
    values += [ld_text(item.get(ld_key)) for item in page.jsonld]
    return next((parsed for value in values if (parsed := parse_date(value, now))), None)


def _microdata_date(index: PageIndex, now: datetime | None) -> datetime | None:
    """`itemprop="datePublished"` on a visible element: its content or datetime attribute, else its text."""
    selector = '[itemprop="datePublished"], [itemprop="dateCreated"], [property$="datePublished"], [pubdate]'
    for node in index.tree.css(f'{selector}, [property$="dateCreated"]')[:5]:
        attrs = node.attributes
        for value in (attrs.get("content"), attrs.get("datetime"), text_of(node)):
            if parsed := parse_date(value, now):
                return parsed
    return None


def _is_update_mark(node: LexborNode) -> bool:
    """An "Updated 14:05" stamp, told by its itemprop, its parent's class, or the words just before it."""
    itemprop = (node.attributes.get("itemprop") or "").lower()
    if itemprop in ("datepublished", "datemodified"):
        return itemprop == "datemodified"
    parent = node.parent or node
    before = node.prev.text() if node.prev is not None and node.prev.is_text_node else ""
    return bool(_UPDATE_WORDS.search(f"{parent.attributes.get('class') or ''} {before[-30:]}"))


def _visible_date(scopes: list[LexborNode], now: datetime | None, updates: bool = False) -> datetime | None:
    for scope in scopes:
        for node in scope.css("time[datetime]"):
            if _is_update_mark(node) != updates:
                continue
            if parsed := parse_date(node.attributes.get("datetime"), now):
                return parsed
        if updates:
            continue
        for node in scope.css(f"time, {_DATE_SELECTOR}")[:12]:
            text = text_of(node)
            if len(text) <= 80 and (parsed := parse_date(text, now)):
                return parsed
    return None


def _dateline(index: PageIndex, now: datetime | None) -> datetime | None:
    """A date written just above or below the h1 in an unmarked element ("Pressemitteilung vom 25. Januar 2022").

    Only that window is read: further down the text, dates are those of the events the article reports.
    """
    h1 = index.h1
    if h1 is None:
        return None
    scope = h1
    for _ in range(3):
        if scope.parent is not None and scope.parent.tag not in ("body", "html"):
            scope = scope.parent
    text, headline = text_of(scope), text_of(h1)
    at = text.find(headline) if headline else -1
    if at < 0:
        return None
    return first_date_in(text[max(at - 300, 0) : at + len(headline) + 400], now)


def published_at(
    index: PageIndex, page: PageMeta, scopes: list[LexborNode], url: str | None, now: datetime | None
) -> datetime | None:
    """Declared > microdata > dateline next to the article > URL > any dateline on the page.

    The URL ranks below the article's dateline because the dateline has the time, and above the rest of the page,
    whose datelines belong to other articles as often as to this one.
    """
    declared = _declared_date(page, "datePublished", _PUBLISHED_KEYS, now) or _microdata_date(index, now)
    if declared:
        return _in_local_time(declared, page, scopes, now)
    visible = _visible_date(scopes, now) or _dateline(index, now)
    from_url = date_from_url(url, now)
    if visible and (from_url is None or visible.date() == from_url.date()):
        return visible
    body = index.tree.body
    return from_url or _visible_date([body] if body else [], now)


def updated_at(page: PageMeta, scopes: list[LexborNode], now: datetime | None) -> datetime | None:
    declared = _declared_date(page, "dateModified", _MODIFIED_KEYS, now)
    return _in_local_time(declared, page, scopes, now) if declared else _visible_date(scopes, now, updates=True)


def _in_local_time(value: datetime, page: PageMeta, scopes: list[LexborNode], now: datetime | None) -> datetime:
    """A UTC time shown in the offset the page uses elsewhere (another meta tag, a `<time>` element): the
    publication day is the one the newsroom printed, and 02:25 UTC is still the evening before in New York."""
    if value.utcoffset() != timedelta(0):
        return value
    raw = [v for key in (*_PUBLISHED_KEYS, *_MODIFIED_KEYS) for v in page.all(key)]
    raw += [ld_text(item.get(k)) or "" for item in page.jsonld for k in ("datePublished", "dateModified")]
    raw += [node.attributes.get("datetime") or "" for scope in scopes for node in scope.css("time[datetime]")[:5]]
    for text in raw:
        other = parse_date(text, now) if _OFFSET.search(text) else None
        offset = other.utcoffset() if other is not None else None
        if offset and abs(other - value) < timedelta(days=2):
            return value.astimezone(other.tzinfo)
    return value
