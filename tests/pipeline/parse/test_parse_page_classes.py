"""Page shapes the extractor used to get wrong, one class of real pages each: text blocks named like widgets, teaser
excerpts under an article, feature lists taken for rails, formulas, inline wrappers around ad scripts, a lead in a
box of its own, titles whose site name is already off, a dateline beside the text block, a hidden copy of the article
beside it, a data table in the article, and a gallery whose pages are all hidden until the reader turns to them."""

from __future__ import annotations

from datetime import UTC, datetime

from selectolax.lexbor import LexborHTMLParser

from pipeline.parse import parse_page
from pipeline.parse.body import Reading, extract_body
from pipeline.parse.measure import NodeText
from pipeline.parse.text import decode_html
from pipeline.parse.titles import strip_site_suffix

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


def _page(body: str, head: str = "<title>Harbour budget approved</title>") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def _text(html: str) -> str:
    parsed = parse_page(html, URL, now=datetime(2025, 5, 1, tzinfo=UTC))
    assert parsed.text is not None, parsed.error
    return parsed.text


def test_the_block_holding_the_text_is_read_whatever_its_name() -> None:
    """A wrapper named like a pop-up ("box article modal-enabled") and full of share links holds the whole article;
    the block around both wins, so the reader meets the pop-up's name on its way to the text."""
    share = "".join(
        f"<a href='/share/{n}'>Click to share on network number {n} (opens in new window)</a>" for n in range(12)
    )
    html = _page(
        "<div id='article-wrapper' class='article-wrapper' role='main'>"
        "<p>Harbour budget approved, with money for schools, roads and the old pier, after a long debate.</p>"
        "<div class='box article modal-enabled'>"
        f"<div class='share-top'>{share}</div><div class='entry-content entry-content-read-more'>{TEXT}</div>"
        "</div></div>"
    )
    text = _text(html)
    assert all(sentence in text for sentence in SENTENCES)
    assert "Click to share" not in text


def test_teaser_excerpts_under_the_article_stay_out() -> None:
    """Related-story cards carry prose excerpts under linked titles; taking them in costs the clutter beside them."""
    cards = "".join(
        f"<div class='card'><h3><a href='/story/{n}'>Another story number {n} about the town</a></h3>"
        f"<div class='meta'><a href='/author/{n}'>Reporter {n}</a> <a href='/tag/{n}'>Town news</a> 3 hours ago</div>"
        f"<div class='excerpt'>A short excerpt of story {n}, which tells readers about some other event in the "
        "town and why they might want to click through.</div></div>"
        for n in range(8)
    )
    html = _page(
        f"<div class='page'><div class='post'><h1>Harbour budget approved</h1><div class='entry'>{TEXT * 2}</div>"
        f"</div><div class='list'>{cards}</div></div>"
    )
    text = _text(html)
    assert SENTENCES[0] in text
    assert "A short excerpt" not in text


def test_rail_items_that_are_mostly_prose_stay_in_the_text() -> None:
    """A rail finder takes a feature list ("Learn more about …" under each item) for a headline rail; the reader
    drops such items only when they are mostly links."""
    tree = LexborHTMLParser(
        "<div id='c'><p>" + SENTENCES[0] + "</p><ul>"
        "<li id='prose'><h3>Breakwater</h3><p>" + SENTENCES[3] + "</p><a href='/b'>Learn more</a></li>"
        "<li id='links'><a href='/other'>" + SENTENCES[1] + "</a></li></ul></div>"
    )
    container = tree.css_first("#c")
    rail = frozenset(node.mem_id for node in tree.css("li"))
    body = extract_body(container, Reading(rail=rail), None, NodeText())
    assert body is not None
    assert SENTENCES[3] in body.text
    assert SENTENCES[1] not in body.text


def test_formulas_do_not_spill_their_tex_source() -> None:
    formula = (
        "<math><semantics><mrow><mi>A</mi><mo>=</mo><msup><mi>A</mi><mi>H</mi></msup></mrow>"
        "<annotation encoding='application/x-tex'>{\\displaystyle A=A^{\\mathsf {H}}}</annotation></semantics></math>"
    )
    html = _page(
        f"<article><h1>Hermitian matrices</h1>{TEXT}<p>A matrix is Hermitian when {formula} holds.</p></article>"
    )
    text = _text(html)
    assert "A matrix is Hermitian when" in text
    assert "displaystyle" not in text


def test_ad_scripts_inside_an_inline_wrapper_are_not_text() -> None:
    """Parsers accept a <span> around paragraphs and ad slots; read as one run of text it carried the script."""
    script = "<div class='ad'><script>googleAds.addAdUnit({ priority: 3, adUnitId: 'slot300' });</script></div>"
    html = _page(f"<article><h1>Harbour budget approved</h1><span>{TEXT}{script}</span><span>{TEXT}</span></article>")
    text = _text(html)
    assert SENTENCES[2] in text
    assert "addAdUnit" not in text


