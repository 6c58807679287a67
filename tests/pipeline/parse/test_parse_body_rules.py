"""Article text on page shapes the block scorer used to get wrong: prose outside <p>, boxed sections, layout names,
standfirsts in the header, ruby readings."""

from __future__ import annotations

import pytest

from pipeline.parse import parse_page

SENTENCE = (
    "The council approved the budget after a long debate, and the mayor said the money would go to schools, "
    "roads and the harbour, which had been waiting for repairs since the storm two winters ago."
)
MENU = "".join(f"<li><a href='/archive/{n}'>Archive month {n} (12)</a></li>" for n in range(100))


def _text(html: str) -> str:
    parsed = parse_page(html, "https://news.example/2025/harbour")
    assert parsed.text is not None, parsed.error
    return parsed.text


def _page(body: str, head: str = "") -> str:
    return f"<html><head><title>Harbour budget</title>{head}</head><body>{body}</body></html>"


def test_prose_written_straight_into_a_div_beside_a_menu_is_the_article() -> None:
    """The div's own text counts towards the div, not towards the row that also holds the archive menu."""
    html = _page(
        "<div class='row'><div class='col-3'><ul class='tree'>" + MENU + "</ul></div>"
        f"<div class='col-9'><p class='title'>Harbour budget approved</p><small>05/10/2018</small><br>"
        f"<img src='a.jpg'>{SENTENCE} {SENTENCE}<br><br></div></div>"
        "<div class='bottom'><div class='col-12'>City Hall of Example, Main Street 1, Harbour district, "
        "12345 Example, phone 555-0100</div></div>"
    )
    text = _text(html)
    assert "The council approved the budget" in text
    assert "Archive month" not in text and "Main Street" not in text


def test_text_in_divs_holding_only_inline_markup_is_found() -> None:
    """Blog editors write each paragraph as <div><span>…</span></div>: no <p>, no text of the div's own."""
    paragraphs = "".join(
        f"<div><span style='font-size: small'><span>Part {n}: {SENTENCE}</span></span></div><div><span> </span></div>"
        for n in range(4)
    )
    html = _page(f"<h1>Harbour budget approved</h1><div class='post-body'>{paragraphs}</div><ul>{MENU}</ul>")
    text = _text(html)
    assert all(f"Part {n}:" in text for n in range(4))
    assert "Archive month" not in text


def test_an_article_written_as_a_list_is_found() -> None:
    items = "".join(f"<li>Item {n}: {SENTENCE}</li>" for n in range(5))
    html = _page(f"<h1>These weeks in the harbour</h1><div class='entry'><h2>Highlights</h2><ul>{items}</ul></div>")
    text = _text(html)
    assert all(f"Item {n}:" in text for n in range(5))


def test_short_list_items_and_headings_named_after_their_text_are_kept() -> None:
    """A product list ("Fixed aluminium pole") and a heading whose id spells its words ("nav_only_the_foil_1", with
    "nav" in it) are article text."""
    html = _page(
        "<h1>Harbour budget approved</h1><article>"
        f"<p>{SENTENCE}</p><p>{SENTENCE}</p><p><strong>Features</strong></p>"
        "<ul><li>Fixed aluminium pole</li><li>Very durable</li></ul>"
        "<h3 id='nav_only_the_foil_remains_1'>Only the foil remains</h3>"
        f"<p>{SENTENCE}</p></article>"
    )
    text = _text(html)
    assert "\n\nFixed aluminium pole\n\nVery durable\n\n" in text
    assert "\n\nOnly the foil remains\n\n" in text


def test_a_grid_column_named_for_its_sidebar_is_read_but_a_real_sidebar_is_not() -> None:
    """ "sidebar-grid__container" holds the article's paragraphs; the short sidebar inside the article is an
    author box."""
    columns = "".join(
        "<div class='sidebar-grid__container'>"
        + "".join(f"<p>Section {n}.{i}: {SENTENCE}</p>" for i in range(6))
        + "</div><aside class='sidebar-grid__sidebar'>Ad</aside>"
        for n in range(3)
    )
    html = _page(
        f"<h1>Harbour budget approved</h1><article><div class='sidebar-grid'>{columns}</div>"
        "<div class='sidebar'><p>About Jane Doe: Jane covers the harbour and the council for the paper.</p></div>"
        "</article>"
    )
    text = _text(html)
    assert all(f"Section {n}.5:" in text for n in range(3))
    assert "About Jane Doe" not in text


