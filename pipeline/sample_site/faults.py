"""Fault endpoints for the sample site: every way a news server breaks, for the crawler's tests and benchmark.

Plugged in through `serve_sample_site(extra_routes=fault_routes(...))`, so the demo site itself stays as it is. Each
fault is reachable from `/faults/rss.xml`, and the feeds and sitemaps under `/faults/` exercise the other discovery
formats (RSS 0.91 and 1.0, a gzipped Google News sitemap, a feed announced by `<link rel=alternate>`).
"""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cache
from html import escape

from pipeline.records import Source
from pipeline.sample_site.render import tiny_pdf
from pipeline.sample_site.routes import HTML, XML, Handler, Request, Response

# Fault path → (title of the article it serves when it works, what a crawler must make of it).
FAULTS: dict[str, str] = {
    "/faults/flaky": "HTTP 500 once, then the article",
    "/faults/busy": "HTTP 429 with Retry-After: 1 once, then the article",
    "/faults/gone-404": "HTTP 404, not retried",
    "/faults/gone-410": "HTTP 410, not retried",
    "/faults/hang": "no answer for `hang_seconds`: a timeout, retried",
    "/faults/loop-a": "a redirect loop a → b → a",
    "/faults/moved": "HTTP 301 to /faults/moved-target, an article",
    "/faults/to-localhost": "a redirect to another loopback name: blocked",
    "/faults/charset-header-lies": "UTF-8 bytes declared windows-1251 in the header",
    "/faults/charset-cp1251": "windows-1251 bytes declared UTF-8 in the header, cp1251 in <meta>",
    "/faults/huge": "a body of `huge_bytes`",
    "/faults/truncated-gzip": "a gzip body cut in half",
    "/faults/gzip-bomb": "gzip Content-Encoding inflating to 16 MB",
    "/faults/report.pdf": "a PDF: skipped as not HTML",
    "/faults/no-newsdesk/page": "disallowed for the newsdesk user agent only",
}
METADATA_URL = "http://169.254.169.254/latest/meta-data/"
BOMB_BYTES = 16 * 1024 * 1024
PUBLISHED = datetime(2026, 9, 20, 10, 0, tzinfo=UTC)
TITLES = {
    "/faults/flaky": "Сервер ответил со второй попытки и отдал статью",
    "/faults/busy": "Перегруженный сервер попросил подождать секунду",
    "/faults/moved-target": "Статья переехала по новому адресу навсегда",
    "/faults/charset-header-lies": "Заголовок ответа неверно называет кодировку страницы",
    "/faults/charset-cp1251": "Страница в кодировке Windows-1251 с ошибочным заголовком",
    "/faults/news-1": "Новостная карта сайта называет дату публикации",
    "/faults/news-2": "Вторая статья из сжатой новостной карты сайта",
    "/faults/rss091-item": "Лента старого формата RSS 0.91 всё ещё встречается",
    "/faults/rdf-item": "Лента формата RSS 1.0 на основе RDF тоже читается",
    "/faults/truncated-gzip": "Сжатый ответ оборвался на середине передачи",
}


def article_html(base_url: str, path: str, charset: str = "utf-8") -> str:
    """A plain news article page, enough for the parser: canonical link, date, headline and paragraphs."""
    title = TITLES[path]
    paragraphs = [
        f"{title}. Корреспондент проверил, как сборщик новостей справляется с неисправными серверами и странными "
        "ответами, которые встречаются на настоящих сайтах каждый день.",
        "Редакция отмечает, что вежливый сборщик не торопит сайт, повторяет запрос после ошибки сервера и ничего "
        "не теряет: каждая попытка записывается в журнал вместе с причиной неудачи.",
        "Архив ответов позволяет разобрать страницу заново без обращения к сети, если правила разбора изменятся.",
    ]
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    published = (PUBLISHED + timedelta(minutes=len(path))).isoformat()
    return (
        f'<!doctype html><html lang="ru"><head><meta charset="{charset}"><title>{escape(title)}</title>'
        f'<link rel="canonical" href="{base_url}{path}">'
        f'<meta property="article:published_time" content="{published}"></head>'
        f'<body><article><h1>{escape(title)}</h1><time datetime="{published}">{published}</time>'
        f'<div itemprop="articleBody">{body}</div></article></body></html>'
    )


