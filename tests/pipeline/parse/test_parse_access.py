"""Paywalled and script-drawn pages are named as such, never mistaken for open articles or parser failures."""

import json

import pytest

from pipeline.parse import parse_page

PARAGRAPHS = "".join(
    f"<p>Paragraph {i} of the article says something about the harbour and the council meeting that week.</p>"
    for i in range(12)
)


def _page(head: str = "", body: str = "") -> str:
    return f"<html lang='en'><head><title>Harbour plan</title>{head}</head><body>{body}</body></html>"


def _ld(**fields: object) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Harbour plan", **fields}
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


def test_an_ordinary_article_is_open() -> None:
    parsed = parse_page(_page(body=f"<article><h1>Harbour plan</h1>{PARAGRAPHS}</article>"))
    assert parsed.error is None
    assert parsed.access == "open"


@pytest.mark.parametrize("free", [False, "False", "false"])
def test_schema_org_is_accessible_for_free_false_means_paywalled(free: object) -> None:
    teaser = "<p>The council approved the harbour plan on Tuesday after a long debate.</p>"
    parsed = parse_page(_page(_ld(isAccessibleForFree=free), f"<article><h1>Harbour plan</h1>{teaser}</article>"))
    assert parsed.access == "paywalled"
    assert parsed.article is not None and parsed.article.title == "Harbour plan"


def test_a_paywalled_part_declared_in_has_part_counts() -> None:
    ld = _ld(hasPart={"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".locked"})
    parsed = parse_page(_page(ld, f"<article><h1>Harbour plan</h1>{PARAGRAPHS}</article>"))
    assert parsed.access == "paywalled"
    assert parsed.error is None, "the full text is in the HTML for search engines: still an article"


def test_a_locked_content_tier_meta_means_paywalled() -> None:
    head = "<meta property='article:content_tier' content='locked'>"
    assert parse_page(_page(head, "<article><h1>Harbour plan</h1><p>Short teaser.</p></article>")).access == (
        "paywalled"
    )


def test_a_paywall_box_beside_a_teaser_means_paywalled() -> None:
    body = (
        "<article><h1>Harbour plan</h1><p>The council approved the plan on Tuesday.</p>"
        "<div class='article-paywall'><p>Subscribe to read the rest.</p></div></article>"
    )
    assert parse_page(_page(body=body)).access == "paywalled"


def test_a_paywall_box_next_to_a_full_text_is_not_a_paywall() -> None:
    body = f"<article><h1>Harbour plan</h1>{PARAGRAPHS}</article><div class='paywall-offer'>Subscribe</div>"
    assert parse_page(_page(body=body)).access == "open"


def test_subscription_marketing_words_alone_are_not_a_paywall() -> None:
    body = "<article><h1>Harbour plan</h1><p>Subscribe to our premium newsletter!</p></article>"
    assert parse_page(_page(body=body)).access == "open"


@pytest.mark.parametrize(
    "shell",
    [
        "<div id='root'></div><script src='/static/app.js'></script>",
        "<div id='__next'></div><script>window.__DATA__ = {}</script>",
        "<noscript>You need to enable JavaScript to run this app.</noscript><div id='mount'></div>",
        "<noscript>Для работы сайта включите JavaScript в браузере</noscript><div class='app'></div>",
    ],
)
def test_an_empty_application_shell_needs_javascript(shell: str) -> None:
    parsed = parse_page(_page(body=shell + "<script>" + "var x = 1;" * 2000 + "</script>"))
    assert parsed.access == "needs_javascript"
    assert parsed.error == "no article body found: the page draws its content with JavaScript"


def test_a_server_rendered_app_with_its_text_is_open() -> None:
    body = f"<div id='root'><article><h1>Harbour plan</h1>{PARAGRAPHS}</article></div>"
    body += "<noscript>Enable JavaScript for comments.</noscript>"
    parsed = parse_page(_page(body=body))
    assert parsed.access == "open"
    assert parsed.error is None


def test_a_short_notice_page_is_not_called_a_script_shell() -> None:
    parsed = parse_page(_page(body="<div class='notice'><p>This page has moved to the archive.</p></div>"))
    assert parsed.error == "no article body found"
    assert parsed.access == "open"
