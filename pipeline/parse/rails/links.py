"""Which links on a page could be rail headlines: same site, headline-length text, outside page furniture.

The filters here are about one link at a time; whether links form a rail is decided by the grouping step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from pipeline.parse.dom import attribute_hints, hidden, text_of
from pipeline.parse.index import PageIndex
from pipeline.parse.rails.labels import CJK_HEADLINE, is_headline_text
from pipeline.parse.text import CJK, clean_text
from pipeline.parse.urls import LinkResolver, resolve, site

# Elements and roles whose links are menus, forms or the site footer, never a rail.
_FURNITURE_TAGS = frozenset({"nav", "footer", "menu", "form", "button", "select", "template", "noscript"})
_FURNITURE_ROLES = frozenset({"navigation", "contentinfo", "menu", "menubar", "search"})
# Reference lists too: their links are citations ("Retrieved 3 May", "Archived from the original"), never a rail.
_FURNITURE_HINTS = frozenset(
    {
        "breadcrumb",
        "breadcrumbs",
        "pagination",
        "pager",
        "share",
        "sharing",
        "social",
        "copyright",
        "sitemap",
        "references",
        "reflist",
        "citation",
        "citations",
        "footnotes",
        "bibliography",
        # A looping carousel's copies of its slides ("swiper-slide-duplicate", "slick-cloned", "owl-item cloned"),
        # which may stand before the slides they copy.
        "duplicate",
        "cloned",
        "clone",
    }
)
# First path segments of a site's service pages: their long link texts ("Правила использования материалов сайта")
# read like headlines but lead to no story.
_SERVICE_SEGMENTS = frozenset(
    {
        "about",
        "about-us",
        "info",
        "info-pages",
        "help",
        "service",
        "services",
        "contact",
        "contacts",
        "privacy",
        "terms",
        "rules",
        "agreement",
        "pravila",
        "advert",
        "advertising",
        "ads",
        "reklama",
        "jobs",
        "careers",
        "vacancies",
        "subscribe",
        "subscription",
        "account",
        "login",
        "register",
        "signup",
        "profile",
        "imprint",
        "impressum",
        "feedback",
        "faq",
        "sitemap",
        "newsletter",
        "newsletters",
        "shop",
        "store",
        "search",
        # Readers' pages: a forum topic, an event listing or a classified ad reads like a headline.
        "forum",
        "forums",
        # phpBB's and vBulletin's topic pages ("/viewtopic.php?t=29981201").
        "viewtopic",
        "showtopic",
        "showthread",
        "afisha",
        "doska",
        "classifieds",
        # A trade site's events, library of reports and job board.
        "events",
        "event",
        "webinars",
        "library",
        "whitepapers",
        # Paid content dressed as a story.
        "promo",
        "promotion",
        "sponsored",
        "advertorial",
        "partner",
        "partners",
    }
)
_LEGAL_PAGES = frozenset({"privacy", "privacy-policy", "cookie-policy", "cookies", "terms-of-use", "terms-of-service"})
# Path segments of hub pages: a tag, theme or author link is a label even when its text is long.
_HUB_SEGMENTS = frozenset(
    {
        "tag",
        "tags",
        "theme",
        "themes",
        "topic",
        "topics",
        "keyword",
        "keywords",
        "author",
        "authors",
        "rubric",
        "rubrics",
    }
)
_HINT_LEVELS = 8
# How far up a menu or footer is looked for; deeper pages (100,000 levels, on hostile pages) are not walked further.
_FURNITURE_LEVELS = 25
_INLINE = frozenset({"span", "b", "strong", "em", "i", "small", "mark"})
# A card read for its title is small: a picture, a label, the title, counters.
_CARD_ELEMENTS = 40
_CARD_TITLE_TAGS = frozenset({"h2", "h3", "h4", "h5"})
# What `[class*='title'], [class*='headline']` (and their capitalised forms) match: class substrings, case kept.
# Substring tests as one pattern each: a regex search costs a fraction of a generator over the words.
TITLE_CLASSES = re.compile("title|headline|Title|Headline")
# Characters of the shortest headline a rail's structure can vouch for.
_SHORT_HEADLINE = 10


@dataclass(frozen=True)
class Candidate:
    """A link that reads like a headline, with its absolute target."""

    node: LexborNode
    target: str
    text: str


def _same_site(link: str, resolver: LinkResolver) -> bool:
    if resolver.base is None:
        return True
    a, b = resolver.host_of(link), resolver.host
    return bool(a) and (a == b or site(a) == site(b))


def is_hub(target: str) -> bool:
    """Tag, theme, author and service pages: what a label links to, not what a headline links to."""
    # String slicing instead of urlsplit: this runs for every headline-sized link of every page.
    scheme_end = target.find("://", 0, 12)
    path, _, query = target[scheme_end + 3 if scheme_end >= 0 else 0 :].partition("?")
    if scheme_end >= 0:
        path = path[path.find("/") :] if "/" in path else ""
    segments = [s.lower() for s in path.split("/") if s]
    # A service on a subdomain of its own ("jobs.freightledger.com").
    if scheme_end >= 0 and target[scheme_end + 3 :].partition(".")[0].lower() in _SERVICE_SEGMENTS:
        return True
    # A privacy or terms page anywhere in the path ("/legal/privacy/") is a service page.
    if not _LEGAL_PAGES.isdisjoint(segments):
        return True
    # Old sites name the script instead: "/afisha.php?id=871".
    if segments and segments[0].partition(".")[0] in _SERVICE_SEGMENTS:
        return True
    return any(s in _HUB_SEGMENTS for s in segments[:-1]) or "tag=" in query


def _running_text(block: LexborNode, top: LexborNode) -> int:
    """Characters of the line of text around `top`, the block's child holding the link: a teaser's lead paragraph
    inside the item is not prose, and in a list of lines set apart by `<br>` (a table cell of an old portal's news)
    only the link's own line counts."""
    lines: list[int] = [0]
    mine = 0
    for child in block.iter(include_text=True):
        if child.tag == "br":
            lines.append(0)
        elif child.is_text_node or child.tag in _INLINE or child.tag == "a":
            lines[-1] += len(text_of(child))
        if child.mem_id == top.mem_id:
            mine = len(lines) - 1
    return lines[mine]


def _in_prose(link: LexborNode, text: str) -> bool:
    """An in-body link sits inside a sentence that says much more than the link does."""
    block, top = link.parent, link
    while block is not None and block.tag in _INLINE:
        block, top = block.parent, block
    if block is None or block.tag not in ("p", "li", "blockquote", "dd", "td"):
        return False
    return _running_text(block, top) > 1.5 * len(text) + 20


class _Furniture:
    """Whether a link sits in a menu, footer, form, breadcrumb, share bar or hidden block. Links share most of their
    ancestors, so each element's verdict (furniture above it, and how far up the nearest furniture class is) is
    kept."""

    def __init__(self) -> None:
        self.state: dict[int, tuple[bool, int]] = {}

    @staticmethod
    def _kind(node: LexborNode) -> int:
        """2 for a furniture element or a hidden one, 1 for a class hint that counts only near the link, 0 for
        neither. A hidden block is not on the page the reader sees: a copy for another screen (a mobile menu
        repeating the rail without its rubrics) or a tab not chosen."""
        tag = node.tag
        if tag in _FURNITURE_TAGS:
            return 2
        attrs = node.attributes
        if not attrs:
            return 0
        if attrs.get("role") in _FURNITURE_ROLES or hidden(attrs):
            return 2
        if tag not in ("body", "html") and attrs.get("class"):
            return 1 if attribute_hints(attrs) & _FURNITURE_HINTS else 0
        return 0

    def __call__(self, link: LexborNode) -> bool:
        chain: list[LexborNode] = []
        node = link.parent
        state = (False, _HINT_LEVELS)
        while node is not None and len(chain) < _FURNITURE_LEVELS:
            known = self.state.get(node.mem_id)
            if known is not None:
                state = known
                break
            chain.append(node)
            node = node.parent
        strong, distance = state
        for node in reversed(chain):
            kind = self._kind(node)
            strong = strong or kind == 2
            # Class hints only count close to the link: page wrappers carry flags such as "enableSocialShare".
            distance = 0 if kind == 1 else min(distance + 1, _HINT_LEVELS)
            state = self.state[node.mem_id] = (strong, distance)
        return state[0] or state[1] < _HINT_LEVELS


class LinkFilter:
    """The per-link tests past the text: a link to another page of the same site, not a hub, not paid, not in the
    article's sentences and not in the page's furniture."""

    def __init__(self, url: str | None) -> None:
        self.resolver = LinkResolver(url)
        self.own = {resolve(url, None)}
        self.in_furniture = _Furniture()

    def __call__(self, link: LexborNode, text: str) -> Candidate | None:
        attrs = link.attributes
        # rel="sponsored" marks a paid link (Google's convention), however the site dresses it as a headline.
        if hidden(attrs) or "sponsored" in (attrs.get("rel") or ""):
            return None
        target = self.resolver(attrs.get("href"))
        if target is None or target in self.own or not _same_site(target, self.resolver) or is_hub(target):
            return None
        if _in_prose(link, text) or self.in_furniture(link):
            return None
        return Candidate(link, target, text)


def _card_title(link: LexborNode) -> str:
    """The headline of a card whose only link is an empty overlay stretched over it ("<a class=stub></a>" after the
    card's text): the card's title-classed element or heading, when the card holds no other link."""
    card = link.parent
    if card is None or card.tag in ("body", "html"):
        return ""
    title = ""
    for count, node in enumerate(card.traverse()):
        if count > _CARD_ELEMENTS or (node.tag == "a" and node.mem_id != link.mem_id):
            return ""
        if title or count == 0:
            continue
        if node.tag in _CARD_TITLE_TAGS or TITLE_CLASSES.search(node.attributes.get("class") or ""):
            title = node.text(deep=True)
    return title


def headline_links(index: PageIndex, links: LinkFilter) -> list[Candidate]:
    """Every link that could be a rail headline, in page order."""
    found = []
    for link in index.tag("a"):
        raw = link.text(deep=True)
        if not raw and link.first_child is None:
            raw = _card_title(link)
        # Most links are menu items; the raw text rules them out before the costlier cleanup.
        if len(raw) < 25 and len(raw.split()) < 4 and (len(raw) < CJK_HEADLINE or CJK.search(raw) is None):
            continue
        text = clean_text(raw)
        if is_headline_text(text) and (candidate := links(link, text)) is not None:
            found.append(candidate)
    return found


def short_headline(link: LexborNode, links: LinkFilter) -> Candidate | None:
    """A headline of two or three words ("Ставка на паузе"), which only its place among a rail's longer headlines
    tells from a menu item."""
    text = clean_text(link.text(deep=True))
    if len(text) < _SHORT_HEADLINE or len(text.split()) < 2 or sum(map(str.isalpha, text)) * 2 < len(text):
        return None
    return links(link, text)
