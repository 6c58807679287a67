"""Body detection across layouts and publication dates from every source, on small hand-written pages."""

from __future__ import annotations

from datetime import datetime

import pytest

from pipeline.parse import parse_article, parse_date, parse_page
from pipeline.parse.dates import first_date_in

NOW = datetime(2026, 1, 1)
PROSE = "Der Stadtrat hat am Abend über den neuen Haushalt beraten, und die Mehrheit stimmte nach langer Debatte zu. "


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body><header><a href='/'>Start</a></header>{body}</body></html>"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Veröffentlicht am 24. März 2020 um 10:15 Uhr", datetime(2020, 3, 24, 10, 15)),
        ("12 de marzo de 2020", datetime(2020, 3, 12)),
        ("3 mars 2021, 08:30", datetime(2021, 3, 3, 8, 30)),
        ("22.04.2020, 14:05", datetime(2020, 4, 22, 14, 5)),
        ("9 апреля 2025, 14:05", datetime(2025, 4, 9, 14, 5)),
        ("April 9, 2025", datetime(2025, 4, 9)),
    ],
)
def test_visible_dates_in_several_languages(text: str, expected: datetime) -> None:
    assert parse_date(text, NOW) == expected


def test_first_date_in_text_is_the_earliest_one() -> None:
    text = "Pressemitteilung vom 25. Januar 2022 | Berlin. Das Urteil vom 12.04.2021 bleibt."
    assert first_date_in(text, NOW) == datetime(2022, 1, 25)
    assert first_date_in("no date here at all", NOW) is None


def test_dateline_next_to_headline_wins_over_event_dates_in_text() -> None:
    body = (
        "<div><p class='kicker'>Pressemitteilung vom 25. Januar 2022</p><h1>Haushalt beschlossen</h1></div>"
        f"<div class='text'><p>Am 3. März 2021 begann die Debatte. {PROSE * 3}</p><p>{PROSE * 2}</p></div>"
    )
    article = parse_article(page(body), "https://example.org/haushalt", now=NOW)
    assert article.published_at == datetime(2022, 1, 25)


def test_jsonld_date_outside_the_article_object_is_used() -> None:
    node = '{"@type": "WebPage", "datePublished": "2021-05-04T09:00:00+02:00"}'
    ld = f'{{"@context": "https://schema.org", "@graph": [{node}]}}'
    head = f'<script type="application/ld+json">{ld}</script>'
    article = parse_article(page(f"<h1>Titel</h1><p>{PROSE * 4}</p>", head), "https://example.org/a", now=NOW)
    assert article.published_at is not None and article.published_at.isoformat() == "2021-05-04T09:00:00+02:00"


def test_microdata_date_on_a_visible_element() -> None:
    body = (
        f"<h1>Titel</h1><span itemprop='datePublished' content='2020-02-18T10:00:00Z'>gestern</span><p>{PROSE * 4}</p>"
    )
    article = parse_article(page(body), "https://example.org/a", now=NOW)
    assert article.published_at is not None and article.published_at.date().isoformat() == "2020-02-18"


def test_url_date_beats_a_conflicting_dateline() -> None:
    body = f"<h1>Titel</h1><div class='date'>1. Mai 2019</div><p>{PROSE * 4}</p>"
    article = parse_article(page(body), "https://example.org/2020/05/02/titel", now=NOW)
    assert article.published_at == datetime(2020, 5, 2)


def test_article_split_into_sibling_blocks_is_read_whole() -> None:
    first = "".join(f"<p>Erster Block, Absatz {i}: {PROSE}</p>" for i in range(4))
    second = "".join(f"<p>Zweiter Block, Absatz {i}: {PROSE}</p>" for i in range(3))
    body = (
        f"<main><h1>Titel</h1><div class='a'>{first}</div><div class='embed'><iframe></iframe></div>"
        f"<div class='b'>{second}</div><div class='related-articles'><p>{PROSE}</p></div></main>"
    )
    text = parse_page(page(body), "https://example.org/a").text or ""
    assert "Erster Block, Absatz 0" in text and "Zweiter Block, Absatz 2" in text
    assert text.count(PROSE.strip()) == 7


def test_prose_in_divs_without_paragraph_tags() -> None:
    noise = "".join(f"<p><a href='/x{i}'>Link {i} zu einem anderen Artikel der Seite</a></p>" for i in range(5))
    prose = "".join(f"<div class='para'>Absatz {i}. {PROSE}</div>" for i in range(5))
    text = parse_page(page(f"<div>{noise}</div><article><h1>T</h1>{prose}</article>"), None).text or ""
    assert "Absatz 0." in text and "Absatz 4." in text and "Link 1" not in text


def test_cjk_paragraphs_without_spaces_are_kept() -> None:
    sentence = "昨年の元日に起きた能登半島地震を受け、救出救助活動に不可欠な警察の情報通信環境の整備が進められている。"
    body = "<article><h1>見出し</h1>" + "".join(f"<p>第{i}段落。{sentence}</p>" for i in range(4)) + "</article>"
    text = parse_page(page(body), None).text or ""
    assert text.count(sentence) == 4 and text.index("第0段落") < text.index("第3段落")


def test_page_text_keeps_the_lead_that_the_body_drops() -> None:
    lead = "Der Haushalt für das kommende Jahr ist beschlossen, nach langer Debatte im Stadtrat."
    head = f'<meta property="og:description" content="{lead}">'
    html = page(f"<article><h1>T</h1><p class='article-lead'>{lead}</p><p>{PROSE * 3}</p></article>", head)
    parsed = parse_page(html, None)
    assert parsed.article is not None and parsed.article.body is not None
    assert parsed.article.lead == lead
    assert not parsed.article.body.startswith(lead)
    assert parsed.text is not None and parsed.text.startswith(lead)


def test_a_description_that_repeats_the_opening_paragraph_is_no_lead() -> None:
    """Wire stories have no standfirst; their description is the first paragraph, whole or cut off with an ellipsis
    and the agency's name. Taken for a lead, it would also take the first paragraph out of the body."""
    first = "Der Haushalt für das kommende Jahr ist beschlossen, nach langer Debatte im Stadtrat, teilte die Stadt mit."
    for description in (first, first[:60] + "... Stadtanzeiger, 09.04.2025"):
        head = f'<meta property="og:description" content="{description}">'
        parsed = parse_page(page(f"<article><h1>T</h1><p>{first}</p><p>{PROSE * 3}</p></article>", head), None)
        assert parsed.article is not None and parsed.article.lead is None
        assert parsed.article.body is not None and parsed.article.body.startswith(first)
