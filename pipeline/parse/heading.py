"""The element that shows the article's headline, with or without an h1.

Datelines and bylines sit right above or below the headline. Many small sites, press offices and old CMSs never
write an h1 (the headline is an h2, a bold div, a table cell): there the element whose text is the headline found
in the metadata stands in for it.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from pipeline.parse.index import PageIndex
from pipeline.parse.text import clean_text

# Where headlines live when there is no h1, most specific first.
_SELECTOR = 'h2, h3, h4, h5, [class*="title" i], [class*="headline" i], [itemprop="headline"], strong, b'
# A search of the whole tree is paid only on pages without an h1; this many candidates are compared at most.
_MAX_CANDIDATES = 500
# Class and id words of the page chrome around a logo or menu h1 ("site-header", "navSkip", "#hdr").
_CHROME = re.compile(
    r"(?i)(?:^|[\s_-])(?:nav\w*|menu|logo\w*|brand\w*|masthead|skip|hdr|topbar|site-?header|page-?header)(?:$|[\s_-])"
    r"|^(?:the)?header$|nav(?:skip|bar)"
)
# Ancestors looked at for page chrome: a logo sits a few levels under the page header.
_CHROME_DEPTH = 8


def _key(text: str) -> str:
    return clean_text(text).casefold().rstrip(" .")


def headline_node(index: PageIndex, title: str | None) -> LexborNode | None:
    """The h1 if any, else the first element whose own text is the headline (case and spacing aside). An h1 that is
    the site's logo or menu is not the headline's place: the dates and bylines next to it are the site's."""
    h1 = index.h1
    if not title or len(title) < 8:
        return h1
    wanted = _key(title)
    if h1 is not None and (_key(h1.text(deep=True)) == wanted or not in_chrome(h1)):
        return h1
    body = index.tree.body
    if body is None:
        return h1
    for node in body.css(f"h1, {_SELECTOR}")[:_MAX_CANDIDATES]:
        raw = node.text(deep=True)
        if len(raw) < len(wanted) * 3 + 40 and _key(raw) == wanted and node.tag not in ("title", "a"):
            return node
    if h1 is None and '"' not in title and "\\" not in title:
        # Any element that writes the headline as its own text: old CMSs set it in a "<span class=zag>" or a cell.
        for node in body.css(f'*:lexbor-contains("{clean_text(title)}")')[:_MAX_CANDIDATES]:
            if _key(node.text(deep=True)) == wanted and node.tag not in ("title", "a"):
                return node
    return h1


def in_chrome(node: LexborNode) -> bool:
    """Whether an h1 is the site's logo or menu rather than a headline: it holds a link (the logo's link home),
    or it sits in a `<nav>` or in an element whose class or id names the page header or navigation."""
    if node.css_first("a") is not None:
        return True
    current: LexborNode | None = node
    for _ in range(_CHROME_DEPTH):
        if current is None or current.tag in ("body", "html", "main", "article"):
            return False
        attrs = current.attributes
        if current.tag == "nav" or _CHROME.search(attrs.get("class") or "") or _CHROME.search(attrs.get("id") or ""):
            return True
        current = current.parent
    return False