def _page(base_url: str, path: str) -> Handler:
    return lambda _request: Response(200, article_html(base_url, path).encode("utf-8"))


def _redirect(status: int, location: str) -> Handler:
    return lambda _request: Response(status, b"", HTML, (("Location", location),))


def _fail_once(status: int, then: Handler, *headers: tuple[str, str]) -> Handler:
    """A fault the first time, the real page after: what a retry is for. Thread-safe, like the server."""
    calls = {"n": 0}
    lock = threading.Lock()

    def handler(request: Request) -> Response:
        with lock:
            calls["n"] += 1
            first = calls["n"] == 1
        return Response(status, b"try again", HTML, headers) if first else then(request)

    return handler


def _hang(seconds: float, then: Handler) -> Handler:
    def handler(request: Request) -> Response:
        time.sleep(seconds)
        return then(request)

    return handler


@cache
def _bomb() -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = b"\0" * (1024 * 1024)
    return b"".join(packer.compress(zeros) for _ in range(BOMB_BYTES // len(zeros))) + packer.flush()


def _lazy(build: Callable[[], Response]) -> Handler:
    made: list[Response] = []
    return lambda _request: made[0] if made else (made.append(build()) or made[0])


def _rss(base_url: str) -> str:
    items = [*FAULTS, "/faults/flaky?utm_source=rss", "/faults/flaky/", METADATA_URL]
    links = [path if path.startswith("http") else base_url + path for path in items]
    links.append(base_url.replace("http://", "HTTP://") + "/faults/flaky#comments")
    body = "".join(f"<item><title>{escape(link)}</title><link>{escape(link)}</link></item>" for link in links)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>faults</title>{body}</channel></rss>'


def _news_sitemap(base_url: str) -> bytes:
    urls = "".join(
        f"<url><loc>{base_url}{path}</loc><news:news><news:publication_date>{PUBLISHED.isoformat()}"
        "</news:publication_date><news:title>t</news:title></news:news></url>"
        for path in ("/faults/news-1", "/faults/news-2")
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
    )
    return gzip.compress(xml.encode("utf-8"), mtime=0)


def robots_txt(base_url: str, crawl_delay: float | None) -> str:
    delay = f"Crawl-delay: {crawl_delay:g}\n" if crawl_delay else ""
    return (
        f"User-agent: newsdesk\nDisallow: /private/\nDisallow: /faults/no-newsdesk/\n{delay}\n"
        f"User-agent: *\nDisallow: /private/\n\nSitemap: {base_url}/faults/sitemap.xml\n"
    )


def fault_routes(
    base_url: str, huge_bytes: int = 20 * 1024 * 1024, hang_seconds: float = 3.0, crawl_delay: float | None = None
) -> dict[str, Handler]:
    """The fault endpoints for a site served at `base_url` (robots.txt replaced to add Crawl-delay and UA rules)."""
    base = base_url.rstrip("/")
    port = base.rsplit(":", 1)[-1]
    xml, gz = XML, "application/octet-stream"
    rss091 = (
        '<?xml version="1.0"?><rss version="0.91"><channel><title>old</title><link>/</link><description>d'
        f"</description><item><title>x</title><link>{base}/faults/rss091-item</link></item></channel></rss>"
    )
    rdf = (
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"><title>rdf</title></channel>'
        f'<item rdf:about="{base}/faults/rdf-item"><title>x</title><link>{base}/faults/rdf-item</link></item>'
        "</rdf:RDF>"
    )
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol2;</loc></url></urlset>'
    )
    home = (
        '<!doctype html><html><head><title>faults</title><link rel="alternate" type="application/rss+xml" '
        'href="/faults/rss.xml"><link rel="alternate" type="application/rss+xml" href="/faults/rss091.xml">'
        "</head><body><p>Fault endpoints for the crawler.</p></body></html>"
    )
    index = (
        '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(
            f"<sitemap><loc>{base}/faults/{name}</loc></sitemap>"
            for name in ("news-sitemap.xml.gz", "laughs.xml", "bomb-sitemap.xml.gz")
        )
        + "</sitemapindex>"
    )
    _bomb()  # built now: building it on the first request would look like a hang
    header_lies = article_html(base, "/faults/charset-header-lies").encode("utf-8")
    cp1251 = article_html(base, "/faults/charset-cp1251", "windows-1251").encode("cp1251")
    truncated = gzip.compress(article_html(base, "/faults/truncated-gzip").encode("utf-8"), mtime=0)
    routes: dict[str, Handler] = {
        "/robots.txt": lambda _r: Response(200, robots_txt(base, crawl_delay).encode(), "text/plain; charset=utf-8"),
        "/faults/": lambda _r: Response(200, home.encode("utf-8")),
        "/faults/rss.xml": lambda _r: Response(200, _rss(base).encode("utf-8"), "application/rss+xml"),
        "/faults/rss091.xml": lambda _r: Response(200, rss091.encode("utf-8"), xml),
        "/faults/rdf.xml": lambda _r: Response(200, rdf.encode("utf-8"), xml),
        "/faults/sitemap.xml": lambda _r: Response(200, index.encode("utf-8"), xml),
        "/faults/news-sitemap.xml.gz": _lazy(lambda: Response(200, _news_sitemap(base), gz)),
        "/faults/bomb-sitemap.xml.gz": lambda _r: Response(200, _bomb(), gz),
        "/faults/laughs.xml": lambda _r: Response(200, laughs.encode("utf-8"), xml),
        "/faults/flaky": _fail_once(500, _page(base, "/faults/flaky")),
        "/faults/busy": _fail_once(429, _page(base, "/faults/busy"), ("Retry-After", "1")),
        "/faults/gone-404": lambda _r: Response(404, b"gone"),
        "/faults/gone-410": lambda _r: Response(410, b"gone for good"),
        "/faults/hang": _hang(hang_seconds, _page(base, "/faults/flaky")),
        "/faults/loop-a": _redirect(302, "/faults/loop-b"),
        "/faults/loop-b": _redirect(302, f"{base}/faults/loop-a"),
        "/faults/moved": _redirect(301, "/faults/moved-target"),
        "/faults/to-localhost": _redirect(302, f"http://localhost:{port}/faults/flaky"),
        "/faults/charset-header-lies": lambda _r: Response(200, header_lies, "text/html; charset=windows-1251"),
        "/faults/charset-cp1251": lambda _r: Response(200, cp1251, "text/html; charset=utf-8"),
        "/faults/huge": _lazy(lambda: Response(200, b"<html><body>" + b"x" * huge_bytes)),
        "/faults/truncated-gzip": lambda _r: Response(
            200, truncated[: len(truncated) // 2], HTML, (("Content-Encoding", "gzip"),)
        ),
        "/faults/gzip-bomb": lambda _r: Response(200, _bomb(), HTML, (("Content-Encoding", "gzip"),)),
        "/faults/report.pdf": lambda _r: Response(200, tiny_pdf("Fault report"), "application/pdf"),
        "/faults/no-newsdesk/page": _page(base, "/faults/flaky"),
    }
    for path in ("/faults/moved-target", "/faults/news-1", "/faults/news-2", "/faults/rss091-item", "/faults/rdf-item"):
        routes[path] = _page(base, path)
    return routes


def fault_source(base_url: str, rate_limit: float = 200.0) -> Source:
    base = base_url.rstrip("/")
    return Source(
        name="faults",
        start_urls=(f"{base}/faults/", f"{base}/faults/rdf.xml", f"{base}/faults/sitemap.xml"),
        rate_limit=rate_limit,
    )
