"""Finding article URLs in feeds, sitemaps and listing pages.

A start URL's kind is read from its content, not its name: sites serve feeds at `/export/rss2/`, sitemaps at
`/sitemap` and listings at `/rss/`, so names lie and content does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

import feedparser
from defusedxml import ElementTree
from selectolax.lexbor import LexborHTMLParser

from pipeline.parse.dates import parse_date
from pipeline.urls import canonicalize_url, host_of

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEXT_PAGE_WORDS = re.compile(r"^(далее|дальше|следующая|next|older|more|ещё|еще|»|›|→)", re.IGNORECASE)
MIN_HEADLINE_CHARS = 20


@dataclass(frozen=True)
class Link:
    url: str
    modified_at: datetime | None = None


@dataclass
class Discovery:
    """What one fetched document points to: article candidates and more documents to read for links."""

    kind: str
    articles: list[Link] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)


def classify(body: bytes, content_type: str | None) -> str:
    """`feed`, `sitemap`, `html` or `other`, judged on the first bytes of the content."""
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") or head.startswith((b"<rss", b"<feed", b"<urlset", b"<sitemapindex")):
        if b"<urlset" in head or b"<sitemapindex" in head:
            return "sitemap"
        if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
            return "feed"
    if b"<html" in head or b"<!doctype html" in head or (content_type or "").startswith("text/html"):
        return "html"
    return "other"


def discover(url: str, body: bytes, content_type: str | None) -> Discovery:
    kind = classify(body, content_type)
    if kind == "feed":
        return Discovery(kind, articles=links_from_feed(body, url))
    if kind == "sitemap":
        return links_from_sitemap(body, url)
    if kind == "html":
        return links_from_listing(body, url)
    return Discovery(kind)


def links_from_feed(body: bytes, base_url: str) -> list[Link]:
    parsed = feedparser.parse(body)
    links = []
    for entry in parsed.entries:
        href = entry.get("link")
        if href:
            # Raw keys: FeedParserDict answers a missing "updated" with "published" and a DeprecationWarning.
            stamp = dict.get(entry, "updated") or dict.get(entry, "published")
            links.append(Link(urljoin(base_url, href), parse_date(stamp) if stamp else None))
    return links


def links_from_sitemap(body: bytes, base_url: str) -> Discovery:
    root = ElementTree.fromstring(body)
    is_index = root.tag.endswith("sitemapindex")
    links = []
    for node in root:
        loc = node.findtext(f"{SITEMAP_NS}loc") or node.findtext("loc")
        if not loc:
            continue
        lastmod = node.findtext(f"{SITEMAP_NS}lastmod") or node.findtext("lastmod")
        links.append(Link(urljoin(base_url, loc.strip()), parse_date(lastmod) if lastmod else None))
    if is_index:
        return Discovery("sitemap", documents=[link.url for link in links])
    return Discovery("sitemap", articles=links)


def links_from_listing(body: bytes, base_url: str) -> Discovery:
    """Article links are same-site anchors with headline-length text; pagination is rel=next or a 'next' word."""
    tree = LexborHTMLParser(body)
    host = host_of(base_url)
    here = canonicalize_url(base_url)
    articles: dict[str, Link] = {}
    pages: list[str] = []
    for anchor in tree.css("a[href]"):
        href = urljoin(base_url, anchor.attributes.get("href") or "")
        if host_of(href) != host or urlsplit(href).path in ("", "/") or canonicalize_url(href) == here:
            continue
        text = " ".join(anchor.text(separator=" ").split())
        rel = (anchor.attributes.get("rel") or "").lower()
        if rel == "next" or (len(text) < 15 and NEXT_PAGE_WORDS.match(text)):
            pages.append(href)
        elif len(text) >= MIN_HEADLINE_CHARS and len(text.split()) >= 3:
            articles.setdefault(href, Link(href))
    return Discovery("html", articles=list(articles.values()), documents=pages)
