"""Discovery on hand-made documents: kinds judged by content, every feed and sitemap format, hostile input refused."""

from __future__ import annotations

import gzip
import zlib
from datetime import datetime

import pytest

from pipeline.discover import DiscoveryError, classify, discover

BASE = "https://news.example/"


def test_kind_is_read_from_content_not_name() -> None:
    assert classify(b'\xef\xbb\xbf<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>', None) == "feed"
    assert classify(b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"/>', "text/html") == "feed"
    assert classify(b"<urlset></urlset>", "text/html") == "sitemap"
    assert classify(gzip.compress(b"<urlset/>"), "text/xml") == "gzip"
    assert classify(b"User-agent: *\nDisallow: /x\n", "text/html") == "robots"
    assert classify(b"<!DOCTYPE html><html></html>", "application/xml") == "html"
    assert classify(b"%PDF-1.4", "text/html") == "html"  # servers lie about types; the parser refuses it later
    assert classify(b"%PDF-1.4", "application/pdf") == "other"


def test_rss_and_atom_items_with_their_dates() -> None:
    rss = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><item><link>/a?utm_source=x</link>'
        b"<pubDate>Mon, 14 Sep 2026 10:00:00 +0300</pubDate></item></channel></rss>"
    )
    atom = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="https://news.example/b"/>'
        b"<updated>2026-09-15T08:00:00Z</updated></entry></feed>"
    )
    (item,) = discover(BASE, rss, None).articles
    assert item.url == "https://news.example/a?utm_source=x" and item.modified_at == datetime.fromisoformat(
        "2026-09-14T10:00:00+03:00"
    )
    (entry,) = discover(BASE, atom, None).articles
    assert entry.url == "https://news.example/b" and entry.modified_at.isoformat().startswith("2026-09-15T08:00")


def test_sitemap_index_gzip_and_news_sitemap() -> None:
    index = b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>/s1.xml.gz</loc></sitemap></sitemapindex>'
    assert discover(BASE, index, None).documents == ["https://news.example/s1.xml.gz"]
    news = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/'
        b'sitemap-news/0.9"><url><loc>https://news.example/n</loc><news:news><news:publication_date>'
        b"2026-09-16T12:00:00+03:00</news:publication_date></news:news></url>"
        b"<url><loc>https://news.example/m</loc><lastmod>2026-09-17</lastmod></url></urlset>"
    )
    found = discover(BASE, gzip.compress(news), "application/octet-stream")
    assert [(link.url, link.modified_at.day) for link in found.articles] == [
        ("https://news.example/n", 16),
        ("https://news.example/m", 17),
    ]


def test_hostile_xml_and_gzip_bombs_are_refused() -> None:
    laughs = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><urlset><url><loc>&a;</loc></url></urlset>'
    with pytest.raises(DiscoveryError, match="entities"):
        discover(BASE, laughs, None)
    external = b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><urlset></urlset>'
    with pytest.raises(DiscoveryError, match="refused"):
        discover(BASE, external, None)
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    bomb = b"".join(packer.compress(b"\0" * 1_048_576) for _ in range(8)) + packer.flush()
    assert len(bomb) < 10_000
    with pytest.raises(DiscoveryError, match="inflates past 1 MB"):
        discover(BASE, bomb, None, max_bytes=1_048_576)


def test_listing_pagination_feed_autodiscovery_and_robots_sitemaps() -> None:
    html = (
        b'<html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head><body>'
        b'<a href="/news/1">A long enough headline about the news</a><a href="/news/1#c">A long enough headline '
        b'about the news</a><a href="https://other.example/x">An external headline that is long enough</a>'
        b'<a href="/list?page=2" rel="next">2</a><a href="/list?page=3">Next</a></body></html>'
    )
    found = discover(BASE + "list", html, "text/html")
    assert [link.url for link in found.articles] == ["https://news.example/news/1"]
    assert found.documents == ["https://news.example/rss", "https://news.example/list?page=2", BASE + "list?page=3"]
    robots = b"User-agent: *\nDisallow: /private/\nSitemap: https://news.example/sitemap.xml\n"
    assert discover(BASE + "robots.txt", robots, "text/plain").documents == ["https://news.example/sitemap.xml"]
    with pytest.raises(DiscoveryError, match="not a feed"):
        discover(BASE, b"\x89PNG....", "image/png")