def test_sections_boxed_alike_are_joined_and_other_boxes_are_not() -> None:
    """Each section is its own box wrapped in layers, with teaser boxes and comments between them: the boxes made from
    the article's template join, the others stay out."""

    def box(label: str, count: int) -> str:
        paragraphs = "".join(f"<p>{label} {i}: {SENTENCE}</p>" for i in range(count))
        return f"<div class='con'><div class='mod'><div class='box'>{paragraphs}</div></div></div>"

    teaser = (
        "<div class='con teaserbox'><div class='teaser'><a href='/other'>Another story about the harbour</a>"
        "<p>An excerpt of the other story that is long enough to be a paragraph of its own here.</p></div></div>"
    )
    comments = (
        "<div class='con conComments'>"
        + "".join(f"<p>Reader {n}: I think the council was wrong, as always, about the harbour.</p>" for n in range(12))
        + "</div>"
    )
    html = _page(
        f"<h1>Harbour budget approved</h1><div class='section'>{box('Intro', 6)}{teaser}{box('Second', 2)}"
        f"{teaser}{box('Third', 1)}{comments}</div>"
    )
    text = _text(html)
    assert "Intro 5:" in text and "Second 1:" in text and "Third 0:" in text
    assert "Another story" not in text and "Reader 1" not in text


def test_the_standfirst_in_the_header_is_read_once() -> None:
    lead = "The harbour gets its repairs at last: the council voted the money through after a long night."
    head = f"<meta property='og:description' content='{lead}'>"
    article = "".join(f"<p>{SENTENCE}</p>" for _ in range(4))
    html = _page(
        f"<article><header><span class='kicker'>Politics</span><h1>Harbour budget approved</h1>"
        f"<p class='strapline'>{lead}</p><p class='byline'>By Jane Doe</p></header>"
        f"<div class='article-body'>{article}</div></article>",
        head,
    )
    text = _text(html)
    assert text.startswith(lead + "\n\n" + SENTENCE)
    assert text.count("The harbour gets its repairs") == 1 and "By Jane Doe" not in text
    inside = _page(f"<h1>Harbour budget approved</h1><div class='article-body'><p>{lead}</p>{article}</div>", head)
    assert _text(inside).count("The harbour gets its repairs") == 1
    # Without a description nothing in the header is taken for a standfirst.
    assert not _text(html.replace(head, "")).startswith(lead)


def test_ruby_readings_do_not_double_the_words() -> None:
    ruby = (
        "<ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>どもへの<ruby>虐待<rt>ぎゃくたい</rt></ruby>をなくすための法律"
    )
    paragraphs = "".join(
        f"<p>{ruby}ができて、親が子どもを教育するために、たたいたりすることを禁止します。{n}</p>" for n in range(4)
    )
    text = _text(_page(f"<h1>法律ができる</h1><article>{paragraphs}</article>"))
    assert "子どもへの虐待をなくすための法律" in text
    assert "こ" not in text.replace("ことを", "") and "ぎゃくたい" not in text


def test_a_short_box_named_content_does_not_outscore_the_article() -> None:
    """A class like "box-content" earns its bonus only on a block holding an article's worth of text: on a
    two-sentence author box it would outweigh four plain paragraphs."""
    article = "".join(
        f"<p>Paragraph {n}: the council approved the budget, and the harbour gets its repairs at last.</p>"
        for n in range(4)
    )
    bio = (
        "<div class='box-content'><p>Born in 1983, Jane has written about the harbour, the council and ships.</p></div>"
    )
    text = _text(_page(f"<h1>Harbour budget approved</h1><div class='wrap'><div>{article}</div></div>{bio}"))
    assert "Paragraph 3:" in text and "Born in 1983" not in text


