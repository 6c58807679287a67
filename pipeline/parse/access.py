"""Pages whose article the HTML does not carry: behind a paywall, or drawn in the browser by scripts.

Both look like a short or missing body, which would otherwise read as a broken parser or a silent drop in a source's
volume; the flag says why, so source health can report "paywalled" or "needs JavaScript" by name. Only what the page
declares or plainly shows counts: structured-data and meta declarations, an empty application root with a
<noscript> plea, a paywall element beside a short text. Marketing words alone ("subscribe!") do not.
"""

from __future__ import annotations

import re
from typing import Any

from selectolax.lexbor import LexborNode

from pipeline.parse.dom import attribute_hints
from pipeline.parse.index import PageIndex
from pipeline.parse.metadata import PageMeta

OPEN, PAYWALLED, NEEDS_JAVASCRIPT = "open", "paywalled", "needs_javascript"

# Below this much article text a page may be a paywall teaser or a script shell; above it the article is there.
SHORT_TEXT_CHARS = 600
# A script shell's visible text: a <noscript> line, a cookie notice, a footer.
SHELL_TEXT_CHARS = 200
_LOCKED_TIERS = {"locked", "metered", "premium", "subscriber", "subscribers", "paid"}
_TIER_KEYS = ("article:content_tier", "content_tier", "article:opinion_tier")
# Mount points of the common client-side frameworks (React, Vue, Next.js, Nuxt, Gatsby, Angular).
_APP_ROOTS = {"root", "app", "__next", "__nuxt", "___gatsby", "app-root", "application"}
_PAYWALL_HINTS = {"paywall", "regwall", "paywalled"}
_ASKS_FOR_SCRIPTS = re.compile(r"javascript|\bJS\b|включите|браузер", re.I)


def _declared_closed(value: Any) -> bool:
    """`isAccessibleForFree` is false, written as JSON false or as the string "False"/"false"."""
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


def _declares_paywall(page: PageMeta) -> bool:
    """schema.org `isAccessibleForFree: false` (Google's documented paywall markup) or a locked content tier."""
    for item in page.jsonld:
        parts = item.get("hasPart")
        for declared in (item, *(parts if isinstance(parts, list) else [parts])):
            if isinstance(declared, dict) and _declared_closed(declared.get("isAccessibleForFree")):
                return True
    return any((page.first(key) or "").lower() in _LOCKED_TIERS for key in _TIER_KEYS)


def _shows_paywall(index: PageIndex) -> bool:
    return any(attribute_hints(node.attrs) & _PAYWALL_HINTS for node in index.tag("div"))


def _visible_text_length(index: PageIndex) -> int:
    body = index.tree.body
    if body is None:
        return 0
    clone = body.clone()
    for node in clone.css("script, style, noscript, template"):
        node.decompose()
    return len(clone.text(deep=True, separator=" ", strip=True))


def _is_app_shell(index: PageIndex) -> bool:
    """An empty framework mount point, or a <noscript> asking for JavaScript, on a page with next to no text."""
    empty_root = any(
        (node.attrs.get("id") or "").lower() in _APP_ROOTS and not _has_text(node) for node in index.tag("div")
    )
    asks = any(_ASKS_FOR_SCRIPTS.search(node.text(deep=True) or "") for node in index.tag("noscript"))
    return (empty_root or asks) and _visible_text_length(index) < SHELL_TEXT_CHARS


def _has_text(node: LexborNode) -> bool:
    return bool((node.text(deep=True) or "").strip())


def page_access(index: PageIndex, page: PageMeta, text: str | None) -> str:
    """How much of the article a reader without a subscription or a browser gets from this HTML."""
    if _declares_paywall(page):
        return PAYWALLED
    if text is not None and len(text) >= SHORT_TEXT_CHARS:
        return OPEN
    if _shows_paywall(index):
        return PAYWALLED
    if _is_app_shell(index):
        return NEEDS_JAVASCRIPT
    return OPEN
