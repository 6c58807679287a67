"""Main-content detection on page shapes that defeat a single best-scoring block."""

from __future__ import annotations

from pipeline.parse import parse_article

FILLER = (
    "The council approved the budget after a long debate, and the mayor said the money would go to schools, "
    "roads and the harbour, which had been waiting for repairs since the storm two winters ago."
)


def _paragraphs(label: str, count: int) -> str:
    return "".join(f"<p>{label} {i}: {FILLER}</p>" for i in range(count))


def _page(main: str, extra: str = "") -> str:
    return (
        "<html><head><title>Harbour budget</title></head><body>"
        "<nav><a href='/'>Home</a><a href='/news'>News</a></nav>"
        f"<h1>Harbour budget approved</h1>{main}{extra}"
        "<footer><p>Copyright Example Media. All rights reserved, no reproduction without permission.</p></footer>"
        "</body></html>"
    )


def test_article_cut_into_equal_step_blocks_is_read_whole() -> None:
    """Each step is its own block scoring alike: the winner alone would hold one step of five."""
    steps = "".join(
        f"<div class='step'><h2>Step {n}</h2><div class='stepContent'><div class='body'>{_paragraphs(f'S{n}', 2)}"
        "</div></div></div>"
        for n in range(1, 6)
    )
    body = parse_article(_page(f"<article>{steps}</article>")).body
    assert body is not None
    for n in range(1, 6):
        assert f"S{n} 0:" in body and f"S{n} 1:" in body
    assert "Copyright" not in body and "Home" not in body


def test_page_wrapped_in_one_form_still_has_a_body() -> None:
    """ASP.NET renders the whole page inside one <form>, several wrappers above the text."""
    story = f"<div class='story'>{_paragraphs('P', 4)}</div>"
    main = f"<div id='wrapper'><div class='main'><div class='col'>{story}</div></div></div>"
    html = f"<html><body><form id='aspnetForm'><h1>Budget</h1>{main}</form></body></html>"
    body = parse_article(html).body
    assert body is not None and "P 0:" in body and "P 3:" in body


def test_a_comment_form_is_not_article_text() -> None:
    main = f"<div class='story'>{_paragraphs('P', 4)}</div>"
    reply = f"<form class='reply'><div><p>Write your comment: {FILLER}</p><p>Rules: {FILLER}</p></div></form>"
    body = parse_article(_page(main, reply)).body
    assert body is not None and "P 0:" in body and "Write your comment" not in body and "Rules:" not in body


def test_layout_names_do_not_hide_the_article_but_comments_stay_out() -> None:
    comments = (
        "<section id='comments'><ol class='comment-list'>"
        + "".join(
            f"<li class='comment'><div class='comment-body'><p>Reader {i} wrote: {FILLER}</p></div></li>"
            for i in range(6)
        )
        + "</ol></section>"
    )
    main = f"<div class='sidebar-grid__container'><div class='article__content'>{_paragraphs('P', 4)}</div></div>"
    body = parse_article(_page(main, comments)).body
    assert body is not None and "P 0:" in body and "P 3:" in body
    assert "Reader" not in body


def test_blocks_named_like_widgets_are_kept_when_they_hold_prose() -> None:
    """Page builders name the text block a widget, and feature flags ("no-share") are not share bars."""
    main = (
        "<div class='entry-content no-share'><div class='elementor-widget-container'>"
        f"{_paragraphs('P', 3)}</div>"
        "<div class='related-posts'><a href='/a'>Another story about the harbour and its long history</a></div>"
        "<div class='share-bar'><a href='#'>Share</a><a href='#'>Tweet</a></div></div>"
    )
    body = parse_article(_page(main)).body
    assert body is not None and "P 0:" in body and "P 2:" in body
    assert "Another story" not in body and "Tweet" not in body