def test_lines_of_chinese_are_not_taken_for_scraps() -> None:
    """A short line with no spaces is a scrap in English ("Share") but a sentence in Chinese."""
    lines = "".join(f"<p><span>一波波接續性低溫寒流報到 已將新竹尖石鄉後山一帶{n}</span></p>" for n in range(6))
    prose = (
        "<p>營區內除了露營、民宿、餐飲、賞楓項目，多了許多原木飾品，更有畫龍點睛加乘效果，美樹營地有個很大特色。</p>"
    )
    text = _text(_page(f"<h1>新竹尖石_美樹營地賞楓</h1><div class='article-content'>{prose}{lines}{prose}</div>"))
    assert all(f"已將新竹尖石鄉後山一帶{n}" in text for n in range(6))


def test_the_classes_of_body_do_not_make_it_the_article() -> None:
    """WordPress names the page template on <body> ("single single-article"): a stray paragraph straight in <body>
    must not make the whole page the article block."""
    article = "".join(f"<p>Paragraph {n}: {SENTENCE}</p>" for n in range(3))
    html = (
        "<html><head><title>Harbour budget</title></head><body class='single single-article'>"
        "<p>Thanks for contacting us, we have received your submission, and will be in touch.</p>"
        "<div class='masthead'><div>Harbour Gazette: the news of the harbour town since 1901, every day</div></div>"
        f"<h1>Harbour budget approved</h1><div class='wrap'><div>{article}</div></div></body></html>"
    )
    text = _text(html)
    assert "Paragraph 2:" in text and "since 1901" not in text


def test_a_standfirst_named_as_such_is_read_without_a_description() -> None:
    intro = "Greenhouses on the roof: the harbour district tries a new way to grow vegetables through the winter."
    article = "".join(f"<p>{SENTENCE} {n}</p>" for n in range(4))
    html = _page(
        f"<article><section class='article__header'><h1>Harbour budget approved</h1>"
        f"<div class='article__abstract'><p>{intro}</p></div></section>"
        f"<div class='article__text'>{article}</div></article>"
    )
    assert _text(html).startswith(intro + "\n\n" + SENTENCE)
    assert not _text(html.replace("article__abstract", "article__aside")).startswith(intro)


def test_style_rules_written_into_a_paragraph_are_not_text() -> None:
    """CSS-in-JS puts a <style> inside the element it styles; an empty <script> there must not garble the text."""
    style = "<style data-emotion='css 1dmhpvx'>.css-1dmhpvx{hyphens:auto;margin-top:16px;}</style>"
    html = _page(
        f"<h1>Harbour budget approved</h1><article><h3 class='css-9rwnrz'>{style}The vote</h3>"
        + "".join(f"<p class='css-1dmhpvx'>{style}Paragraph {n}: {SENTENCE}<script></script></p>" for n in range(4))
        + "</article>"
    )
    text = _text(html)
    assert "\n\nThe vote\n\nParagraph 0: The council approved" in "\n\n" + text
    assert "hyphens" not in text and "Paragraph 3: The council approved" in text


def test_read_also_lines_are_dropped_in_other_languages_too() -> None:
    links = {
        "fr": "Lire aussi : Le budget du port, les chiffres",
        "de": "Lesen Sie auch: Der Hafen bekommt sein Geld",
        "es": "Lee también: El puerto recibe su dinero",
        "it": "Leggi anche: Il porto riceve i suoi soldi",
    }
    for language, line in links.items():
        article = "".join(f"<p>{SENTENCE} {n}</p>" for n in range(3))
        text = _text(_page(f"<h1>Harbour budget approved</h1><article>{article}<p>{line}</p>{article}</article>"))
        assert line not in text, language


