"""Hand-checked rails of pages written in distinct real-site styles: each page's rail must come out exactly.

Each `tests/fixtures/rails/NAME.html` has a `NAME.json` beside it with the page URL and the expected headlines
(rubric, title, url) in page order; `style` says which kind of site the page imitates.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.parse import parse_headlines, parse_page

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "rails"
NAMES = sorted(path.stem for path in FIXTURES.glob("*.json"))
# Pages of the latest blind round the parser does not read right yet, with what it gets wrong. Strict: a fix makes
# the test fail until the page is taken off this list.
KNOWN_GAPS: dict[str, str] = {}
# Pages whose rail comes out right but whose article text still holds some of it, with why.
BODY_GAPS = {
    "blind11_livefeed_dayseps_en": (
        "a section's feed page with no article: its teasers, each with a summary longer than its headline, are "
        "read as the text of the whole page, the block the reader falls back to"
    ),
}


def load(name: str) -> tuple[bytes, dict]:
    return (FIXTURES / f"{name}.html").read_bytes(), json.loads((FIXTURES / f"{name}.json").read_text("utf-8"))


def test_there_are_fixtures_in_many_styles() -> None:
    styles = {load(name)[1]["style"] for name in NAMES}
    assert len(NAMES) >= 8 and len(styles) == len(NAMES)
    assert any(not load(name)[1]["headlines"] for name in NAMES), "a page without a rail belongs in the set"


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[name]))
        if name in KNOWN_GAPS
        else name
        for name in NAMES
    ],
)
def test_rail_matches_the_hand_checked_one(name: str) -> None:
    html, expected = load(name)
    rail = parse_headlines(html, expected["url"])
    assert [{"rubric": h.rubric, "title": h.title, "url": h.url} for h in rail] == expected["headlines"]
    assert [h.position for h in rail] == list(range(1, len(rail) + 1))


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=BODY_GAPS[name])) if name in BODY_GAPS else name
        for name in NAMES
    ],
)
def test_rail_is_kept_out_of_the_article_body(name: str) -> None:
    html, expected = load(name)
    parsed = parse_page(html, expected["url"])
    body = parsed.article.body if parsed.article and parsed.article.body else ""
    assert not [h["title"] for h in expected["headlines"] if h["title"] in body]
