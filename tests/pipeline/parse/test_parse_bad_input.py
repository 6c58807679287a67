"""Hostile and oversized pages: each gives a result or a clear error, quickly. The time limits are hang guards,
far above what the parser needs, not speed measurements (benchmarks/ has those)."""

from __future__ import annotations

import time

import pytest

from pipeline.parse import parse_page

HANG_GUARD_SECONDS = 60
SENTENCE = "Городской совет обсудил бюджет, и большинство проголосовало за него после долгих дебатов. "


def timed(html: bytes, url: str | None = None) -> tuple[float, object]:
    started = time.perf_counter()
    parsed = parse_page(html, url)
    return time.perf_counter() - started, parsed


def test_ten_megabyte_page_gives_its_article_and_rail() -> None:
    rail = "".join(
        f'<li class="item"><span class="rubric">Мир</span><a href="/news/{i}">Заголовок новости номер {i} о '
        "событиях</a></li>"
        for i in range(300)
    )
    paragraphs = "".join(f"<p>Абзац {i}. {SENTENCE * 3}</p>" for i in range(3000))
    blob = '{"state": "' + "x" * 9_000_000 + '"}'
    html = (
        f"<html><head><title>Большая страница</title><script>window.__STATE__ = {blob}</script></head><body>"
        f"<ul class='rail'>{rail}</ul><article><h1>Большая страница</h1>{paragraphs}</article></body></html>"
    ).encode()
    assert len(html) > 10_000_000
    seconds, parsed = timed(html, "https://vestnik.example/big")
    assert seconds < HANG_GUARD_SECONDS
    assert parsed.error is None and parsed.article is not None
    assert parsed.text is not None and "Абзац 0." in parsed.text and "Абзац 2999." in parsed.text
    assert len(parsed.headlines) == 300 and parsed.headlines[0].rubric == "Мир"


@pytest.mark.parametrize("tag", ["div", "center", "pre", "dialog", "span", "b", "table"])
def test_hundred_thousand_levels_deep(tag: str) -> None:
    """Block tags nested this deep cost lexbor quadratic time; inline ones cost the walks up the tree."""
    paragraph = f"<p>{SENTENCE * 5}</p>"
    html = f"<html><body><h1>Заголовок</h1>{f'<{tag}>' * 100_000}{paragraph}{f'</{tag}>' * 100_000}</body></html>"
    seconds, parsed = timed(html.encode())
    assert seconds < HANG_GUARD_SECONDS
    assert parsed.article is not None and parsed.article.title == "Заголовок"
    assert parsed.error is None or parsed.error == "no article body found"


def test_deep_page_keeps_its_text() -> None:
    html = "<html><body><article><h1>Заголовок</h1>" + "<div>" * 100_000 + f"<p>{SENTENCE * 5}</p>"
    seconds, parsed = timed((html + "</div>" * 100_000 + "</article></body></html>").encode())
    assert seconds < HANG_GUARD_SECONDS
    assert parsed.text is not None and SENTENCE.strip() in parsed.text


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"<html><body><p>Truncated in the middle of a tag <a hr", "no article body found"),
        (b"\x00" * 10_000, "not HTML"),
        (b"\xef\xbb\xbf   ", "empty page"),
    ],
)
def test_truncated_and_garbage_pages_give_a_reason(data: bytes, error: str) -> None:
    seconds, parsed = timed(data)
    assert seconds < HANG_GUARD_SECONDS
    assert parsed.error == error


def test_page_cut_inside_its_last_character_is_still_utf8() -> None:
    body = f"<body><article><h1>Заголовок</h1><p>{SENTENCE * 5}ёж".encode()[:-1]
    for head in (b"<html><head>", b"<html><head><script>var state = '" + b"x" * 200_000 + b"';</script>"):
        data = head + b"</head>" + body
        parsed = parse_page(data)
        assert parsed.text is not None and SENTENCE.strip() in parsed.text