def test_a_box_headed_read_also_and_a_credited_picture_are_not_article_text() -> None:
    """Neither is named for what it is: an "article__article" card under "Читайте также" and a "media" block."""
    card = (
        "<div class='article__block'><div class='article__article'><div class='article__article-title'>"
        "Читайте также</div><a href='/other'><div><span>9 апреля, 08:15</span>"
        "<span>В Минсельхозе назвали сроки завершения посевной на юге страны</span></div></a></div></div>"
    )
    picture = (
        "<div class='article__block'><div class='media'><img src='p.jpg' alt=''>"
        "<div>© РИА Новости / Иван Петров</div><div>Уборка урожая пшеницы. Архивное фото</div></div></div>"
    )
    last = SENTENCE.replace("council", "board")
    html = _page(f"<article><h1>Harbour budget</h1><p>{SENTENCE}</p>{card}{picture}<p>{last}</p></article>")
    assert _text(html) == f"{SENTENCE}\n\n{last}"


def test_a_feature_card_with_a_picture_and_a_heading_stays() -> None:
    card = "<div class='feature'><img src='f.png'><h3>Make it your own</h3><p>Pick a theme you like.</p></div>"
    text = _text(_page(f"<article><h1>Harbour budget</h1><p>{SENTENCE}</p>{card}<p>{SENTENCE}</p></article>"))
    assert "Make it your own" in text


def test_a_newsletter_box_around_an_email_field_and_a_donation_box_are_not_article_text() -> None:
    signup = (
        "<div data-gu-name='newsletter-signup' class='dcr-1ytm4t1'><div class='dcr-1q35lgp'>"
        "<p>Sign up to <span>Down to Earth</span></p><p>Free weekly newsletter</p>"
        "<p>The planet's most important stories. Get all the week's environment news</p>"
        "<form><input type='email' name='email'><button>Sign up</button></form></div></div>"
        "<div aria-label='after newsletter promotion' role='note' class='dcr-jzxpee'>after newsletter promotion</div>"
    )
    donate = "<div class='gazette-donate-box'><p>Local news needs local support. Please join us.</p></div>"
    last = SENTENCE.replace("council", "board")
    html = _page(f"<article><h1>Harbour budget</h1><p>{SENTENCE}</p>{signup}<p>{last}</p>{donate}</article>")
    assert _text(html) == f"{SENTENCE}\n\n{last}"


def test_a_heading_named_for_the_page_header_stays_over_prose_and_a_widget_heading_goes() -> None:
    section = (
        "<div class='block-wrapper block-wrapper--header'><div class='block-header'><h2>How it began</h2></div></div>"
        f"<div class='block-wrapper block-wrapper--text'><div class='block-text'><p>{SENTENCE}</p></div></div>"
    )
    widget = "<h3 class='widget-header'>Most read</h3><ul><li><a href='/a'>Other story one</a></li></ul>"
    text = _text(_page(f"<article><h1>Harbour budget</h1><p>{SENTENCE.upper()}</p>{section}{widget}</article>"))
    assert "How it began" in text and "Most read" not in text


def test_polls_pull_quotes_bios_channel_plugs_and_type_lines_are_not_article_text() -> None:
    last = SENTENCE.replace("council", "board")
    junk = (
        "<div class='poll'><div class='poll__title'>Как вы считаете?</div><p>Успеют ли открыть станцию?</p></div>"
        "<div class='pullquote'><p>The problem is the timetable itself.</p></div>"
        f"<div class='author-about'><div class='author-about__title'>Об авторе</div><p>{SENTENCE}</p></div>"
        "<p>Пишу о рассылках в своем телеграм-канале — подписывайтесь, там разборы писем.</p>"
    )
    html = _page(
        f"<article><div class='type'><a href='/o'>Мнения</a> / Статья</div><h1>Harbour budget</h1>"
        f"<p>{SENTENCE.upper()}</p>{junk}<p>{last}</p></article>"
    )
    assert _text(html) == f"{SENTENCE.upper()}\n\n{last}"


def test_the_headline_with_its_kicker_and_a_bare_dateline_are_not_article_text() -> None:
    head = (
        "<div class='seitenkopf'><h1><span>Umweltministerkonferenz</span> <span>Harbour budget approved</span></h1>"
        "<p class='metatextline'>Stand: 09.04.2025 14:05 Uhr</p></div>"
    )
    last = SENTENCE.replace("council", "board")
    html = _page(
        f"<article>{head}<p>{SENTENCE}</p><p>{last}</p></article>",
        '<meta property="og:title" content="Harbour budget approved">',
    )
    assert _text(html) == f"{SENTENCE}\n\n{last}"


