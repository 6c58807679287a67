"""Tree helpers shared by the body and headline detectors: safe parsing, class hints, text, traversal.

Nothing here recurses: hostile pages nest elements tens of thousands deep, and Python recursion would
overflow long before the HTML parser does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import numpy as np
from selectolax.lexbor import LexborAttributes, LexborDocumentOptions, LexborHTMLParser, LexborNode

from pipeline.parse.text import clean_text

MAX_DEPTH = 400
# Start tags that make lexbor search the whole stack of open elements ("close a p element in button scope"): nested
# thousands deep, they cost it quadratic time.
_BLOCK_TAGS = (
    "div|section|article|aside|nav|main|header|footer|ul|ol|dl|blockquote|figure|fieldset|details|address|center"
    "|dialog|dir|hgroup|listing|menu|pre|search|summary|figcaption|optgroup|rp|rt|rb|rtc"
)
# Tag names spelled out in both cases: a case-insensitive pattern costs the regex engine a third more per "<".
_BLOCK_OPEN = re.compile(
    (
        "<(?:" + "|".join("".join(f"[{c}{c.upper()}]" for c in tag) for tag in _BLOCK_TAGS.split("|")) + r")[\s>/]"
    ).encode()
)
_BLOCK_TAG = re.compile(rf"<(/?)(?:{_BLOCK_TAGS})\b[^>]*>".encode(), re.I)
# Nesting this many container tags costs the HTML parser quadratic time; only then is depth checked.
_DEPTH_CHECK_FROM = 3000

JUNK_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "iframe",
        "form",
        "button",
        "select",
        "input",
        "textarea",
        "nav",
        "footer",
        "aside",
        "figure",
        "figcaption",
        "picture",
        "video",
        "audio",
        "canvas",
        "object",
        "embed",
        "dialog",
        "menu",
        "head",
        "title",
        "link",
        "meta",
    }
)
# Class words split at "-", "_" and camelCase humps: "teaser-item__Title relatedNews" is teaser, item, title, related,
# news.
_WORD_SEPARATORS = str.maketrans("_-", "  ")
_CAMEL_HUMP = re.compile(r"([a-z])([A-Z])")
POSITIVE_HINTS = frozenset(
    {
        "article",
        "articlebody",
        "body",
        "content",
        "entry",
        "main",
        "post",
        "story",
        "text",
        "detail",
        "materials",
        "material",
        "news",
        "publication",
    }
)
NEGATIVE_HINTS = frozenset(
    {
        "ad",
        "ads",
        "adv",
        "advert",
        "advertisement",
        "banner",
        "breadcrumb",
        "breadcrumbs",
        "caption",
        "comment",
        "comments",
        "cookie",
        "cookies",
        "copyright",
        "credit",
        "credits",
        "disclaimer",
        "footer",
        "gdpr",
        "header",
        "hidden",
        "label",
        "menu",
        "meta",
        "modal",
        "nav",
        "navbar",
        "navigation",
        "newsletter",
        "donate",
        "donation",
        "pagination",
        "popup",
        "promo",
        "rail",
        "recommend",
        "recommended",
        "recommendations",
        "related",
        "reader",
        "share",
        "sharing",
        "sidebar",
        "social",
        "sponsor",
        "sponsored",
        "subscribe",
        "subscription",
        "paywall",
        "tag",
        "tags",
        "cloud",
        "toolbar",
        "tools",
        "widget",
        "player",
        "feed",
        "teaser",
        "teasers",
        "more",
        "popular",
        "trending",
        "readalso",
        "photo",
        "author",
        "byline",
        "date",
        "time",
        "audio",
        "speech",
        "tts",
    }
)

# Blocks that are never the article, whatever else their class says ("article-related", "post-share").
STRONG_NEGATIVE_HINTS = frozenset(
    {
        "related",
        "comment",
        "comments",
        "share",
        "sharing",
        "social",
        "modal",
        "popup",
        "dialog",
        "cookie",
        "gdpr",
        "newsletter",
        "donate",
        "donation",
        "subscribe",
        "sponsored",
        "recommend",
        "recommended",
        "recommendations",
        "readalso",
        "popular",
        "trending",
        "breadcrumb",
        "breadcrumbs",
        "navbar",
        "navigation",
        "sidebar",
        "footer",
        "banner",
        "advert",
        "advertisement",
        # Pleas for readers' money under their local names: Hungarian, German, Polish, Italian, French, Spanish,
        # Portuguese, Russian in Latin letters.
        "tamogatas",
        "spende",
        "spenden",
        "wsparcie",
        "wesprzyj",
        "sostieni",
        "sostegno",
        "soutien",
        "soutenir",
        "apoya",
        "doacao",
        "podderzhka",
        "podderzhat",
        # An author's bio box under the text ("field--name-field-author-bios", "person__bio").
        "bio",
        "bios",
        "consent",
        "dsgvo",
        "privacy",
    }
)


def _limit_depth(html: bytes) -> bytes:
    """Drop container tags nested beyond MAX_DEPTH but keep their text, so hostile pages parse fast."""
    depth = 0

    def replace(match: re.Match[bytes]) -> bytes:
        nonlocal depth
        if match.group(1):
            depth = max(depth - 1, 0)
            return match.group(0) if depth < MAX_DEPTH else b""
        depth += 1
        return match.group(0) if depth <= MAX_DEPTH else b""

    return _BLOCK_TAG.sub(replace, html)


def _start_tags(html: bytes) -> int:
    """numpy compares the page's bytes at memory speed, where `bytes.count(b"</")` runs a substring search that
    stalls on every "<" of the markup: a tenth of a millisecond on an ordinary page."""
    codes = np.frombuffer(html, np.uint8)
    opening = codes == ord("<")
    return int(np.count_nonzero(opening)) - int(np.count_nonzero(opening[:-1] & (codes[1:] == ord("/"))))


def parse_tree(html: bytes) -> LexborHTMLParser:
    """Parses UTF-8 bytes: a str would be encoded again inside the parser."""
    # Every start tag is a "<" not followed by "/": byte counts bound the costly regex count from above and rule out
    # nearly every big but ordinary page before it runs.
    if _start_tags(html) > _DEPTH_CHECK_FROM and len(_BLOCK_OPEN.findall(html)) > _DEPTH_CHECK_FROM:
        html = _limit_depth(html)
    # Mutation events serve scripts that edit the tree; a read-mostly parse is a third faster without them.
    return LexborHTMLParser(html, options=LexborDocumentOptions.WO_EVENTS)


def hint_tokens(node: LexborNode) -> frozenset[str]:
    return attribute_hints(node.attributes)


def attribute_hints(attrs: dict[str, str | None] | LexborAttributes) -> frozenset[str]:
    """The words of an element's class, id, itemprop and role, lower-cased and split at case changes."""
    if not attrs:
        return _NO_TOKENS
    get = attrs.get
    return _tokens(f"{get('class') or ''} {get('id') or ''} {get('itemprop') or ''} {get('role') or ''}")


