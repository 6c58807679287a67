"""Render the sample site's pages and feeds for one base URL.

Pages are rendered per server rather than saved as files because feeds, sitemaps and canonical links must
carry the absolute URL the server actually listens on, and that port is only known at start-up.
"""

from __future__ import annotations

import email.utils
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from pipeline.sample_site.content import SampleArticle, SampleSite, slugify
from pipeline.sample_site.lexicon import load_language

TEMPLATES = Path(__file__).with_name("templates")
TRACKING = "?utm_source=rss&utm_medium=feed"
PAGE_SIZE = 10
FEED_SIZE = 30


@dataclass(frozen=True)
class Entry:
    """One line of a listing, sitemap or rubric page; broken pages are listed exactly like articles."""

    path: str
    href: str
    title: str
    rubric: str
    rubric_slug: str
    when: datetime


@dataclass(frozen=True)
class RailItem:
    article: SampleArticle
    href: str


def _ru_date(moment: datetime) -> str:
    months = load_language("ru").months
    return f"{moment.day} {months[moment.month - 1]} {moment.year}, {moment:%H:%M}"


def _en_date(moment: datetime, us_style: bool) -> str:
    month = load_language("en").months[moment.month - 1]
    return f"{month} {moment.day}, {moment.year}" if us_style else f"{moment.day} {month} {moment.year}"


def _rfc822(moment: datetime) -> str:
    return email.utils.format_datetime(moment)


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}
    env.filters |= {"ru_date": _ru_date, "en_date": _en_date, "rfc822": _rfc822, "slug": slugify}
    return env


def listing_href(path: str) -> str:
    """Listings link with a trailing slash, so the crawler meets a second spelling of every article URL."""
    return path if path.endswith(".pdf") else f"{path}/"


def rail_href(path: str, position: int) -> str:
    """Some rail links aim at the comments anchor: another spelling that must canonicalize to the same URL."""
    return f"{path}#comments" if position % 4 == 2 else path


class Renderer:
    """Every page of one site at one base URL; each method returns the page text, or None for no such page."""

    def __init__(self, site: SampleSite, base_url: str) -> None:
        self.site = site
        self.base_url = base_url.rstrip("/")
        self.ru = load_language("ru")
        self.en = load_language("en")
        self.updated = max(a.updated_at or a.published_at for a in site.articles)

    def _render(self, template: str, **values: Any) -> str:
        common = {"base_url": self.base_url, "site_name": self.ru.raw["site_name"], "menu": self.ru.rubrics}
        return environment().get_template(template).render(common | values)

    def _json_ld(self, article: SampleArticle) -> dict[str, Any] | None:
        if not article.json_ld:
            return None
        return {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "datePublished": article.published_at.isoformat(),
            "dateModified": (article.updated_at or article.published_at).isoformat(),
            "author": [{"@type": "Person", "name": name} for name in article.authors],
            "articleSection": article.rubric,
            "inLanguage": article.lang,
            "mainEntityOfPage": article.url(self.base_url),
        }

    def article(self, article: SampleArticle) -> str:
        rail = [
            RailItem(item, rail_href(item.path, position))
            for position, item in enumerate(self.site.rail_for(article), start=1)
        ]
        values = {
            "article": article,
            "canonical": article.url(self.base_url),
            "rail": rail,
            "related": self.site.related_for(article),
            "json_ld": self._json_ld(article),
        }
        if article.lang == "ru":
            return self._render("article_ru.html.j2", **values)
        return self._render(
            "article_en.html.j2",
            **values
            | {
                "site_name": self.en.raw["site_name"],
                "menu": self.en.rubrics,
                "us_date": article.published_at.day % 2 == 0,
            },
        )

    def entries(self) -> list[Entry]:
        """Articles in both languages plus the broken pages, newest first."""
        items = [
            Entry(a.path, listing_href(a.path), a.title, a.rubric, a.rubric_slug, a.published_at)
            for a in self.site.articles
        ]
        items += [
            Entry(b.path, listing_href(b.path), b.title, b.rubric, b.rubric_slug, b.listed_at) for b in self.site.broken
        ]
        return sorted(items, key=lambda entry: entry.when, reverse=True)

    def listing(self, page: int) -> str | None:
        entries = self.entries()
        pages = -(-len(entries) // PAGE_SIZE)
        if not 1 <= page <= pages:
            return None
        return self._render(
            "listing.html.j2",
            heading=self.ru.raw["pages"]["news"][0],
            entries=entries[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
            canonical=f"{self.base_url}/news/" + (f"?page={page}" if page > 1 else ""),
            prev_href=(f"/news/?page={page - 1}" if page > 2 else "/news/") if page > 1 else None,
            next_href=f"/news/?page={page + 1}" if page < pages else None,
        )

    def section(self, kind: str, slug: str) -> str | None:
        """A rubric or tag page: every matching article, newest first, without paging."""
        if kind == "rubric":
            chosen = [e for e in self.entries() if e.rubric_slug == slug and e.path in self.site.by_path]
            names = {r.slug: r.name for r in (*self.ru.rubrics, *self.en.rubrics)}
            heading = names.get(slug)
        else:
            tagged = {a.path: tag for a in self.site.articles for tag in a.tags if slugify(tag) == slug}
            chosen = [e for e in self.entries() if e.path in tagged]
            heading = next(iter(tagged.values()), None)
        if heading is None:
            return None
        return self._render(
            "listing.html.j2",
            heading=heading,
            entries=chosen,
            prev_href=None,
            next_href=None,
            canonical=f"{self.base_url}/{kind}/{slug}/",
        )

    def stub(self, kind: str) -> str:
        heading, message = self.ru.raw["pages"][kind]
        return self._render("stub_ru.html.j2", heading=heading, message=message)

    def app_shell(self, path: str) -> str:
        """A page a client-side application fills in: the HTML carries no article text at all."""
        return self._render("app_shell.html.j2", path=path)

    def rss(self) -> str:
        newest = sorted(self.site.articles, key=lambda a: a.published_at, reverse=True)[:FEED_SIZE]
        return self._render("rss.xml.j2", articles=newest, tracking=TRACKING, updated=self.updated)

    def atom(self) -> str:
        english = sorted(self.site.in_language("en"), key=lambda a: a.published_at, reverse=True)
        return self._render(
            "atom.xml.j2",
            articles=english,
            tracking=TRACKING,
            updated=self.updated,
            site_name=self.en.raw["site_name"],
        )

    def sitemap_index(self) -> str:
        return self._render("sitemap_index.xml.j2", updated=self.updated)

    def sitemap(self) -> str:
        entries = [
            Entry(a.path, a.path, a.title, a.rubric, a.rubric_slug, a.updated_at or a.published_at)
            for a in self.site.articles
        ]
        entries += [e for e in self.entries() if any(b.path == e.path and b.in_sitemap for b in self.site.broken)]
        return self._render("sitemap.xml.j2", entries=entries)

    def plain(self, template: str) -> str:
        return self._render(template)


def tiny_pdf(text: str) -> bytes:
    """A valid one-page PDF, so a crawler that sniffs the bytes sees a real PDF and not HTML in disguise."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def http_date(moment: datetime) -> str:
    return email.utils.format_datetime(moment.astimezone(UTC), usegmt=True)