def test_text_around_an_inline_picture_and_a_table_row_with_a_poster_are_not_captions() -> None:
    proof = "<div class='proof'>Proof: by definition <img src='f.png' alt='H'> holds, as claimed.</div>"
    rows = "".join(
        f"<tr><td><img src='p{n}.jpg'></td><td>Journey to the Center of Time, part {n}</td><td>{SENTENCE}</td></tr>"
        for n in range(3)
    )
    row = f"<table>{rows}</table>"
    text = _text(_page(f"<article><h1>Harbour budget</h1><p>{SENTENCE}</p>{proof}{row}</article>"))
    assert "Proof: by definition holds, as claimed." in text and "Journey to the Center of Time" in text


def test_pull_quotes_print_lines_bios_and_reference_insets_are_not_article_text() -> None:
    first = "Nobody was lying, exactly. But nobody was using the number to learn anything either, the team said."
    quote = "<blockquote class='ps pt'><p>Nobody was lying, exactly. But nobody was using the number.</p></blockquote>"
    inset = "<div class='box'><div class='box__title'>Справка</div><p>Мелатонин — гормон сна.</p></div>"
    tail = (
        "<p>Helena Voss reports on climate change from Europe. More about Helena Voss</p>"
        "<p>A version of this article appears in print on March 5, 2025, Section A, Page 8.</p>"
    )
    html = _page(f"<article><h1>Harbour budget</h1><p>{first}</p>{quote}<p>{SENTENCE}</p>{inset}{tail}</article>")
    assert _text(html) == f"{first}\n\n{SENTENCE}"


def test_a_data_table_whose_cells_wrap_their_text_in_a_paragraph_is_read_row_by_row() -> None:
    rows = "".join(f"<tr><td><p>timestamp {n}</p></td><td><p>8</p></td><td><p>41,2</p></td></tr>" for n in range(3))
    text = _text(_page(f"<article><h1>Harbour budget</h1><p>{SENTENCE}</p><table>{rows}</table></article>"))
    assert "timestamp 0 | 8 | 41,2" in text


def test_boxes_headed_as_a_newsletter_or_as_more_information_are_not_text() -> None:
    signup = (
        "<div class='a_nl'><p>Newsletter</p><p>Analysis of the news and the best stories, in your inbox every "
        "morning</p><a href='/newsletters/morning'>Get it</a></div>"
    )
    related = "<section><h3>Más información</h3><article><h2><a href='/x'>Rents rise again in the city centre</a></h2>"
    related += "<div>Lucía Ferrer</div></article></section>"
    after = SENTENCE.replace("council", "harbour board")
    text = _text(_page(f"<article><h1>Harbour budget</h1><p>{SENTENCE}</p>{signup}{related}<p>{after}</p></article>"))
    assert text == f"{SENTENCE}\n\n{after}"


def test_polls_reactions_and_talkbacks_are_not_text() -> None:
    poll = "<div class='anketa'><h4>Anketa</h4><p>Jezdíte do práce veřejnou dopravou?</p></div>"
    reactions = "<div class='reactions-block'><div>Как вам такое?</div><button>👍 112</button></div>"
    talkbacks = "<div class='Talkbacks'><h3>תגובות (47)</h3><ol><li>סוף סוף, השוק מוזנח כבר שנים</li></ol></div>"
    after = SENTENCE.replace("council", "harbour board")
    html = f"<article><h1>Harbour budget</h1><p>{SENTENCE}</p>{poll}{reactions}<p>{after}</p>{talkbacks}</article>"
    assert _text(_page(html)) == f"{SENTENCE}\n\n{after}"


def test_headline_under_another_og_title_and_a_two_field_dateline_are_not_text() -> None:
    head = '<meta property="og:title" content="Heat pump rebate: what to know">'
    stamp = "<p>Published Nov. 18, 2024, 6:00 a.m. ET | Updated Nov. 18, 2024, 9:42 a.m. ET</p>"
    html = _page(f"<article><h1>Your questions about the rebate, answered</h1>{stamp}<p>{SENTENCE}</p></article>", head)
    assert _text(html) == SENTENCE


