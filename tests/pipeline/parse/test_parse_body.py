from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from pipeline.parse import ParsedPage, parse_article, parse_page
from pipeline.records import ParseError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "html"
IZVESTIA_URL = "https://vestnik.example/1700500/2025-04-09/ostrova-i-aliyans"
BBC_URL = "https://www.courier.example/news/uk-70001234"
BOILERPLATE = (
    "Озвучить текст",
    "Выделить главное",
    "Вкл",
    "Выкл",
    "Читайте также",
    "Фото:",
    "Прямой эфир",
    "Реклама",
    "cookie",
    "Поделиться",
    "Главное",
    "Зенитчики отразили",
)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_izvestia_body_paragraphs_in_order() -> None:
    body = parse_article(fixture("izvestia_like_ru.html"), IZVESTIA_URL).body
    assert body is not None
    paragraphs = body.split("\n\n")
    assert paragraphs[0].startswith("Премьер-министр островного государства")
    assert paragraphs[2] == "Реакция соседей"
    assert paragraphs[-1].endswith("покупателей военной продукции.")
    assert len(paragraphs) == 5


@pytest.mark.parametrize("phrase", BOILERPLATE)
def test_izvestia_boilerplate_excluded(phrase: str) -> None:
    body = parse_article(fixture("izvestia_like_ru.html"), IZVESTIA_URL).body
    assert body is not None and phrase not in body


def test_bbc_body_excludes_widgets_and_keeps_headings() -> None:
    body = parse_article(fixture("bbc_like_en.html"), BBC_URL).body
    assert body is not None
    assert body.startswith("Residents of a small harbour town")
    assert "\n\nWhat happens next\n\n" in body
    for phrase in ("cookies", "Photo:", "Share", "Related", "Most read", "Volcano", "Copyright", "By Jane"):
        assert phrase not in body


def test_jsonld_body_preferred_when_dom_is_a_teaser() -> None:
    body = parse_article(fixture("jsonld_ru.html")).body
    assert body is not None and "полтора года" in body and "подписчикам" not in body


def test_text_without_paragraph_tags_and_line_breaks() -> None:
    text = "Первая строка новости о погоде в городе, где ожидаются дожди и сильный ветер до вечера."
    second = text.replace("Первая", "Вторая")
    html = f"<html><body><h1>Погода</h1><div class='story'>{text}<br><br>{second}</div></body></html>"
    body = parse_article(html).body
    assert body is not None and body.split("\n\n") == [text, second]


def test_a_short_notice_without_article_markup_is_not_an_article() -> None:
    notice = "Материал перенесен в архив и временно недоступен: на сайте ведутся технические работы."
    html = f"<html><head><title>Страница перенесена</title></head><body><div><p>{notice}</p></div></body></html>"
    with pytest.raises(ParseError):
        parse_article(html)


def test_br_does_not_glue_words() -> None:
    html = "<html><body><article><p>" + "Слово<br>другое слово в длинном предложении о событиях дня. " * 3
    body = parse_article(html + "</p></article></body></html>").body
    assert body is not None and "Слово другое" in body


def test_inline_related_paragraph_dropped() -> None:
    paragraph = "<p>Основной текст статьи о событиях в городе, где вчера открыли библиотеку для детей.</p>"
    related = '<p>Читайте также: <a href="/x">Библиотеку открыли после ремонта</a></p>'
    body = parse_article(f"<html><body><article>{paragraph}{related}{paragraph}</article></body></html>").body
    assert body is not None and "Читайте также" not in body and "Библиотеку" not in body


def test_page_without_body() -> None:
    html = "<html><body><nav><a href='/a'>Новости</a></nav><p>Коротко.</p></body></html>"
    parsed = parse_page(html)
    assert parsed.error == "no article body found"
    assert parsed.article is not None and parsed.article.body is None and parsed.text is None
    with pytest.raises(ParseError, match="no article body found"):
        parse_article(html)


def test_page_without_body_keeps_its_declared_metadata() -> None:
    html = (
        "<html lang='de'><head><title>Galerie: Sommerfest 2022 | Stadtblatt</title>"
        "<meta property='article:published_time' content='2022-07-02T18:30:00+02:00'>"
        "<meta name='author' content='Eva Beispiel'></head>"
        "<body><div class='gallery'><img src='/1.jpg'><img src='/2.jpg'></div></body></html>"
    )
    parsed = parse_page(html)
    assert parsed.error == "no article body found" and parsed.article is not None
    assert parsed.article.title == "Galerie: Sommerfest 2022"
    assert parsed.article.published_at is not None and parsed.article.published_at.isoformat() == (
        "2022-07-02T18:30:00+02:00"
    )
    assert parsed.article.authors == ("Eva Beispiel",) and parsed.article.language == "de"


@pytest.mark.parametrize("data", [b"", b"   \n\t ", ""])
def test_empty_page(data: bytes | str) -> None:
    assert parse_page(data) == ParsedPage(article=None, headlines=[], error="empty page")
    with pytest.raises(ParseError, match="empty page"):
        parse_article(data)


def test_binary_garbage() -> None:
    garbage = b"\x89PNG\r\n\x1a\n" + os.urandom(4000)
    parsed = parse_page(garbage)
    assert parsed.article is None and parsed.error == "not HTML"
    with pytest.raises(ParseError, match="not HTML"):
        parse_article(garbage)


def test_plain_text_is_not_html() -> None:
    assert parse_page("just some words without any markup at all").error == "not HTML"


def test_cp1251_bytes_with_declaration() -> None:
    html = fixture("izvestia_like_ru.html").decode("utf-8")
    html = html.replace('charset="utf-8"', 'charset="windows-1251"')
    parsed = parse_page(html.encode("cp1251"), IZVESTIA_URL)
    assert parsed.article is not None
    assert parsed.article.title == "Острова и альянс договорились расширить оборонное партнерство"
    assert len(parsed.headlines) == 17


def test_cp1251_bytes_with_wrong_declaration() -> None:
    parsed = parse_page(fixture("izvestia_like_ru.html").decode("utf-8").encode("cp1251"), IZVESTIA_URL)
    assert parsed.article is not None and parsed.article.body is not None
    assert "оборонной промышленности" in parsed.article.body


def test_deeply_nested_page_does_not_hang() -> None:
    paragraph = "<p>" + "Глубоко вложенный абзац с обычным текстом новости, который надо найти. " * 5 + "</p>"
    html = "<html><body>" + "<div>" * 20_000 + paragraph + "</div>" * 20_000 + "</body></html>"
    started = time.perf_counter()
    parsed = parse_page(html)
    assert time.perf_counter() - started < 5
    assert parsed.article is not None and "Глубоко вложенный" in (parsed.article.body or "")
