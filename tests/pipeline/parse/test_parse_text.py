from __future__ import annotations

import codecs

import pytest

from pipeline.parse import decode_html
from pipeline.parse.text import clean_text, guess_language, looks_binary
from pipeline.parse.urls import without_tracking

RUSSIAN = "Премьер-министр заявил о расширении сотрудничества в оборонной сфере"


def page(charset: str | None) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<html><head>{meta}</head><body><p>{RUSSIAN}</p></body></html>"


def test_utf8_bom_wins_over_declarations() -> None:
    data = codecs.BOM_UTF8 + page("windows-1251").encode("utf-8")
    assert RUSSIAN in decode_html(data, "text/html; charset=koi8-r")


def test_http_charset_is_used() -> None:
    assert RUSSIAN in decode_html(page(None).encode("cp1251"), "text/html; charset=windows-1251")


def test_meta_charset_is_used() -> None:
    assert RUSSIAN in decode_html(page("windows-1251").encode("cp1251"))


def test_http_equiv_charset_is_used() -> None:
    html = f'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><p>{RUSSIAN}</p>'
    assert RUSSIAN in decode_html(html.encode("koi8-r"))


def test_undeclared_cp1251_falls_back() -> None:
    assert RUSSIAN in decode_html(page(None).encode("cp1251"))


def test_undeclared_koi8r_falls_back() -> None:
    assert RUSSIAN in decode_html(page(None).encode("koi8-r"))


def test_cp1251_bytes_declared_as_utf8() -> None:
    assert RUSSIAN in decode_html(page("utf-8").encode("cp1251"), "text/html; charset=utf-8")


def test_utf8_bytes_declared_as_cp1251_prefers_utf8() -> None:
    assert RUSSIAN in decode_html(page("windows-1251").encode("utf-8"), "text/html; charset=windows-1251")


def test_cp1251_bytes_declared_as_latin1_are_not_mojibake() -> None:
    assert RUSSIAN in decode_html(page(None).encode("cp1251"), "text/html; charset=iso-8859-1")


def test_real_latin1_page_stays_latin1() -> None:
    text = "<p>Déjà vu à Zürich, café crème</p>"
    assert decode_html(text.encode("cp1252"), "text/html; charset=iso-8859-1") == text


def test_unknown_charset_label_is_ignored() -> None:
    assert RUSSIAN in decode_html(page("x-bogus-charset").encode("utf-8"))


def test_clean_text_collapses_exotic_whitespace() -> None:
    assert clean_text("  a\u00a0b\u200bc\n\t d\u2009e ") == "a b c d e"
    assert clean_text(None) == ""


def test_soft_hyphens_leave_whole_words() -> None:
    assert clean_text("Schon im Mit\u00adtel\u00adal\u00adter") == "Schon im Mittelalter"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The council approved the new budget on Tuesday evening", "en"),
        ("El ayuntamiento aprobó el presupuesto que incluye las obras del agua para los barrios", "es"),
        ("Der Rat hat die neue Steuer für das Jahr beschlossen und die Bürger sind nicht froh", "de"),
        ("La mairie a voté le budget pour les travaux qui sont dans la ville", "fr"),
        ("Rada miasta przyjęła budżet, który nie jest dla mieszkańców jak obietnica", "pl"),
        ("Рада ухвалила бюджет і відправила його на підпис президентові країни", "uk"),
    ],
)
def test_guess_language_from_the_script_and_the_commonest_words(text: str, language: str) -> None:
    assert guess_language(text) == language


def test_guess_language() -> None:
    assert guess_language(RUSSIAN) == "ru"
    assert guess_language("12 34") is None


def test_looks_binary() -> None:
    assert looks_binary(bytes(range(256)).decode("latin-1") * 4)
    assert not looks_binary("<html><body>plain</body></html>")


def test_tracking_parameters_are_left_out_of_a_story_s_identity() -> None:
    assert without_tracking("https://a.example/n/1?utm_source=x&utm_medium=y") == "https://a.example/n/1"
    assert without_tracking("https://a.example/n/1?id=7&utm_source=x") == "https://a.example/n/1?id=7"
    assert without_tracking("https://a.example/n/1?fbclid=abc&page=2") == "https://a.example/n/1?page=2"
    assert without_tracking("https://a.example/n/1") == "https://a.example/n/1"