def test_a_quotation_in_paragraphs_keeps_them() -> None:
    lines = [
        "Dear listeners and colleagues, I have worked with this orchestra for fourteen years and I am proud of them.",
        "In the last two years the orchestra shrank from eighty-six to sixty-one players, and nobody was replaced.",
    ]
    letter = "".join(f"<p>{line}</p>" for line in lines)
    text = _text(_page(f"<article><h1>Harbour budget</h1><p>{SENTENCE}</p><blockquote>{letter}</blockquote></article>"))
    assert text.split("\n\n")[1:] == lines


def test_bold_lines_are_headings_in_loose_text_and_in_styled_spans() -> None:
    after = SENTENCE.replace("council", "harbour board")
    cell = f"<td>{SENTENCE}<br><br><b>What is inside</b><br><br>{after}</td>"
    text = _text(_page(f"<h1>Harbour budget</h1><table><tr>{cell}</tr></table>"))
    assert text.split("\n\n") == [SENTENCE, "What is inside", after]
    bold = "<span><span style='font-size: 22px'><strong>Market history</strong></span></span>"
    styled = f"<div class='text-block'>{bold}</div>"
    text = _text(_page(f"<article><h1>Harbour budget</h1><p>{SENTENCE}</p>{styled}<p>{after}</p></article>"))
    assert text.split("\n\n") == [SENTENCE, "Market history", after]


def test_a_reference_inset_named_for_the_paper_is_not_text() -> None:
    inset = "<div class='inset'><p>Справка «МК»</p><p>По данным статистики, в области более тысячи деревень.</p></div>"
    after = SENTENCE.replace("council", "harbour board")
    html = f"<article><h1>Harbour budget</h1><p>{SENTENCE}</p>{inset}<p>{after}</p></article>"
    assert _text(_page(html)) == f"{SENTENCE}\n\n{after}"


def _faq_question(n: int, question: str) -> str:
    return (
        f"<h3 class='faq__q'><button aria-expanded='false' aria-controls='panel-{n}'><span class='faq__num'>{n}</span>"
        f"<span class='faq__text'>{question}</span><svg aria-hidden='true'><path d='M3 6l5 5'/></svg></button></h3>"
    )


def test_an_accordions_hidden_answers_are_text_and_a_tabs_hidden_panel_is_not() -> None:
    """An FAQ's answers stay hidden until their question is clicked, but the reader reads them as the article; a
    tab not chosen is another view of the page."""
    faq = (
        _faq_question(1, "Who pays for the harbour?")
        + f"<div id='panel-1' role='region' hidden><p>The city pays. {SENTENCE}</p>"
        "<div class='faq__rate'>Was this answer helpful? <button>Yes</button> <button>No</button></div></div>"
        "<details><summary>When does the work start?<span aria-hidden='true'>+</span></summary>"
        f"<div><p>In spring. {SENTENCE}</p></div></details>"
        "<div role='tablist'><button role='tab' aria-controls='tab-2'>Older budgets</button></div>"
        f"<div id='tab-2' role='tabpanel' hidden><p>Budget of 2019. {SENTENCE}</p></div>"
    )
    html = _page(f"<article><h1>Harbour budget approved</h1><p>{SENTENCE}</p>{faq}<p>{SENTENCE}</p></article>")
    paragraphs = _text(html).split("\n\n")
    assert "Who pays for the harbour?" in paragraphs and f"The city pays. {SENTENCE}" in paragraphs
    assert "When does the work start?" in paragraphs and f"In spring. {SENTENCE}" in paragraphs
    assert "Budget of 2019" not in _text(html) and "helpful" not in _text(html)


def test_a_footnote_number_stays_glued_where_a_counter_badge_goes() -> None:
    html = _page(
        f"<article><h1>Harbour budget approved</h1><p>{SENTENCE}</p><p>{SENTENCE}</p>"
        "<h2><span class='num'>2</span>Roads come next</h2>"
        f"<p><sup><a href='#m1'>1</a></sup>Figures from the city's report. {SENTENCE}</p></article>"
    )
    paragraphs = _text(html).split("\n\n")
    assert "Roads come next" in paragraphs
    assert f"1Figures from the city's report. {SENTENCE}" in paragraphs


