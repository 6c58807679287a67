"""The sample site is the ground truth of every end-to-end test, so it must be stable, complete and honest."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from pipeline.sample_site import SampleSite, SiteApp, build_sample_site, sample_source, serve_sample_site
from pipeline.sample_site.lexicon import load_language
from pipeline.sample_site.render import TRACKING

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ATOM_NS = {"a": "http://www.w3.org/2005/Atom"}


@pytest.fixture(scope="module")
def site() -> SampleSite:
    return build_sample_site()


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_sample_site() as server:
        url = server.base_url
        yield url


@pytest.fixture(scope="module")
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=5) as http:
        yield http


def _canonical(html: str) -> str | None:
    node = HTMLParser(html).css_first('link[rel="canonical"]')
    return node.attributes.get("href") if node else None


def test_build_is_deterministic(site: SampleSite) -> None:
    assert build_sample_site.__wrapped__() == build_sample_site.__wrapped__() == site


def test_counts_languages_and_date_span(site: SampleSite) -> None:
    ru, en = site.in_language("ru"), site.in_language("en")
    assert len(ru) >= 48 and len(en) >= 20
    days = {a.published_at.date() for a in site.articles}
    assert len(days) >= 35
    span = (max(days) - min(days)).days + 1
    assert span > len(days), "some days must have no articles"
    assert max(Counter(a.published_at.date() for a in site.articles).values()) >= 3
    assert {a.published_at.utcoffset() for a in ru} == {timedelta(hours=3)}
    assert {a.published_at.utcoffset() for a in en} == {timedelta(0), timedelta(hours=1)}
    assert any(a.updated_at for a in site.articles) and not all(a.updated_at for a in site.articles)
    assert all(a.updated_at is None or a.updated_at > a.published_at for a in site.articles)
    assert [a.published_at for a in site.articles] == sorted(a.published_at for a in site.articles)


def test_article_shape(site: SampleSite) -> None:
    ru_names = {r.name for r in load_language("ru").rubrics} | {load_language("ru").raw["world_variant"]}
    en_names = {r.name for r in load_language("en").rubrics}
    assert {a.rubric for a in site.in_language("ru")} == ru_names
    assert {a.rubric for a in site.in_language("en")} == en_names
    for article in site.articles:
        assert 40 <= len(article.title) <= 110, article.title
        assert 3 <= len(article.paragraphs) <= 7
        assert 1 <= len(article.authors) <= 2
        assert 2 <= len(article.tags) <= 4
        assert article.lead.endswith(".") and article.lead.count(". ") == 0
        assert article.path.endswith(article.slug)
    assert len({a.title for a in site.articles}) == len(site.articles)
    assert len(site.by_path) == len(site.articles)


def test_topic_words_and_inflected_entities_recur(site: SampleSite) -> None:
    ru_text = " ".join(f"{a.title} {a.lead} {a.body}" for a in site.in_language("ru"))
    en_text = " ".join(f"{a.title} {a.lead} {a.body}" for a in site.in_language("en")).lower()
    sanctions = load_language("ru").raw["topic_tags"][0][0]
    assert sum(word.startswith(sanctions) for word in ru_text.lower().split()) >= 10
    assert en_text.count("sanctions") >= 5 and en_text.count("elections") >= 3
    person = next(p for p in load_language("ru").people if not p.female and "Мир" in p.rubrics)
    forms_seen = {case for case in ("nom", "gen", "dat", "ins") if f" {getattr(person.surname, case)} " in ru_text}
    assert person.full.nom in ru_text and len(forms_seen) >= 2


def test_text_is_not_repeated_verbatim(site: SampleSite) -> None:
    owners: Counter[str] = Counter()
    for article in site.articles:
        owners.update(set(article.paragraphs))
    repeated = [p for p, count in owners.items() if count > 1]
    assert len(repeated) <= len(owners) * 0.05
    assert max(owners.values()) <= 3


def test_whole_site_renders_fast(site: SampleSite) -> None:
    started = time.perf_counter()
    app = SiteApp(site, "http://127.0.0.1:1")
    statuses = Counter(app.handle(path).status for path in list(app.routes))
    assert time.perf_counter() - started < 1.0
    assert statuses[200] >= len(site.articles)


def test_every_article_is_served_with_its_canonical_link(site: SampleSite, client: httpx.Client, base_url: str) -> None:
    for article in site.articles:
        response = client.get(article.path)
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        assert int(response.headers["content-length"]) == len(response.content)
        assert _canonical(response.text) == article.url(base_url)
        assert article.title in response.text
        assert f'lang="{article.lang}"' in response.text


def test_url_variants_serve_identical_pages(site: SampleSite, client: httpx.Client) -> None:
    for article in site.articles[::7]:
        canonical = client.get(article.path).content
        assert client.get(article.path + "/").content == canonical
        assert client.get(article.path + TRACKING).content == canonical
        assert client.get(article.path + "/" + TRACKING).content == canonical


def test_broken_paths_behave_as_declared(site: SampleSite, client: httpx.Client) -> None:
    assert {b.kind for b in site.broken} == {
        "server_error",
        "not_found",
        "empty",
        "moved",
        "pdf",
        "private",
        "script_only",
    }
    for broken in site.broken:
        assert broken.path not in site.by_path
        response = client.get(broken.path)
        assert response.status_code == broken.status, broken.kind
        assert response.headers["content-type"] == broken.content_type
    kinds = {b.kind: b.path for b in site.broken}
    assert client.get(kinds["empty"]).content == b""
    moved = HTMLParser(client.get(kinds["moved"]).text)
    assert moved.css_first("h1") is None and moved.css_first("article") is None and moved.css("nav a")
    assert client.get(kinds["pdf"]).content.startswith(b"%PDF-")
    assert kinds["private"].startswith("/private/")
    assert "Disallow: /private/" in client.get("/robots.txt").text


def test_robots_and_source(client: httpx.Client, base_url: str) -> None:
    robots = client.get("/robots.txt")
    assert robots.headers["content-type"].startswith("text/plain")
    assert "User-agent: *" in robots.text and f"Sitemap: {base_url}/sitemap.xml" in robots.text
    source = sample_source(base_url)
    assert source.name == "sample" and source.rate_limit >= 20
    for url in source.start_urls:
        assert client.get(url).status_code == 200


def test_feeds_and_sitemaps_list_the_articles(site: SampleSite, client: httpx.Client, base_url: str) -> None:
    rss = ET.fromstring(client.get("/rss.xml").content)
    links = [item.findtext("link") for item in rss.iter("item")]
    newest = sorted(site.articles, key=lambda a: a.published_at, reverse=True)[:30]
    assert links == [a.url(base_url) + TRACKING for a in newest]
    atom = ET.fromstring(client.get("/en/atom.xml").content)
    atom_links = {e.find("a:link", ATOM_NS).get("href") for e in atom.findall("a:entry", ATOM_NS)}
    assert atom_links == {a.url(base_url) + TRACKING for a in site.in_language("en")}
    index = ET.fromstring(client.get("/sitemap.xml").content)
    (child,) = [loc.text for loc in index.findall("sm:sitemap/sm:loc", SITEMAP_NS)]
    urlset = ET.fromstring(client.get(child).content)
    locs = {loc.text for loc in urlset.findall("sm:url/sm:loc", SITEMAP_NS)}
    assert {a.url(base_url) for a in site.articles} <= locs
    assert len(urlset.findall("sm:url/sm:lastmod", SITEMAP_NS)) == len(locs)
    broken_in_sitemap = {base_url + b.path for b in site.broken if b.in_sitemap}
    assert locs - {a.url(base_url) for a in site.articles} == broken_in_sitemap


def test_listing_pages_cover_everything(site: SampleSite, client: httpx.Client) -> None:
    hrefs: list[str] = []
    page, url = 1, "/news/"
    while url:
        tree = HTMLParser(client.get(url).text)
        items = tree.css(".node__cart__item__inside")
        assert len(items) == 10 or tree.css_first("a[rel=next]") is None
        hrefs += [node.attributes["href"] for node in items]
        nxt = tree.css_first("a[rel=next]")
        url = nxt.attributes["href"] if nxt else ""
        page += 1
    assert {a.path + "/" for a in site.articles} <= set(hrefs)
    assert {b.path for b in site.broken} <= {h.rstrip("/") for h in hrefs}
    assert client.get("/news/", params={"page": page}).status_code == 404
    rubric = client.get(f"/rubric/{site.articles[0].rubric_slug}/")
    assert rubric.status_code == 200 and site.articles[0].title in rubric.text


def test_headline_rail_changes_over_time(site: SampleSite, client: httpx.Client) -> None:
    ru = site.in_language("ru")
    late = ru[-1]
    tree = HTMLParser(client.get(late.path).text)
    items = tree.css(".lenta-item")
    assert len(items) == 17
    for item, expected in zip(items, site.rail_for(late), strict=True):
        rubric, headline = item.css("a")
        assert rubric.text() == expected.rubric
        assert rubric.attributes["href"] == f"/rubric/{expected.rubric_slug}/"
        assert headline.text() == expected.title
        target = headline.attributes["href"].split("#")[0]
        assert client.get(target).status_code == 200 and target in site.by_path
    assert any("#comments" in item.css("a")[1].attributes["href"] for item in items)
    assert late.path not in {a.path for a in site.rail_for(late)}
    assert site.rail_for(ru[20]) != site.rail_for(late)
    assert len(site.rail_for(ru[0])) == 0 and len(site.expected_headlines(late, "http://x")) == 17


def test_article_page_furniture(site: SampleSite, client: httpx.Client) -> None:
    ru, en = site.in_language("ru")[-1], site.in_language("en")[-1]
    ru_html = client.get(ru.path).text
    for marker in (
        "Озвучить текст",
        "Выделить главное",
        "Читайте также",
        "Прямой эфир",
        "Фото: ",
        "og:title",
    ):
        assert marker in ru_html
    body = HTMLParser(ru_html).css("[itemprop=articleBody] p")
    assert [p.text() for p in body] == [ru.lead, *ru.paragraphs]
    en_tree = HTMLParser(client.get(en.path).text)
    assert en_tree.css_first(".byline").text().startswith("By ")
    assert len(en_tree.css(".most-read__item")) == 10
    assert any(a.json_ld for a in site.articles) and not all(a.json_ld for a in site.articles)
    assert any(a.published_meta for a in site.articles) and not all(a.published_meta for a in site.articles)
