"""Finding article URLs in feeds, sitemaps, listing pages and robots.txt.

A document's kind is read from its content, not its name: sites serve feeds at `/export/rss2/`, sitemaps at
`/sitemap`, gzipped sitemaps as `application/octet-stream` and listings at `/rss/`, so names lie and content does not.
Everything here is untrusted input: XML is parsed without entity expansion, gzip is inflated under a cap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

import feedparser
from defusedxml import DefusedXmlException, ElementTree
from protego import Protego
from selectolax.lexbor import LexborHTMLParser

from pipeline.crawler.body import BodyTooLarge, TruncatedBody, describe_size, inflate_capped
from pipeline.parse.dates import parse_date
from pipeline.parse.text import decode_html
from pipeline.urls import canonicalize_url, host_of

NEXT_PAGE_WORDS = re.compile(r"^(далее|дальше|следующая|next|older|more|ещё|еще|»|›|→)", re.IGNORECASE)
MIN_HEADLINE_CHARS = 20
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")
_ROBOTS_LINE = re.compile(rb"^\s*(user-agent|disallow|allow|sitemap|crawl-delay)\s*:", re.IGNORECASE | re.MULTILINE)
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


class DiscoveryError(ValueError):
    """A discovery document that yields nothing, with the reason for the fetch log."""


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


def classify(body: bytes, content_type: str | None = None) -> str:
    """`gzip`, `feed`, `sitemap`, `html`, `robots` or `other`, judged on the first bytes of the content."""
    if body[:2] == b"\x1f\x8b":
        return "gzip"
    head = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<rss", b"<feed", b"<urlset", b"<sitemapindex", b"<rdf:rdf", b"<!--")):
        if b"<urlset" in head or b"<sitemapindex" in head:
            return "sitemap"
        if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head or b"<channel" in head:
            return "feed"
    if not head.startswith(b"<") and _ROBOTS_LINE.search(head):
        return "robots"
    if b"<html" in head or b"<!doctype html" in head or (content_type or "").startswith("text/html"):
        return "html"
    return "other"


def discover(url: str, body: bytes, content_type: str | None, max_bytes: int = 50 * 1024 * 1024) -> Discovery:
    """Links of one document; raises DiscoveryError when it is none of the kinds we read."""
    kind = classify(body, content_type)
    if kind == "gzip":
        try:
            body = inflate_capped(body, max_bytes)
        except BodyTooLarge as exc:
            raise DiscoveryError(f"gzip file inflates past {describe_size(max_bytes)}: refused") from exc
        except (TruncatedBody, OSError, ValueError) as exc:
            raise DiscoveryError("truncated or corrupt gzip file") from exc
        kind = classify(body, None)
    if kind == "feed":
        return Discovery(kind, articles=links_from_feed(body, url))
    if kind == "sitemap":
        return links_from_sitemap(body, url)
    if kind == "html":
        return links_from_listing(body, url, content_type)
    if kind == "robots":
        return Discovery(kind, documents=links_from_robots(body, url))
    raise DiscoveryError("not a feed, sitemap, robots.txt or HTML page")


def _refuse_entities(body: bytes) -> None:
    if _ENTITY_DECLARATION.search(body[:65536]):
        raise DiscoveryError("XML declares entities: refused (entity expansion is an attack vector)")


def links_from_feed(body: bytes, base_url: str) -> list[Link]:
    """RSS 0.9x/1.0/2.0 and Atom through feedparser, each item's link with its updated (else published) time."""
    _refuse_entities(body)
    parsed = feedparser.parse(body)
    links = []
    for entry in parsed.entries:
        href = entry.get("link")
        if href:
            # Raw keys: FeedParserDict answers a missing "updated" with "published" and a DeprecationWarning.
            stamp = dict.get(entry, "updated") or dict.get(entry, "published")
            links.append(Link(urljoin(base_url, href.strip()), parse_date(stamp) if stamp else None))
    if not links and parsed.bozo and not parsed.entries:
        raise DiscoveryError(f"feed not readable: {parsed.get('bozo_exception', 'malformed')}")
    return links


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1].lower()


def _find_text(node: ElementTree.Element, name: str) -> str | None:
    """The text of the first descendant called `name` in any namespace (sitemaps mix several)."""
    for child in node.iter():
        if child is not node and _local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def links_from_sitemap(body: bytes, base_url: str) -> Discovery:
    """A sitemap index names sitemaps; a urlset names pages, dated by lastmod or a Google News publication_date."""
    _refuse_entities(body)
    try:
        root = ElementTree.fromstring(body, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise DiscoveryError(f"sitemap refused: {type(exc).__name__}") from exc
    except ElementTree.ParseError as exc:
        raise DiscoveryError(f"sitemap is not well-formed XML: {exc}") from exc
    links = []
    for node in root:
        loc = _find_text(node, "loc")
        if not loc:
            continue
        stamp = _find_text(node, "lastmod") or _find_text(node, "publication_date")
        links.append(Link(urljoin(base_url, loc), parse_date(stamp) if stamp else None))
    if _local(root.tag) == "sitemapindex":
        return Discovery("sitemap", documents=[link.url for link in links])
    return Discovery("sitemap", articles=links)


def links_from_robots(body: bytes, base_url: str) -> list[str]:
    """The sitemaps a robots.txt names, when a source lists its robots.txt as a start URL."""
    rules = Protego.parse(body.decode("utf-8", "replace"))
    return [urljoin(base_url, url) for url in rules.sitemaps]


def links_from_listing(body: bytes, base_url: str, content_type: str | None = None) -> Discovery:
    """Article links are same-site anchors with headline-length text; pagination is rel=next or a 'next' word.

    Feeds announced with `<link rel="alternate">` are followed too, so a site's home page is enough to find them.
    """
    tree = LexborHTMLParser(decode_html(body, content_type))
    host = host_of(base_url)
    here = canonicalize_url(base_url)
    articles: dict[str, Link] = {}
    documents: list[str] = []
    for node in tree.css("link[rel][href]"):
        rels = (node.attributes.get("rel") or "").lower().split()
        kind = (node.attributes.get("type") or "").lower().split(";")[0].strip()
        if "alternate" in rels and kind in FEED_TYPES:
            documents.append(urljoin(base_url, (node.attributes.get("href") or "").strip()))
    for anchor in tree.css("a[href]"):
        href = urljoin(base_url, (anchor.attributes.get("href") or "").strip())
        if host_of(href) != host or urlsplit(href).path in ("", "/") or canonicalize_url(href) == here:
            continue
        text = " ".join(anchor.text(separator=" ").split())
        rel = (anchor.attributes.get("rel") or "").lower()
        if "next" in rel.split() or (len(text) < 15 and NEXT_PAGE_WORDS.match(text)):
            documents.append(href)
        elif len(text) >= MIN_HEADLINE_CHARS and len(text.split()) >= 3:
            articles.setdefault(canonicalize_url(href), Link(href))
    return Discovery("html", articles=list(articles.values()), documents=documents)