# Class names sites give text meant for screen readers only ("<span class=sr-only>Раздел</span>В мире"): it is not
# on the page the reader sees, and glued to a label or headline it spoils both.
READER_ONLY = frozenset(
    {
        "sr-only",
        "screen-reader-text",
        "screen-reader-only",
        "visually-hidden",
        "visuallyhidden",
        "u-visually-hidden",
        "hidden-visually",
        "element-invisible",
        "a11y-hidden",
        "offscreen",
        "gs-u-vh",
    }
)


_NO_TOKENS: frozenset[str] = frozenset()


_READER_COMMENTS = frozenset({"comment", "comments"})


# Class names that flag a feature of the block ("td_with_ajax_pagination", "has-comments", "enableSocialShare"):
# the block has a pager, comments or share buttons, it is not one. The words after the flag are dropped.
_FEATURE_FLAG = re.compile(r"(?:(?<!\S)|(?<=[-_]))(?:with|has|enabled?|without|allow)(?:[-_]|(?=[A-Z]))\S*")


@lru_cache(maxsize=8192)
def _tokens(raw: str) -> frozenset[str]:
    """Class strings repeat hundreds of times on a page (every teaser card is built alike): split each once. Most are
    lower-case already, and skip the costlier camelCase split."""
    if "with" in raw or "has" in raw or "nable" in raw or "allow" in raw:
        raw = _FEATURE_FLAG.sub(" ", raw)
    if not raw.islower():
        raw = _CAMEL_HUMP.sub(r"\1 \2", raw)
    tokens = frozenset(raw.translate(_WORD_SEPARATORS).lower().split())
    # A live ticker's "live-match-comment" is the commentary itself, not readers' comments.
    return tokens - _READER_COMMENTS if "live" in tokens else tokens


_INVISIBLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def hidden(attributes: dict[str, str | None]) -> bool:
    """An element the reader never sees: pages keep a hidden copy of the article for microdata or a print view, and
    links for crawlers only ("This link is for the Robots and should not be seen.")."""
    if "hidden" in attributes:
        return True
    style = attributes.get("style")
    if not style:
        return False
    return ("none" in style or "hidden" in style) and _INVISIBLE.search(style) is not None


def is_icon(node: LexborNode) -> bool:
    """A pictogram beside a control ("<span aria-hidden=true>+</span>", a chevron): hidden from screen readers and
    holding no word, so no reader takes it for text."""
    return node.attributes.get("aria-hidden") == "true" and not any(ch.isalnum() for ch in node.text(deep=True))


def first_element(node: LexborNode) -> LexborNode | None:
    """The first element child: `next(node.iter())` costs six times as much, and the readers ask on every block."""
    child = node.first_child
    return child if child is None or child.is_element_node else next_element(child)


def previous_element(node: LexborNode) -> LexborNode | None:
    """The previous sibling that is an element, past text and comments."""
    sibling = node.prev
    while sibling is not None and not sibling.is_element_node:
        sibling = sibling.prev
    return sibling


def next_element(node: LexborNode) -> LexborNode | None:
    """The next sibling that is an element, past text and comments."""
    sibling = node.next
    while sibling is not None and not sibling.is_element_node:
        sibling = sibling.next
    return sibling


def text_of(node: LexborNode) -> str:
    return clean_text(node.text(deep=True))


def link_text_length(node: LexborNode) -> int:
    return sum(len(clean_text(a.text())) for a in node.css("a"))


def ancestors(node: LexborNode, limit: int = 60) -> Iterator[LexborNode]:
    current = node.parent
    while current is not None and limit > 0:
        yield current
        current = current.parent
        limit -= 1
