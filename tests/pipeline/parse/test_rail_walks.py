"""The rail reads items with plain tree walks instead of CSS queries, and skips long texts after reading a prefix;
these must pick exactly what the queries and the full reads picked, on the fixture pages and on edge cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from pipeline.parse.dom import text_of
from pipeline.parse.rails.groups import _short_text
from pipeline.parse.rails.items import _elements, _is_title_element
from pipeline.parse.rails.labels import label

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "rails"
_TITLE_SELECTOR = "h1, h2, h3, h4, h5, h6, [class*='title'], [class*='headline'], [class*='Title'], [class*='Headline']"
_EDGE_CASES = """<html><body><div>
<a href="/a" class="card-title"><span class="Kicker">Мир</span><b class="subHeadline">Заголовок новости дня</b></a>
<a href="/b" class="TITLE"><h3>Heading inside the link</h3><!-- a comment --><i class="titled">x</i></a>
<a href="/c"><span class="HEADLINE">upper-case class</span><span class="headliner">kept</span></a>
<a href="/d"><img src="x.png"><span>plain text only, no title marks</span></a>
</div></body></html>"""


def _trees() -> list[LexborHTMLParser]:
    pages = [path.read_bytes() for path in sorted(FIXTURES.glob("*.html"))]
    return [LexborHTMLParser(html) for html in [*pages, _EDGE_CASES.encode()]]


@pytest.mark.parametrize("tree", _trees())
def test_walk_lists_the_elements_a_star_query_lists(tree: LexborHTMLParser) -> None:
    for link in tree.css("a"):
        for root in (link, link.parent):
            assert [n.mem_id for n in _elements(root)] == [n.mem_id for n in root.css("*")]


@pytest.mark.parametrize("tree", _trees())
def test_title_element_test_agrees_with_the_title_selector(tree: LexborHTMLParser) -> None:
    for link in tree.css("a"):
        expected = link.css_first(_TITLE_SELECTOR)
        found = next((node for node in _elements(link) if _is_title_element(node)), None)
        assert (found.mem_id if found else None) == (expected.mem_id if expected else None)


@pytest.mark.parametrize(
    "html",
    [
        "<div><h3>Читайте также</h3></div>",
        "<div><h3>\n\n" + " " * 500 + "Related\n" + " " * 500 + "</h3></div>",
        "<div><p>" + "слово " * 40 + "</p></div>",
        "<div><p>" + "x" * 61 + "</p></div>",
        "<div><p>" + "x" * 60 + "</p></div>",
        "<div><p>\u200b" * 100 + "ok</p></div>",
        "<div></div>",
    ],
)
def test_short_text_is_the_clean_text_when_short_enough(html: str) -> None:
    node = LexborHTMLParser(html).css_first("div")
    full = text_of(node)
    assert _short_text(node, 60) == (full if len(full) <= 60 else "")


def test_label_reads_each_text_alike_however_often_it_comes() -> None:
    assert [label("Политика, 12:30") for _ in range(3)] == ["Политика"] * 3
    assert label("Политика", "Политика") is None
    assert label("5 мин. назад") is None
