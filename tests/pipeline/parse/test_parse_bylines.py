"""Author names from bylines: labels dropped, look-alike text refused, other articles' bylines left alone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pipeline.parse import parse_article
from pipeline.parse.bylines import split_names, without_credits

NOW = datetime(2026, 9, 20, tzinfo=UTC)
TEXT = "<p>" + "The council met on the matter and agreed on a plan for the bridge, after a long debate. " * 4 + "</p>"


def authors(body: str, head: str = "") -> tuple[str, ...]:
    html = f"<html><head>{head}</head><body><article><h1>Bridge plan agreed</h1>{body}{TEXT}</article></body></html>"
    return parse_article(html, None, now=NOW).authors


@pytest.mark.parametrize(
    "byline",
    [
        '<div class="author">Von<br><a href="/a/kern">Julia Kern</a></div>',
        '<div class="author"><span>Veröffentlicht von</span>\n<a href="/a/kern">Julia Kern</a></div>',
        '<p class="byline">Par\n<b>Julia Kern</b></p>',
        '<div class="author">Erstellt von Julia Kern</div>',
        '<div class="author">Julia Kern\n01.12.2021</div>',
    ],
)
def test_label_lines_and_dates_are_not_names(byline: str) -> None:
    assert authors(byline) == ("Julia Kern",)


def test_link_text_in_a_byline_is_not_a_name() -> None:
    assert split_names("Bob Fischer, weiter, Weitere Artikel", visible=True) == ["Bob Fischer"]
    assert split_names("Heiko Sauer, SHOW ALL ARTICLES OF", visible=True) == ["Heiko Sauer"]
    assert split_names("/* inline tdc_css att */", visible=True) == []


def test_declared_names_are_kept_as_written() -> None:
    assert split_names("srf/hosb, kesm") == ["srf/hosb", "kesm"]
    assert split_names("Monika Bolliger und Anna Trechsel") == ["Monika Bolliger", "Anna Trechsel"]


def test_related_articles_bylines_are_not_this_articles_authors() -> None:
    byline = '<div class="meta"><a rel="author" href="/a/turner">Tatyana Turner</a></div>'
    related = "".join(
        f'<div class="related"><div class="card"><div><a rel="author" href="/a/{n}">{n} Smith</a></div></div></div>'
        for n in ("Claire", "Emma", "Daniel")
    )
    html = (
        f"<html><body><article><h1>Bridge plan agreed</h1>{byline}{TEXT}</article>"
        f"<aside><section><div>{related}</div></section></aside></body></html>"
    )
    assert parse_article(html, None, now=NOW).authors == ("Tatyana Turner",)


def test_publisher_next_to_a_person_is_a_credit() -> None:
    assert without_credits(["Rob Picheta", "CNN"], "CNN") == ["Rob Picheta"]
    assert without_credits(["Ernst Lohoff", "jungle.world"], None) == ["Ernst Lohoff"]
    assert without_credits(["Attac France"], "Attac France") == ["Attac France"]


def test_names_in_elements_of_their_own_are_all_read() -> None:
    byline = (
        '<div class="ArticleHeader_authors"><span>Авторы</span>\n<a href="/author/d-orlov">Дмитрий Орлов</a>,\n'
        '<a href="/author/e-belova">Екатерина Белова</a>\n<time>9 апреля</time></div>'
    )
    assert authors(byline) == ("Дмитрий Орлов", "Екатерина Белова")
    joined = '<p class="byline">By <a href="/a/doe">Jane Doe</a> and <a href="/a/roe">John Roe</a></p>'
    assert authors(joined) == ("Jane Doe", "John Roe")


def test_affiliations_after_names_are_dropped_and_every_name_kept() -> None:
    byline = (
        '<div class="article__author">Authors: <a href="/a/jm">Jake Morales</a> (KTVM), '
        '<a href="/a/dw">Dana Whitfield</a> (KTVM)</div>'
    )
    assert authors(byline) == ("Jake Morales", "Dana Whitfield")


def test_the_paper_named_as_author_in_json_ld_gives_way_to_the_byline() -> None:
    head = (
        '<meta property="og:site_name" content="Вестник">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Organization", '
        '"name": "Вестник"}}</script>'
    )
    byline = '<div class="article-authors">Текст: <a href="/author/sokolova">Ирина Соколова</a></div>'
    assert authors(byline, head) == ("Ирина Соколова",)
    assert authors("", head) == ("Вестник",)


def test_an_agency_named_as_author_is_kept() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"name": "dpa"}}</script>'
    byline = '<div class="article-authors"><a href="/author/sokolova">Ирина Соколова</a></div>'
    assert authors(byline, head) == ("dpa",)


def test_a_chinese_byline_under_a_site_named_as_author() -> None:
    html = (
        "<html><head><title>乡村食堂让独居老人吃上热乎饭-华夏新闻网</title>"
        '<meta name="author" content="华夏新闻网"></head><body><article><h1>乡村食堂让独居老人吃上热乎饭</h1>'
        f'<span class="author">作者：王明、李华</span>{TEXT}</article></body></html>'
    )
    assert parse_article(html, None, now=NOW).authors == ("王明", "李华")


def test_text_credit_wins_over_a_photo_credit() -> None:
    credits = (
        '<div class="cover-author">Фото: Артём Гусев / СеверПресс</div><div class="credits">'
        '<div><span>Текст:</span> <a href="/authors/melnik/">Ольга Мельник</a></div>'
        '<div><span>Фото:</span> <a href="/authors/gusev/">Артём Гусев</a></div></div>'
    )
    assert authors(credits) == ("Ольга Мельник",)


def test_a_photo_authors_element_is_not_the_byline() -> None:
    credits = (
        '<p class="media__author">Фото: Андрей Голубев, Курьеръ</p><p class="text document_authors">Ольга Никитина</p>'
    )
    assert authors(credits) == ("Ольга Никитина",)
