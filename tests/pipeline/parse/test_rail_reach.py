"""How far a rail reaches: across a site's subdomains, and past text that only screen readers read."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from pipeline.parse import parse_headlines
from pipeline.parse.rails.items import title_of
from pipeline.parse.urls import site


@pytest.mark.parametrize(
    ("host", "registrable"),
    [
        ("sport.example.co.uk", "example.co.uk"),
        ("news.example.com", "example.com"),
        ("x.lenta.ru", "lenta.ru"),
        # Private suffixes: two users' pages on one hosting service are two sites.
        ("alice.github.io", "alice.github.io"),
        # Names the suffix list does not know, as the tests' own sites use.
        ("edition.globalwire.example", "globalwire.example"),
        ("sample.newsdesk.test", "newsdesk.test"),
        ("127.0.0.1", "127.0.0.1"),
        ("localhost", "localhost"),
    ],
)
def test_a_host_belongs_to_its_registrable_domain(host: str, registrable: str) -> None:
    assert site(host) == registrable


def test_a_rail_keeps_headlines_on_the_sites_other_subdomains() -> None:
    items = "".join(
        f"<li><a href='https://{sub}.wire.example/2025/story-{n}'>Harbour council approves budget number {n}</a></li>"
        for n, sub in enumerate(["edition", "sport", "edition", "money", "edition"])
    )
    html = f"<html><body><ul class='latest'>{items}</ul><p>Other text.</p></body></html>"
    rail = parse_headlines(html, "https://edition.wire.example/2025/a")
    assert [h.url.split("/")[2] for h in rail] == [
        "edition.wire.example",
        "sport.wire.example",
        "edition.wire.example",
        "money.wire.example",
        "edition.wire.example",
    ]


def test_screen_reader_text_is_neither_headline_nor_rubric() -> None:
    """ "<span class=sr-only>Video, </span>" is read aloud to blind readers; glued to the visible text it was taken
    for a kicker, and "Раздел" before a section link made every rubric "РазделВ мире"."""
    link = LexborHTMLParser(
        "<a href='/v'><span class='sr-only'>Video, </span><span>Harbour council approves the budget</span></a>"
    ).css_first("a")
    assert title_of(link) == ("Harbour council approves the budget", None)
    items = "".join(
        f"<div class='promo'><h3><a href='/news/{n}'>Harbour council approves budget number {n}</a></h3>"
        f"<a class='section-link' href='/world'><span class='visually-hidden'>Раздел</span>В мире</a></div>"
        for n in range(5)
    )
    rail = parse_headlines(f"<html><body><div class='top'>{items}</div></body></html>", "https://a.example/x")
    assert [h.rubric for h in rail] == ["В мире"] * 5
