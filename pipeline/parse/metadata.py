"""What a page declares about its article: meta tags, JSON-LD, link rels, and visible cues around the h1.

Declared metadata is preferred to visible text because it is written for machines and survives redesigns; the
visible cues are fallbacks for the many small sites that declare nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborNode

from pipeline.parse.dom import text_of
from pipeline.parse.index import PageIndex
from pipeline.parse.text import clean_text
from pipeline.parse.urls import resolve

_ARTICLE_TYPES = (
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "blogposting",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "report",
    "webpage",
    "liveblogposting",
    "backgroundnewsarticle",
)
_META_KEYS = ("property", "name", "itemprop", "http-equiv")
_SEPARATOR = "[|\u2014\u2013\\-:·»]"
_LEAD_SELECTOR = '[class*="lead"], [class*="standfirst"], [class*="subtitle"], [itemprop="description"]'
_SUFFIX_SEPARATORS = re.compile("\\s+(?:[|\u2014\u2013\\-:·»]|::)\\s+")


@dataclass
class PageMeta:
    """Meta values by lower-case key, every JSON-LD object flattened, and the page's declared language."""

    meta: dict[str, list[str]] = field(default_factory=dict)
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    html_lang: str | None = None
    canonical: str | None = None

    def first(self, *keys: str) -> str | None:
        for key in keys:
            for value in self.meta.get(key, ()):
                if cleaned := clean_text(value):
                    return cleaned
        return None

    def all(self, key: str) -> list[str]:
        return [cleaned for value in self.meta.get(key, ()) if (cleaned := clean_text(value))]

    def article_ld(self) -> dict[str, Any]:
        """The JSON-LD object describing the article itself, preferring the most specific article type."""
        best: dict[str, Any] = {}
        best_rank = len(_ARTICLE_TYPES)
        for item in self.jsonld:
            types = item.get("@type")
            names = [str(t).lower() for t in (types if isinstance(types, list) else [types])]
            ranks = [_ARTICLE_TYPES.index(n) for n in names if n in _ARTICLE_TYPES]
            rank = min(ranks, default=best_rank)
            if rank < best_rank or (rank == best_rank and not best and ranks):
                best, best_rank = item, rank
        return best


def _flatten_ld(data: Any) -> Iterator[dict[str, Any]]:
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            yield item
            if "@graph" in item:
                stack.append(item["@graph"])


def _load_ld(raw: str) -> Any:
    try:
        return json.loads(raw, strict=False)
    except ValueError:
        try:
            return json.loads(re.sub(r",\s*([}\]])", r"\1", raw), strict=False)
        except ValueError:
            return None


def collect(index: PageIndex, url: str | None) -> PageMeta:
    page = PageMeta()
    for node in index.tag("meta"):
        attrs = node.attributes
        content = attrs.get("content")
        if content is None:
            continue
        for key in _META_KEYS:
            if name := attrs.get(key):
                page.meta.setdefault(name.strip().lower(), []).append(content)
    for script in index.scripts("application/ld+json"):
        page.jsonld.extend(_flatten_ld(_load_ld(script.text())))
    html = index.html
    page.html_lang = html.attributes.get("lang") or html.attributes.get("xml:lang") if html else None
    link = index.first_link("canonical")
    href = link.attributes.get("href") if link else None
    page.canonical = resolve(href or page.first("og:url"), url)
    return page