def test_an_authors_bio_box_under_the_text_is_not_text() -> None:
    """Two writers' bios run past the length at which a block merely named for the author is still dropped."""
    bio = (
        "<div class='field field--name-field-author-bios'><div class='person person--view-mode-bio'>"
        "<h3 class='person__name'><a href='/people/dana'>Dana Whitford</a></h3><div class='person__bio'><p>Dana "
        "Whitford covers rural communities and housing for the station from its Great Bend bureau. She joined the "
        "newsroom in 2021 after a decade at the Hays Daily Ledger.</p></div></div>"
        "<div class='person person--view-mode-bio'><h3 class='person__name'>Luis Ortega</h3><div class='person__bio'>"
        "<p>Luis Ortega is a multimedia reporter and photographer for the station and the news collaborative.</p>"
        "</div></div></div>"
    )
    html = _page(f"<article><h1>Harbour budget approved</h1><p>{SENTENCE}</p><p>{SENTENCE}</p>{bio}</article>")
    assert "Great Bend" not in _text(html) and "The council approved" in _text(html)


def test_a_site_builders_newsletter_box_and_artboard_banner_are_not_text() -> None:
    """Tilda: a newsletter form's e-mail field is a text field said to hold an e-mail, seven levels below the box's
    heading; a banner is a "zero block" artboard of placed pieces."""
    form = (
        "<div class='t678'><div class='t-container'><div class='t-col'><div class='t-title'>Our newsletter</div>"
        "<div class='t-descr'>Once a week, one long story from a small town. No spam.</div></div></div>"
        "<div class='t-container'><div class='t-col'><form><div class='t-form__inputsbox'><div class='t-input-group'>"
        "<div class='t-input-block'><input type='text' autocomplete='email' name='Email'></div></div>"
        "<button>Subscribe</button></div></form></div></div></div>"
    )
    banner = (
        "<div class='t396'><div class='t396__artboard'><div class='tn-elem'><div class='tn-atom'>The paper lives on "
        "its readers' donations, and a subscription from two pounds a month keeps us travelling to small towns.</div>"
        "</div></div></div>"
    )
    html = _page(f"<article><h1>Harbour budget approved</h1><p>{SENTENCE}</p>{banner}<p>{SENTENCE}</p>{form}</article>")
    text = _text(html)
    assert "The council approved" in text and "No spam" not in text and "donations" not in text


@pytest.mark.parametrize("name", ["tamogatas-doboz", "spenden-box", "wesprzyj-nas", "sostieni-il-giornale"])
def test_a_plea_for_donations_under_a_local_class_name_is_not_text(name: str) -> None:
    plea = (
        f"<div class='{name}'><p>Support independent journalism!</p><p>Our articles are free for everyone to read. "
        "If our work matters to you, support us with a monthly donation of any size, or once, whenever you like."
        "</p></div>"
    )
    html = _page(f"<article><h1>Harbour budget approved</h1><p>{SENTENCE}</p><p>{SENTENCE}</p>{plea}</article>")
    assert "independent journalism" not in _text(html)


def test_a_data_table_in_a_figure_is_read_with_its_rows_of_figures() -> None:
    table = (
        "<figure class='article-table'><table><thead><tr><th>Built</th><th>2025</th><th>2027</th></tr></thead>"
        "<tbody><tr><td>before 1948</td><td>7,92</td><td>8,35</td></tr><tr><td>1949–1977</td><td>7,60</td>"
        "<td>8,02</td></tr></tbody></table><figcaption>Rent index, euros per square metre</figcaption></figure>"
    )
    html = _page(f"<article><h1>Harbour budget approved</h1><p>{SENTENCE}</p>{table}<p>{SENTENCE}</p></article>")
    paragraphs = _text(html).split("\n\n")
    assert "Built | 2025 | 2027" in paragraphs and "1949–1977 | 7,60 | 8,02" in paragraphs
    assert "Rent index" not in _text(html)
