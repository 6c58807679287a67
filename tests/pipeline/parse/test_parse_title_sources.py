"""Which headline a page's sources give, and main-content detection against consent banners."""

from __future__ import annotations

from datetime import UTC, datetime

from pipeline.parse import parse_page

NOW = datetime(2026, 9, 20, tzinfo=UTC)
TEXT = "<p>" + "The council met on the matter and agreed on a plan for the bridge, after a long debate. " * 4 + "</p>"


def _title(head: str, h1: str = "New Zealand") -> str | None:
    html = f"<html><head>{head}</head><body><article><h1>{h1}</h1>{TEXT}</article></body></html>"
    article = parse_page(html, None, now=NOW).article
    return article.title if article else None


def test_json_ld_headline_that_describes_the_entity_is_not_the_title() -> None:
    ld = '<script type="application/ld+json">{"@type": "Article", "headline": "constitutional monarchy in Oceania"}'
    assert _title(ld + "</script><title>New Zealand - Wikipedia</title>") == "New Zealand"


def test_json_ld_headline_that_agrees_with_the_page_wins_over_the_h1() -> None:
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Bridge reopens after two years"}'
    head = ld + "</script><title>Bridge reopens after two years | Courier</title>"
    assert _title(head, h1="Bridge reopens") == "Bridge reopens after two years"


def test_cookie_settings_do_not_outscore_a_short_article() -> None:
    consent = "".join(
        f"<p>We use cookies, {i}, to remember your settings, measure traffic and, with your consent, show ads.</p>"
        for i in range(8)
    )
    article = (
        "<p>Ultium Cells invests another 275 million dollars in its factory, raising capacity by more than 40 per"
        " cent, the company said on Tuesday.</p><p>Two more cell plants are being built in Ohio and Michigan, with a"
        " combined volume of over 130 gigawatt hours a year.</p>"
    )
    html = (
        f'<html><body><div class="tab_inner_content">{consent}</div>'
        f'<div class="avia_textblock"><h1>Ultium Cells expands</h1>{article}</div></body></html>'
    )
    text = parse_page(html, None, now=NOW).text or ""
    assert "Ultium Cells invests" in text
    assert "cookies" not in text


def test_a_tail_the_h1_also_prints_is_part_of_the_headline() -> None:
    head = '<meta property="og:title" content="Dog chases off burglars – police seek witnesses">'
    assert _title(head, h1="Dog chases off burglars – police seek witnesses") == (
        "Dog chases off burglars – police seek witnesses"
    )
    assert _title(head.replace("police seek witnesses", "Courier"), h1="Dog chases off burglars") == (
        "Dog chases off burglars"
    )


def test_an_h1_in_the_page_header_is_the_logo_and_the_title_is_the_headline() -> None:
    html = (
        "<html><head><title>Literature and animated typography | moving letters</title></head><body>"
        '<div id="header"><h1>moving letters</h1></div><div class="post">'
        f"<h2>Literature and animated typography</h2>{TEXT}</div></body></html>"
    )
    article = parse_page(html, None, now=NOW).article
    assert article is not None and article.title == "Literature and animated typography"


def test_an_h1_in_the_content_stays_the_headline_even_unlike_the_title() -> None:
    html = (
        "<html><head><title>Car loans – credit or leasing?</title></head><body><main><section>"
        f"<h1>Financing your car</h1>{TEXT}</section></main></body></html>"
    )
    article = parse_page(html, None, now=NOW).article
    assert article is not None and article.title == "Financing your car"


def test_site_name_joined_by_a_hyphen_is_part_of_a_word() -> None:
    head = '<meta property="og:title" content="GdP-Vize Klemmer: Mangelnde Wertschätzung">'
    head += '<meta property="og:site_name" content="GdP">'
    assert _title(head, h1="Klemmer") == "GdP-Vize Klemmer: Mangelnde Wertschätzung"


def test_site_name_ending_in_punctuation_is_stripped() -> None:
    head = (
        '<meta property="og:title" content="Balsamo Stella, Guido (I) - Deutsche Exlibris-Gesellschaft e.V.">'
        '<meta property="og:site_name" content="Deutsche Exlibris-Gesellschaft e.V.">'
    )
    assert _title(head, h1="Exlibris") == "Balsamo Stella, Guido (I)"


def test_an_h1_that_is_the_titles_site_name_is_skipped_for_the_next_one() -> None:
    html = (
        "<html><head><title>Kleine Schafskunde | Mäscot das Schaf</title></head><body><main>"
        f"<h1>Mäscot das Schaf</h1><div><h1>Kleine Schafskunde</h1>{TEXT}</div></main></body></html>"
    )
    article = parse_page(html, None, now=NOW).article
    assert article is not None and article.title == "Kleine Schafskunde"


def test_the_headline_is_taken_out_of_a_trail_of_site_and_sections() -> None:
    from pipeline.parse.titles import strip_site_suffix

    trail = "Заречинский вестник :: Новости :: В Заречинске отремонтируют мост через Сосновку"
    assert strip_site_suffix(trail) == "В Заречинске отремонтируют мост через Сосновку"
    assert (
        strip_site_suffix("Мост отремонтируют до конца лета | Новости | Вестник") == "Мост отремонтируют до конца лета"
    )
    # Dashes inside a headline are not a trail.
    assert (
        strip_site_suffix("Trump - Biden - debate: who won the first round")
        == "Trump - Biden - debate: who won the first round"
    )
