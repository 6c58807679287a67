"""When the article was published and updated: declared metadata first, then the page's own datelines.

Datelines are searched only around the h1 and in the body: the headline rail above them is full of times.
"""

from __future__ import annotations

import re
from datetime import datetime

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipeline.parse.dates import date_from_url, parse_date
from pipeline.parse.dom import text_of
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
_UPDATE_WORDS = re.compile(r"(?i)updat|modif|обновл|изменен")
_DATE_SELECTOR = '[class*="date"], [class*="time"], [class*="publish"], [itemprop*="date"]'


def article_scopes(tree: LexborHTMLParser, body: LexborNode | None) -> list[LexborNode]:
    """Where the article's own dates live: around the h1 and in the body, never in the rail above them."""
    scopes: list[LexborNode] = []
    scope = tree.css_first("h1")
    for _ in range(3):
        if scope is not None and scope.parent is not None and scope.parent.tag != "body":
            scope = scope.parent
    scopes.extend(node for node in (tree.css_first("article"), scope, body) if node is not None)
    return scopes


def _declared_date(page: PageMeta, ld_key: str, keys: tuple[str, ...], now: datetime | None) -> datetime | None:
    values = [ld_text(page.article_ld().get(ld_key))] + [page.first(key) for key in keys]
    return next((parsed for value in values if (parsed := parse_date(value, now))), None)


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


def published_at(page: PageMeta, scopes: list[LexborNode], url: str | None, now: datetime | None) -> datetime | None:
    return (
        _declared_date(page, "datePublished", _PUBLISHED_KEYS, now)
        or _visible_date(scopes, now)
        or date_from_url(url, now)
    )


def updated_at(page: PageMeta, scopes: list[LexborNode], now: datetime | None) -> datetime | None:
    declared = _declared_date(page, "dateModified", _MODIFIED_KEYS, now)
    return declared or _visible_date(scopes, now, updates=True)