def test_old_inline_scripts_fenced_in_comments_are_not_text() -> None:
    script = '<script><!--\ngoogle_ad_client = "ca-pub-1"; google_ad_width = 336;\n//--></script>'
    html = _page(f"<article><h1>Harbour budget approved</h1>{TEXT}<p>{script}</p></article>")
    assert "google_ad_client" not in _text(html)


def test_a_lead_in_a_box_of_its_own_above_the_text_is_read() -> None:
    """The lead sits in its own box beside the text box, with a share bar that keeps the block around both from
    winning; a promotion box below the text does not join."""
    lead = "Fishermen and the mayor agree at last: the harbour gets its money, and the pier reopens next year."
    promo = "Subscribe to our weekly letter about the town and receive the best stories every Friday morning."
    share = "".join(f"<a href='/share/{n}'>Share this story on network {n}</a>" for n in range(10))
    html = _page(
        f"<div class='article'><div class='top-box'><p>{lead}</p></div><div class='bar'>{share}</div>"
        f"<div class='text'>{TEXT * 2}</div><div class='box'><p>{promo}</p></div></div>"
    )
    text = _text(html)
    assert text.startswith(lead)
    assert promo not in text
    assert "Share this story" not in text


def _title(head: str, body: str = TEXT) -> str | None:
    article = parse_page(_page(f"<article>{body}</article>", head), URL).article
    assert article is not None
    return article.title


def test_og_title_without_the_site_name_keeps_its_own_tail() -> None:
    """The `<title>` is og:title plus the site's name: what og:title keeps after its separator (a column's, a
    series' or an author's name) was meant to stay."""
    head = (
        "<title>Chapter Two: The Pier - Harbour Tales | Story Site</title>"
        '<meta property="og:title" content="Chapter Two: The Pier - Harbour Tales">'
        '<meta property="og:site_name" content="Story Site">'
    )
    assert _title(head) == "Chapter Two: The Pier - Harbour Tales"
    plain = "<title>Harbour budget approved | Courier</title>"
    plain += '<meta property="og:title" content="Harbour budget approved | Courier">'
    assert _title(plain) == "Harbour budget approved"


def test_a_document_name_before_the_title_is_dropped() -> None:
    assert _title("<title>draft-harbour-budget-04 - Harbour Budget</title>") == "Harbour Budget"


def test_the_dateline_just_above_the_text_block_is_the_articles() -> None:
    html = _page(
        "<div class='top'><span class='date'>19.01.2023</span></div>"
        "<div class='region'><div class='date'>20.12.2022</div>"
        f"<div class='field text-formatted'>{TEXT}</div></div>",
        "<title>Harbour budget approved</title>",
    )
    parsed = parse_page(html, "https://news.example/harbour", now=datetime(2023, 2, 1, tzinfo=UTC))
    assert parsed.article is not None and parsed.article.published_at is not None
    assert parsed.article.published_at.date().isoformat() == "2022-12-20"


def test_a_paragraph_all_in_bold_is_an_in_article_heading() -> None:
    html = _page(f"<article><h1>Harbour budget approved</h1>{TEXT}<p><b>In detail</b></p>{TEXT}</article>")
    paragraphs = _text(html).split("\n\n")
    assert paragraphs[len(SENTENCES)] == "In detail"


def test_a_live_tickers_commentary_is_not_taken_for_readers_comments() -> None:
    """Sports tickers name each minute's entry "live-match-comment"; readers' comments stay out."""
    minutes = "".join(
        f"<div class='live-match-comment'><div class='live-match-comment-time'>{n}'</div>"
        f"<div class='live-match-comment-body'>{sentence}</div></div>"
        for n, sentence in enumerate(SENTENCES, start=10)
    )
    readers = "<div class='comments'><p>What a dreadful match, the referee should never have allowed it.</p></div>"
    html = _page(f"<div class='live-match'><h1>Lorient v Lyon</h1>{minutes}</div>{readers}")
    text = _text(html)
    assert all(sentence in text for sentence in SENTENCES)
    assert "dreadful" not in text


def test_a_site_name_inside_the_title_trims_nothing_unless_it_is_the_suffix() -> None:
    """The declared site name (a blog's) sits mid-title after "@": only the platform's suffix goes, whole."""
    title = "Autumn leaves at the camp (2) @ Steven's Home :: Blog Platform ::"
    assert strip_site_suffix(title, "Steven's Home") == "Autumn leaves at the camp (2) @ Steven's Home"


def test_a_stray_byte_does_not_turn_a_utf8_page_into_cyrillic() -> None:
    """One malformed byte far down a declared UTF-8 page (a pasted snippet) once sent it to the cp1251/KOI8-R
    fallback, which turned every Polish letter into mojibake."""
    polish = "Nie możemy pozwolić na zuchwałe manipulacje, mówi rzecznik fundacji w Toruniu. " * 8
    page = f"<html><head><meta charset='UTF-8'></head><body><article><p>{polish}</p>".encode()
    text = decode_html(page + b"<p>caf\xc3 au lait</p></article></body></html>")
    assert "Nie możemy pozwolić" in text
    russian = "Правительство объявило о новых мерах поддержки для малого бизнеса в регионах. " * 8
    assert russian in decode_html(f"<html><body><p>{russian}</p></body></html>".encode("cp1251"))


