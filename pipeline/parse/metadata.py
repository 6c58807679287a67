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

from pipeline.parse.bylines import byline, split_names, without_credits
from pipeline.parse.dom import text_of
from pipeline.parse.heading import in_chrome
from pipeline.parse.index import PageIndex
from pipeline.parse.text import clean_text
from pipeline.parse.titles import agrees, is_title_tail, is_trimmed_title, strip_site_suffix
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
# h1s compared with the `<title>`: pages with more use h1 for every section heading.
_MAX_H1 = 4
_LEAD_SELECTOR = '[class*="lead"], [class*="standfirst"], [class*="subtitle"], [itemprop="description"]'
# Documentation generators end each heading with a permalink anchor ("Installation¶").
_PERMALINK = " ¶🔗⚓"
# XHTML-era pages wrap script text in CDATA sections or HTML comments, often behind "//" so old browsers skip them.
_WRAPPERS = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)|(?://\s*)?(?:\]\]>|-->)\s*$")


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
    raw = raw.strip()
    # The wrapper pattern tries its closing half at every character: over a big JSON-LD graph that costs more than
    # decoding it, so it runs only where the text is wrapped.
    if raw.startswith(("/", "<")) or raw.endswith(">"):
        raw = _WRAPPERS.sub("", raw)
    try:
        return json.loads(raw, strict=False)
    except ValueError:
        try:
            return json.loads(re.sub(r",\s*([}\]])", r"\1", raw), strict=False)
        except ValueError:
            return None


def _untyped_ld(index: PageIndex) -> Iterator[str]:
    """Schema.org objects in a `<script>` without its type, which some CMSs write and search engines still read."""
    for script in index.tag("script"):
        attrs = script.attributes
        if "type" in attrs or "src" in attrs:
            continue
        text = script.text().strip()
        if text.startswith("{") and '"@context"' in text[:300] and "schema.org" in text[:300]:
            yield text


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
    for text in _untyped_ld(index):
        page.jsonld.extend(_flatten_ld(_load_ld(text)))
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


def title(page: PageMeta, index: PageIndex) -> str | None:
    """og:title, then JSON-LD headline, then h1, then `<title>`. Some CMSs fill the JSON-LD headline with the
    description or the entity's kind ("matrix equal to its conjugate-transpose"): it counts only when the h1 or
    the `<title>` says much the same. An h1 that shares nothing with the `<title>` is the site's logo, a section
    name or a menu when it sits in the page's header or navigation, and the `<title>` is the headline then, unless
    it is nothing but the site's name."""
    site = site_name(page)
    shown = [text_of(node).rstrip(_PERMALINK) for node in index.tag("h1")[:_MAX_H1]]
    document = text_of(index.title) if index.title else None
    headline = ld_text(page.article_ld().get("headline"))
    declared = page.first("og:title", "twitter:title")
    if not declared and headline and agrees(headline, [text for text in (*shown[:1], document) if text]):
        declared = headline
    if declared:
        if document and is_trimmed_title(declared, document, site):
            return declared
        return strip_site_suffix(declared, site, shown) or None
    bare = strip_site_suffix(document, site) if document else ""
    heading = next(
        (
            text
            for text in shown
            if text and (not document or (agrees(text, [bare]) and not is_title_tail(text, document)))
        ),
        None,
    )
    chrome = index.h1 is not None and in_chrome(index.h1)
    if heading is None and chrome and document and strip_site_suffix(document, site, shown) not in (site, ""):
        return strip_site_suffix(document, site, shown)
    heading = heading or next((text for text in shown if text), None)
    return strip_site_suffix(heading or document or "", site, shown) or None


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


def authors(page: PageMeta, index: PageIndex) -> tuple[str, ...]:
    """JSON-LD, then meta, then the byline."""
    found: list[str] = []
    raw = page.article_ld().get("author")
    for item in raw if isinstance(raw, list) else [raw]:
        if name := ld_text(item):
            found.extend(split_names(name))
    if not found:
        for value in page.all("author") + page.all("article:author") + page.all("sailthru.author"):
            if not value.startswith("http"):
                found.extend(split_names(value))
    if not found and index.tree.root is not None:
        found = byline(index.tree.root)
    return tuple(dict.fromkeys(without_credits(found, site_name(page))))


def rubric(page: PageMeta, index: PageIndex, headline: str | None) -> str | None:
    section = ld_text(page.article_ld().get("articleSection")) or page.first("article:section")
    return section or _breadcrumb(page, index, headline) or _kicker(index)


_HOME_CRUMBS = ("главная", "home", "main", "news", "новости")


def _breadcrumb(page: PageMeta, index: PageIndex, headline: str | None) -> str | None:
    names = [
        ld_text(item)
        for crumb in page.jsonld
        if crumb.get("@type") == "BreadcrumbList"
        for item in crumb.get("itemListElement") or []
    ]
    if not names:
        names = [
            text_of(link)
            for trail in _breadcrumb_trails(index)
            for link in trail.css("a")
            if link.mem_id != trail.mem_id
        ]
    kept = [
        name for name in names if name and name != headline and len(name) <= 40 and name.lower() not in _HOME_CRUMBS
    ]
    return kept[-1] if kept else None


def _breadcrumb_trails(index: PageIndex) -> list[LexborNode]:
    """The outermost breadcrumb elements in page order, whose links (a crumb itself named "breadcrumb-item" aside)
    are the trail. Matching elements by their own attributes walks the tree once; "[class*=breadcrumb] a" would
    instead climb from every link of the page through all its ancestors."""
    trails: list[LexborNode] = []
    inside: set[int] = set()
    if index.tree.root is None:
        return trails
    for node in index.tree.root.css('[class*="breadcrumb"], [itemtype*="BreadcrumbList"], [aria-label*="readcrumb"]'):
        if node.mem_id not in inside:
            trails.append(node)
            inside.update(child.mem_id for child in node.traverse())
    return trails


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
    # The keywords meta is often the lower-cased copy of the tags the page shows ("россия" and "Россия"): one tag
    # each, spelled as shown when a spelling with capitals is there.
    kept: dict[str, str] = {}
    for tag in (clean_text(tag) for tag in found):
        if tag and len(tag) <= 60:
            key = tag.casefold()
            if key not in kept or (kept[key].islower() and not tag.islower()):
                kept[key] = tag
    return tuple(kept.values())


def language(page: PageMeta) -> str | None:
    declared = page.html_lang or page.first("content-language", "language", "og:locale", "dc.language")
    match = re.match(r"\s*([a-zA-Z]{2})(?:[-_]|$|\s)", declared or "")
    return match.group(1).lower() if match else None
