"""Page shapes from the second round on extraction quality: a hidden copy of the article beside it, a data table in
the article, and a gallery whose pages are all hidden until the reader turns to them."""

from __future__ import annotations

from datetime import UTC, datetime

from pipeline.parse import parse_page

URL = "https://news.example/2025/04/harbour"
SENTENCES = (
    "The council approved the harbour budget after a long debate on Tuesday evening, and the mayor said the money "
    "would go to schools, roads and the old pier.",
    "Fishermen, who had waited for repairs since the storm two winters ago, welcomed the vote but warned that the "
    "work had to start before the autumn gales.",
    "The opposition, which had asked for an audit of the last harbour works, abstained and said it would watch how "
    "the contracts were awarded.",
    "Work on the breakwater is to begin in June, the harbour master said, and the pier should reopen to boats by "
    "the end of next year.",
)
TEXT = "".join(f"<p>{sentence}</p>" for sentence in SENTENCES)


def _text(body: str) -> str:
    html = f"<html><head><title>Harbour budget approved</title></head><body>{body}</body></html>"
    parsed = parse_page(html, URL, now=datetime(2025, 5, 1, tzinfo=UTC))
    assert parsed.text is not None, parsed.error
    return parsed.text


def test_a_hidden_copy_of_the_article_is_not_read_twice() -> None:
    """Sites keep a display:none copy of the article for microdata: read as text, every sentence came twice."""
    copy = "\n".join(SENTENCES)
    text = _text(
        f"<div class='article-page'><div class='entry'>{TEXT}</div>"
        f"<div style='display: none' itemscope><div itemprop='name'>Harbour budget approved</div>"
        f"<div itemprop='articleBody'>{copy}</div></div></div>"
    )
    assert all(text.count(sentence) == 1 for sentence in SENTENCES)


def test_the_rows_of_a_data_table_in_the_article_are_read() -> None:
    """A standings table is short cells, each a scrap of a line; a row read as one line is data. Rows named for what
    they list ("oddrow player-7") are not page furniture."""
    rows = "".join(
        f"<tr class='oddrow player-{n}'><td>{n}</td><td>Boat number {n}</td><td>{100 - n}</td><td>{n % 3}</td></tr>"
        for n in range(1, 9)
    )
    table = f"<table><tr><td><b>Pos.</b></td><td><b>Boat</b></td><td><b>Points</b></td><td><b>Wins</b></td></tr>{rows}"
    text = _text(f"<article><h1>Harbour regatta standings</h1>{TEXT}{table}</table></article>")
    lines = text.split("\n\n")
    assert "Pos. Boat Points Wins" in lines
    assert "3 Boat number 3 97 0" in lines
    assert SENTENCES[0] in text


def test_a_galleries_hidden_pages_are_the_article() -> None:
    """A gallery hides each of its pages until the reader turns to it; pages made from one template are kept."""
    pages = "".join(
        f"<div class='gallery-section hidden' style='display:none'><h2>Item {n}</h2><p>{sentence}</p>"
        f"<p>{sentence.upper()}</p></div>"
        for n, sentence in enumerate(SENTENCES, start=1)
    )
    text = _text(f"<article><h1>Harbour budget approved</h1><p>{SENTENCES[0]}</p>{pages}</article>")
    assert all(sentence in text for sentence in SENTENCES[1:])


def test_list_items_linked_to_their_sources_are_article_text() -> None:
    """Release notes link most items to their bug or post, among items of plain prose: the list stays; a list of
    links from end to end under the article does not."""
    notes = (
        "<ul><li><a href='/bug/1'>Bug 1677080 – Fullscreen window is affected by switching the video source</a></li>"
        "<li>Thanks to a volunteer, users can now import their saved logins from another password manager</li>"
        "<li><a href='/bug/2'>Bug 1677107 – Add telemetry for tracking how many windows are open</a></li></ul>"
    )
    more = "".join(f"<li><a href='/story/{n}'>Another story about the harbour, number {n}</a></li>" for n in range(4))
    text = _text(f"<article><h1>These weeks in the harbour</h1>{TEXT}{notes}<p>{SENTENCES[0]}</p><ul>{more}</ul>")
    assert "Bug 1677080 – Fullscreen window" in text
    assert "Another story about the harbour" not in text


def test_a_section_box_full_of_inline_scripts_joins_the_article() -> None:
    """Script-driven pages box each section of the article and write their state as inline scripts between the
    paragraphs: the code is not text, so a box built like the winner's is still mostly article text."""
    state = "<script>window.__STATE__ = {" + ", ".join(f'"key{n}": "{"x" * 60}"' for n in range(40)) + "};</script>"
    opening = (
        "A little over a year ago, the harbour's old pier was closed to boats after the storm broke its back, and "
        "the town has argued ever since about who should pay for the repairs."
    )
    first = f"<div class='section-box'><p>{opening}</p>{state}</div>"
    rest = f"<div class='section-box'>{TEXT * 6}</div>"
    share = "".join(f"<a href='/share/{n}'>Share this story on network {n}</a>" for n in range(10))
    text = _text(f"<div class='story'>{first}<div class='bar'>{share}</div>{rest}</div>")
    assert text.startswith(opening)
    assert "__STATE__" not in text


def test_a_caption_ending_in_its_credit_and_related_headings_are_not_text() -> None:
    caption = "<p>The old pier seen from the breakwater at low tide. Foto © Jane Doe</p>"
    related = "<h3>Mehr zum Thema</h3>"
    text = _text(f"<article><h1>Harbour budget approved</h1>{TEXT}{caption}{related}<p>{SENTENCES[0]}</p></article>")
    assert "Jane Doe" not in text
    assert "Mehr zum Thema" not in text
    assert SENTENCES[3] in text


def test_a_headings_permalink_sign_is_not_part_of_the_title() -> None:
    """Documentation generators end each heading with a permalink anchor ("Evolve¶")."""
    html = (
        "<html><head><title>Harbour budget approved — town docs</title></head><body><article>"
        f"<h1>Harbour budget approved<a class='headerlink' href='#top'>¶</a></h1>{TEXT}</article></body></html>"
    )
    article = parse_page(html, URL).article
    assert article is not None
    assert article.title == "Harbour budget approved"


def test_a_login_panels_messages_do_not_outscore_a_short_article() -> None:
    """A video page's description is a few lines; the account panel beside it holds long, comma-rich messages, too
    many layers under its dialog for the dialog's name to count."""
    messages = "".join(
        f"<p>{line}</p>"
        for line in (
            "Note: your password must be at least 8 characters long, with a capital letter, a digit and a symbol.",
            "You will receive an e-mail from us shortly, with information on how to reset your password, if needed.",
            "Welcome! You will receive an e-mail from us, please confirm the link in it within 24 hours, to finish.",
            "Your password was changed successfully, and you can log in with the new password from now on, at once.",
        )
        * 2
    )
    description = f"<div class='item-text'><p>{SENTENCES[0]}</p></div>"
    text = _text(
        f"<div class='box'><h1>Harbour budget approved</h1>{description}</div>"
        f"<div class='b-dialog'><div class='login-wrap'><div class='panel-group'><div class='panel'>"
        f"<div class='panel-wrapper'>{messages}</div></div></div></div></div>"
    )
    assert SENTENCES[0] in text
    assert "password" not in text