def _body_text(body: str) -> str:
    return _text(_page(body))


def test_a_hidden_copy_of_the_article_is_not_read_twice() -> None:
    """Sites keep a display:none copy of the article for microdata: read as text, every sentence came twice."""
    copy = "\n".join(SENTENCES)
    text = _body_text(
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
    text = _body_text(f"<article><h1>Harbour regatta standings</h1>{TEXT}{table}</table></article>")
    lines = text.split("\n\n")
    assert "Pos. | Boat | Points | Wins" in lines
    assert "3 | Boat number 3 | 97 | 0" in lines
    assert SENTENCES[0] in text


def test_a_galleries_hidden_pages_are_the_article() -> None:
    """A gallery hides each of its pages until the reader turns to it; pages made from one template are kept."""
    pages = "".join(
        f"<div class='gallery-section hidden' style='display:none'><h2>Item {n}</h2><p>{sentence}</p>"
        f"<p>{sentence.upper()}</p></div>"
        for n, sentence in enumerate(SENTENCES, start=1)
    )
    text = _body_text(f"<article><h1>Harbour budget approved</h1><p>{SENTENCES[0]}</p>{pages}</article>")
    assert all(sentence in text for sentence in SENTENCES[1:])


def test_list_items_linked_to_their_sources_are_article_body_text() -> None:
    """Release notes link most items to their bug or post, among items of plain prose: the list stays; a list of
    links from end to end under the article does not."""
    notes = (
        "<ul><li><a href='/bug/1'>Bug 1677080 – Fullscreen window is affected by switching the video source</a></li>"
        "<li>Thanks to a volunteer, users can now import their saved logins from another password manager</li>"
        "<li><a href='/bug/2'>Bug 1677107 – Add telemetry for tracking how many windows are open</a></li></ul>"
    )
    more = "".join(f"<li><a href='/story/{n}'>Another story about the harbour, number {n}</a></li>" for n in range(4))
    text = _body_text(f"<article><h1>These weeks in the harbour</h1>{TEXT}{notes}<p>{SENTENCES[0]}</p><ul>{more}</ul>")
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
    text = _body_text(f"<div class='story'>{first}<div class='bar'>{share}</div>{rest}</div>")
    assert text.startswith(opening)
    assert "__STATE__" not in text


def test_a_caption_ending_in_its_credit_and_related_headings_are_not_body_text() -> None:
    caption = "<p>The old pier seen from the breakwater at low tide. Foto © Jane Doe</p>"
    related = "<h3>Mehr zum Thema</h3>"
    text = _body_text(
        f"<article><h1>Harbour budget approved</h1>{TEXT}{caption}{related}<p>{SENTENCES[0]}</p></article>"
    )
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
    text = _body_text(
        f"<div class='box'><h1>Harbour budget approved</h1>{description}</div>"
        f"<div class='b-dialog'><div class='login-wrap'><div class='panel-group'><div class='panel'>"
        f"<div class='panel-wrapper'>{messages}</div></div></div></div></div>"
    )
    assert SENTENCES[0] in text
    assert "password" not in text


def test_a_row_with_a_long_description_keeps_its_title_and_year() -> None:
    """A filmography row sets a linked title and a year beside a synopsis longer than a data cell; read cell by cell,
    the title (all link) and the year (a scrap) were dropped and the synopsis lost what it describes."""
    synopsis = SENTENCES[0] + " " + SENTENCES[1]
    rows = "".join(
        f"<tr><th><i><a href='/wiki/Film_{n}'>Harbour Film {n}</a></i></th><td>19{n}0</td><td>{synopsis}</td></tr>"
        for n in range(1, 5)
    )
    text = _body_text(f"<article><h1>Harbour films</h1>{TEXT}<table>{rows}</table></article>")
    assert f"Harbour Film 3 | 1930 | {synopsis}" in text.split("\n\n")


def test_a_short_code_block_is_kept() -> None:
    """A one-line command in a <pre> is a scrap of a line by its length, but code is the article's own text."""
    text = _body_text(f"<article><h1>Harbour app released</h1>{TEXT}<pre>harbour --version</pre>{TEXT}</article>")
    assert "harbour --version" in text.split("\n\n")


def test_a_story_set_wholly_in_an_aside_is_read_when_nothing_else_is_text() -> None:
    """Some templates put the story in an <aside> "direct content" panel; an aside beside a real article stays out."""
    menu = "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
    assert SENTENCES[0] in _body_text(f"{menu}<main><aside class='panel'><header>{TEXT}</header></aside></main>")
    beside = f"<aside class='panel'><p>{SENTENCES[3]} {SENTENCES[2]}</p></aside>"
    text = _body_text(f"{menu}<main><article><h1>Harbour</h1>{TEXT}</article>{beside}</main>")
    assert text.count(SENTENCES[3]) == 1 and f"{SENTENCES[3]} {SENTENCES[2]}" not in text
