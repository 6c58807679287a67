"""The sample site as a table of path → handler, independent of any HTTP server.

A plain dict keeps the routing obvious and lets tests and later fault injection (slow pages, redirects,
flaky answers) add or replace one path without touching the rest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.sample_site.content import SampleArticle, SampleSite, slugify
from pipeline.sample_site.render import Renderer, http_date, tiny_pdf

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"


@dataclass(frozen=True)
class Request:
    path: str
    query: dict[str, list[str]] = field(default_factory=dict)
    # Lower-case header names; the crawler's conditional GETs (If-None-Match) are answered from them.
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes
    content_type: str = HTML
    headers: tuple[tuple[str, str], ...] = ()


Handler = Callable[[Request], Response]


def _once(render: Callable[[], str], content_type: str = HTML, **headers: str) -> Handler:
    """A handler that renders on first request and then serves the same bytes, so variants match exactly."""
    cached: list[Response] = []

    def handler(request: Request) -> Response:
        if not cached:
            body = render().encode("utf-8")
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            extra = (*headers.items(), ("ETag", etag))
            cached.append(Response(200, body, content_type, extra))
        if request.headers.get("if-none-match") == dict(cached[0].headers)["ETag"]:
            return Response(304, b"", content_type, cached[0].headers)
        return cached[0]

    return handler


def _fixed(status: int, body: bytes, content_type: str = HTML) -> Handler:
    def handler(_request: Request) -> Response:
        return Response(status, body, content_type)

    return handler


class SiteApp:
    """All routes of the site at one base URL; `routes` is public so callers can add fault endpoints."""

    def __init__(self, site: SampleSite, base_url: str) -> None:
        self.site = site
        self.renderer = Renderer(site, base_url)
        self.routes: dict[str, Handler] = {}
        self._add_pages()
        self._add_broken()

    def _article_handler(self, article: SampleArticle) -> Handler:
        modified = http_date(article.updated_at or article.published_at)
        return _once(lambda: self.renderer.article(article), **{"Last-Modified": modified})

    def _add_pages(self) -> None:
        r = self.renderer
        for article in (*self.site.articles, self.site.private):
            self.routes[article.path] = self._article_handler(article)
        self.routes["/news/"] = self._listing
        self.routes["/"] = self._listing
        slugs = {a.rubric_slug for a in self.site.articles}
        for slug in slugs:
            self.routes[f"/rubric/{slug}/"] = _once(lambda slug=slug: r.section("rubric", slug) or "")
        tags = {slugify(tag) for a in self.site.articles for tag in a.tags}
        for slug in tags:
            self.routes[f"/tag/{slug}/"] = _once(lambda slug=slug: r.section("tag", slug) or "")
        self.routes |= {
            "/rss.xml": _once(r.rss, "application/rss+xml; charset=utf-8"),
            "/en/atom.xml": _once(r.atom, "application/atom+xml; charset=utf-8"),
            "/sitemap.xml": _once(r.sitemap_index, XML),
            "/sitemap-articles.xml": _once(r.sitemap, XML),
            "/robots.txt": _once(lambda: r.plain("robots.txt.j2"), "text/plain; charset=utf-8"),
            "/static/photo.svg": _once(lambda: r.plain("photo.svg.j2"), "image/svg+xml"),
            "/about/": _once(lambda: r.stub("about")),
        }

    def _add_broken(self) -> None:
        r = self.renderer
        kinds = {b.kind: b.path for b in self.site.broken}
        self.routes[kinds["server_error"]] = lambda _req: Response(500, r.stub("server_error").encode("utf-8"))
        self.routes[kinds["not_found"]] = lambda _req: self.not_found()
        self.routes[kinds["empty"]] = _fixed(200, b"")
        self.routes[kinds["moved"]] = _once(lambda: r.stub("moved"))
        self.routes[kinds["pdf"]] = _fixed(200, tiny_pdf("Economy report: sample document"), "application/pdf")
        self.routes[kinds["script_only"]] = _once(lambda: r.app_shell(kinds["script_only"]))

    def _listing(self, request: Request) -> Response:
        raw = request.query.get("page", ["1"])[0]
        page = self.renderer.listing(int(raw)) if raw.isdigit() else None
        return Response(200, page.encode("utf-8")) if page is not None else self.not_found()

    def not_found(self) -> Response:
        return Response(404, self.renderer.stub("not_found").encode("utf-8"))

    def handle(
        self, path: str, query: dict[str, list[str]] | None = None, headers: dict[str, str] | None = None
    ) -> Response:
        """Serve `path`; `/a/b/` and `/a/b` are the same page, as on most news sites."""
        request_query = query or {}
        for candidate in dict.fromkeys((path, path.rstrip("/") or "/", path + "/")):
            handler = self.routes.get(candidate)
            if handler is not None:
                return handler(Request(candidate, request_query, headers or {}))
        return self.not_found()
