"""The bundled sample site knows the rail each article page shows; the detector must find exactly that rail.

Russian pages carry the izvestia-style flat rail (rubric link, headline link), English pages a numbered "Most read"
list with a section label inside each link. Pages early in the site's history show fewer than four headlines,
which is too few to tell a rail from a handful of links, so they are left out.
"""

from __future__ import annotations

import httpx

from pipeline.parse import parse_page
from pipeline.parse.rails.groups import MIN_ITEMS
from pipeline.sample_site import build_sample_site, serve_sample_site


def test_every_article_page_yields_its_rail_and_article() -> None:
    site = build_sample_site()
    checked = {"ru": 0, "en": 0}
    with serve_sample_site() as server, httpx.Client(timeout=5) as client:
        for article in site.articles:
            expected = list(site.expected_headlines(article, server.base_url))
            if len(expected) < MIN_ITEMS:
                continue
            url = article.url(server.base_url)
            parsed = parse_page(client.get(url).content, url)
            assert parsed.headlines == expected, article.path
            assert parsed.article is not None and parsed.article.title == article.title
            checked[article.lang] += 1
    assert checked["ru"] >= 20 and checked["en"] >= 10