def ld_text(value: Any) -> str | None:
    """JSON-LD values arrive as strings, lists, or objects with a name; reduce each to plain text."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    return clean_text(str(value)) if isinstance(value, str | int | float) and str(value).strip() else None


def site_name(page: PageMeta) -> str | None:
    publisher = page.article_ld().get("publisher")
    return page.first("og:site_name", "application-name") or ld_text(publisher)


def strip_site_suffix(title: str, site: str | None = None) -> str:
    """Remove " — Site", " | Site", " - Site" (or the same as a prefix) that pages add for search engines."""
    title = clean_text(title)
    if site and site.casefold() in title.casefold():
        for pattern in (rf"\s*{_SEPARATOR}\s*{re.escape(site)}$", rf"^{re.escape(site)}\s*{_SEPARATOR}\s*"):
            stripped = re.sub(pattern, "", title, flags=re.I)
            if stripped and stripped != title:
                return stripped
    parts = _SUFFIX_SEPARATORS.split(title)
    if len(parts) > 1 and len(parts[-1]) <= 30 and len(parts[-1].split()) <= 3:
        head = title[: title.rfind(parts[-1])].rstrip(" |\u2014\u2013-:·»")
        if len(head.split()) >= 2:
            return head
    return title


def title(page: PageMeta, index: PageIndex) -> str | None:
    site = site_name(page)
    h1 = index.h1
    candidates = (
        page.first("og:title", "twitter:title"),
        ld_text(page.article_ld().get("headline")),
        text_of(h1) if h1 else None,
        text_of(index.title) if index.title else None,
    )
    for candidate in candidates:
        if candidate and (cleaned := strip_site_suffix(candidate, site)):
            return cleaned
    return None


def lead(page: PageMeta, index: PageIndex) -> str | None:
    declared = page.first("og:description", "twitter:description", "description")
    declared = declared or ld_text(page.article_ld().get("description"))
    if declared and len(declared) >= 20:
        return declared
    for node in index.tree.css(_LEAD_SELECTOR):
        text = text_of(node)
        if 40 <= len(text) <= 600:
            return text
    return None


def split_names(raw: str) -> list[str]:
    raw = re.sub(r"^(?:by|автор[ыа]?|текст|author[s]?)\s*[:\-—]?\s+", "", clean_text(raw), flags=re.I)
    names = re.split(r"\s*(?:,|;|\band\b|\bи\b|&)\s*", raw)
    return [name.strip(" .") for name in names if 2 <= len(name.strip(" .")) <= 60 and len(name.split()) <= 5]


def authors(page: PageMeta, index: PageIndex) -> tuple[str, ...]:
    found: list[str] = []
    raw = page.article_ld().get("author")
    for item in raw if isinstance(raw, list) else [raw]:
        if name := ld_text(item):
            found.extend(split_names(name))
    if not found:
        for value in page.all("author") + page.all("article:author") + page.all("sailthru.author"):
            if not value.startswith("http"):
                found.extend(split_names(value))
    if not found:
        found = _byline(index)
    return tuple(dict.fromkeys(name for name in found if not name.startswith("http")))


def _byline(index: PageIndex) -> list[str]:
    """Each rel/itemprop author element is one author; a class-named byline may list several in one line."""
    names: list[str] = []
    tree = index.tree
    for node in tree.css('[rel="author"], [itemprop="author"]')[:10]:
        names.extend(_byline_names(node))
    if names:
        return names
    for node in tree.css('[class*="byline"], [class*="author"]')[:6]:
        if names := _byline_names(node):
            return names
    return []


def _byline_names(node: LexborNode) -> list[str]:
    inner = node.css_first('[itemprop="name"]') or node
    lines = (clean_text(line) for line in inner.text(separator="\n").split("\n"))
    text = next((line for line in lines if line and not re.fullmatch(r"(?i)by|автор[ыа]?:?", line)), "")
    return split_names(text) if text and len(text) <= 80 else []


def rubric(page: PageMeta, index: PageIndex, headline: str | None) -> str | None:
    section = ld_text(page.article_ld().get("articleSection")) or page.first("article:section")
    return section or _breadcrumb(page, index, headline) or _kicker(index)


def _breadcrumb(page: PageMeta, index: PageIndex, headline: str | None) -> str | None:
    names = [
        ld_text(item)
        for crumb in page.jsonld
        if crumb.get("@type") == "BreadcrumbList"
        for item in crumb.get("itemListElement") or []
    ]
    if not names:
        selector = '[class*="breadcrumb"] a, [itemtype*="BreadcrumbList"] a, [aria-label*="readcrumb"] a'
        names = [text_of(node) for node in index.tree.css(selector)]
    names = [name for name in names if name and name != headline and len(name) <= 40]
    names = [name for name in names if name.lower() not in ("главная", "home", "main", "news", "новости")]
    return names[-1] if names else None


def _kicker(index: PageIndex) -> str | None:
    """A rubric label next to the h1; searched only near it, because the headline rail is full of labels."""
    h1 = index.h1
    scope: LexborNode | None = h1.parent.parent if h1 and h1.parent else None
    if scope is None:
        return None
    for node in scope.css('[class*="kicker"], [class*="rubric"], [class*="category"], [class*="section"]'):
        text = text_of(node)
        if 2 <= len(text) <= 40 and node.css_first("h1") is None:
            return text
    return None


def tags(page: PageMeta, index: PageIndex) -> tuple[str, ...]:
    """Declared tags (meta, JSON-LD keywords); `rel="tag"` links only when none are declared, as those links also
    name the site's categories ("category tag") and cost a search of the whole page."""
    found = page.all("article:tag")
    for key in ("news_keywords", "keywords"):
        found.extend(part for value in page.all(key) for part in value.split(","))
    keywords = page.article_ld().get("keywords")
    if isinstance(keywords, str):
        found.extend(keywords.split(","))
    elif isinstance(keywords, list):
        found.extend(str(k) for k in keywords)
    if not found:
        found = [text_of(a) for a in index.tree.css('a[rel~="tag"]')]
    cleaned = (clean_text(tag) for tag in found)
    return tuple(dict.fromkeys(tag for tag in cleaned if tag and len(tag) <= 60))


def language(page: PageMeta) -> str | None:
    declared = page.html_lang or page.first("content-language", "language", "og:locale", "dc.language")
    match = re.match(r"\s*([a-zA-Z]{2})(?:[-_]|$|\s)", declared or "")
    return match.group(1).lower() if match else None
