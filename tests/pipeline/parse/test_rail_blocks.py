"""Which blocks of a page are rails besides the main one: lists of stories outside the article, columns under section
headings, short headlines among long ones; and which are not: scoreboards, lists of sections or products."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from pipeline.parse import parse_headlines, parse_page
from pipeline.parse.dom import attribute_hints
from pipeline.parse.rails.items import title_of
from pipeline.parse.rails.labels import is_scoreline, label
from pipeline.parse.rails.links import is_hub

URL = "https://www.harbour-post.example/news/2025/11/18/council-budget-vote/"

ARTICLE = (
    "<article class='story'><h1>Council adopts the harbour budget after a long night</h1>"
    + "".join(
        f"<p>Paragraph {n} of the article says what the council decided and why the vote took until midnight.</p>"
        for n in range(6)
    )
    + "</article>"
)


def _list(css: str, stories: list[tuple[str, str]], heading: str = "") -> str:
    items = "".join(f"<li><a href='{href}'>{title}</a></li>" for href, title in stories)
    return f"<div class='{css}'>{heading}<ul>{items}</ul></div>"


LATEST = [
    (f"/news/2025/11/18/story-number-{n}-of-the-day/", f"Ferry operator adds a late sailing on route number {n}")
    for n in range(8)
]


def _page(*blocks: str) -> str:
    return f"<html><body><main>{ARTICLE}</main><aside>{''.join(blocks)}</aside></body></html>"


def test_a_second_list_of_stories_outside_the_article_is_kept_beside_the_rail() -> None:
    """A grid of cards under the text, a "Latest" box in the sidebar: both show what the editors push."""
    cards = [
        (f"/business/2025/11/17/market-report-{n}/", f"Harbour traders report a busy autumn season, report {n}")
        for n in range(5)
    ]
    grid = "".join(f"<div class='card'><h3><a href='{href}'>{title}</a></h3></div>" for href, title in cards)
    rail = parse_headlines(_page(_list("latest", LATEST), f"<section class='grid'>{grid}</section>"), URL)
    assert [h.title for h in rail] == [title for _, title in LATEST + cards]


@pytest.mark.parametrize(
    "block",
    [
        # Links to the site's sections dressed as teasers: short names, addresses without a story's slug.
        [
            (f"/{name}", text)
            for name, text in [
                ("city", "Life in the City"),
                ("photos", "Pics of the Day"),
                ("opinion", "Right in the Middle"),
                ("sport", "All the sports"),
            ]
        ],
        # Products, with the shop's short names.
        [(f"/shop/{n}", f"Harbour mug model {n}") for n in range(5)],
    ],
)
def test_lists_of_sections_or_products_are_not_kept_beside_the_rail(block: list[tuple[str, str]]) -> None:
    rail = parse_headlines(_page(_list("latest", LATEST), _list("promo", block)), URL)
    assert [h.title for h in rail] == [title for _, title in LATEST]


def test_a_scoreboard_is_no_rail() -> None:
    """A sports page's results widget links each match to its page, built like a rail."""
    scores = [
        ("/sports/scores/2025-11-16-storm-vs-falcons/", "Storm 17 ATL 24 Final"),
        ("/sports/scores/2025-11-15-hcfc-vs-riv/", "Harbour FC 2:1 Riverside United"),
        ("/sports/scores/2025-11-18-ice-vs-wolves/", "Harbour Ice 3 – 2 Wolves, Final/OT"),
        ("/sports/scores/2025-11-18-lsu-vs-mtu/", "Lakeshore State 61 MTU 58"),
        ("/sports/scores/2025-11-18-rays-vs-gulls/", "Rays 4 Gulls 1 Final"),
    ]
    assert parse_headlines(_page(_list("scores", scores)), URL) == []


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("Sparta Praha 2:1 Slavia Praha", True),
        ("ЦСКА 2–1 Локомотив Завершён", True),
        ("17 ATL 24 Final", True),
        ("18:30 François Cros évite une lourde opération", False),
        ("NVIDIA GeForce 512.77 WHQL Graphics Driver Released", False),
        ("Schlägertest 2021: 17 Rackets für Turnierspieler", False),
        ("«Зенит» обыграл ЦСКА со счётом 2:1 и вышел в лидеры чемпионата страны", False),
    ],
)
def test_a_scoreline_is_a_few_words_around_a_score(text: str, score: bool) -> None:
    assert is_scoreline(text) is score


def test_columns_under_section_headings_take_the_heading_as_their_rubric() -> None:
    """A front page's "Business", "Technology" columns: the heading linking to the section labels each headline."""
    columns = "".join(
        _list(
            "column",
            [
                (f"/news/2025/11/18/{section}-story-{n}/", f"{section.title()} story number {n} moves the markets")
                for n in range(4)
            ],
            heading=f"<h3><a href='/{section}/'>{section.title()}</a></h3>",
        )
        for section in ("business", "technology", "health")
    )
    page = f"<html><body><main>{ARTICLE}</main><section class='sections'>{columns}</section></body></html>"
    rail = parse_headlines(page, URL)
    assert [h.rubric for h in rail] == ["Business"] * 4 + ["Technology"] * 4 + ["Health"] * 4


def test_a_single_block_heading_names_the_block_not_a_section() -> None:
    heading = "<h3><a href='/news/'>News of the hour</a></h3>"
    rail = parse_headlines(_page(_list("latest", LATEST, heading=heading)), URL)
    assert {h.rubric for h in rail} == {None}


def test_a_short_headline_among_long_ones_is_kept_where_the_rail_vouches_for_it() -> None:
    """Kommersant-style punny titles: "Ставка на паузе" alone reads like a menu item; in a slot built like its
    neighbours' and linking to a story, it is a headline."""
    titles = [
        "Выборы уходят в цифру окончательно",
        "Ставка на паузе",
        "Ритейл подсчитал новогодние чеки",
        "Брюссель ищет компромисс по бюджету",
        "Инфляция как привычка",
        "Порты юга ждут зерновой рекорд",
        "Автопром снижает планы на год",
    ]
    items = "".join(
        f"<li class='item'><span class='rubric'>Экономика</span><h3><a href='/doc/82633{n:02}'>{title}</a></h3></li>"
        for n, title in enumerate(titles)
    )
    menu = "".join(
        f"<li class='item'><span>Раздел</span><h3><a href='/rubric/{n}'>Все материалы</a></h3></li>" for n in range(2)
    )
    page = f"<html><body><main>{ARTICLE}</main><aside><ol class='main'>{items}{menu}</ol></aside></body></html>"
    rail = parse_headlines(page, "https://www.kommerc.example/doc/8263999")
    assert [h.title for h in rail] == titles


def test_a_class_flagging_a_feature_is_not_that_feature() -> None:
    """ "td_with_ajax_pagination" is a block that has a pager, not a pager; "has-comments" holds no comments."""
    assert "pagination" not in attribute_hints({"class": "td_block_wrap td_with_ajax_pagination"})
    assert "comments" not in attribute_hints({"class": "post has-comments"})
    assert "pagination" in attribute_hints({"class": "nav-pagination"})
    # "noConsent" is the name of a consent placeholder, not a flag.
    assert "consent" in attribute_hints({"class": "noConsent"})


def test_a_drupal_views_field_names_its_field_after_the_prefix() -> None:
    """Drupal names every field "views-field-…": the section field's link is the rubric, not a view counter."""
    rows = "".join(
        "<div class='views-row'>"
        f"<div class='views-field views-field-field-section'><div class='field-content'>"
        f"<a href='/section/{section.lower()}'>{section}</a></div></div>"
        f"<div class='views-field views-field-title'><span class='field-content'>"
        f"<a href='/news/2025/11/18/story-{n}'>Crews begin replacing the water main under street {n}</a></span></div>"
        "<div class='views-field views-field-totalcount'><span class='field-content'>1,204 reads</span></div></div>"
        for n, section in enumerate(["Local", "Schools", "Sports", "Health", "Business"])
    )
    rail = parse_headlines(_page(f"<div class='view-content'>{rows}</div>"), URL)
    assert [h.rubric for h in rail] == ["Local", "Schools", "Sports", "Health", "Business"]


def test_a_labelled_box_around_the_section_and_a_badge_gives_the_section() -> None:
    """Ghost's card: "post-card-tags" holds the primary tag and a "Featured" badge; the tag is the rubric."""
    cards = "".join(
        f"<article class='post-card'><a class='post-card-content-link' href='/story-number-{n}-of-the-week/'>"
        "<div class='post-card-tags'><span class='post-card-primary-tag'>Housing</span>"
        "<span class='post-card-featured'>Featured</span></div>"
        f"<h2 class='post-card-title'>Rent caps one year in, part {n}: what the data says</h2></a></article>"
        for n in range(4)
    )
    rail = parse_headlines(_page(f"<div class='post-feed'>{cards}</div>"), URL)
    assert [h.rubric for h in rail] == ["Housing"] * 4


def test_a_card_whose_only_link_is_an_empty_overlay_takes_its_title_element() -> None:
    """Onliner-style cards: the text is outside the link, and an empty "stub" link is stretched over the card."""
    cards = "".join(
        "<div class='tidings__item'><div class='tidings__category'><span>Авто</span></div>"
        f"<div class='tidings__subtitle'><span>С 1 января изменятся правила техосмотра, часть {n}</span></div>"
        "<span class='tidings__counter tidings__counter_views'>24 511</span>"
        f"<a href='https://auto.kropka.example/2025/12/05/tehosmotr-{n}' class='tidings__stub'></a></div>"
        for n in range(4)
    )
    rail = parse_headlines(_page(f"<div class='tidings__list'>{cards}</div>"), "https://kropka.example/2025/x")
    assert [(h.rubric, h.title) for h in rail] == [
        ("Авто", f"С 1 января изменятся правила техосмотра, часть {n}") for n in range(4)
    ]


def test_a_portals_news_lines_in_one_table_cell_are_a_rail() -> None:
    """2005-era portals set the news as lines of one <td>, split by <br>: each line is a headline, not a sentence
    of prose that links."""
    lines = "".join(
        f"<font size=1>17:{n:02}</font>&nbsp;<a href='news.php?rub=2' class='rub'>Экономика</a>&nbsp;|&nbsp;"
        f"<a href='news.php?id=104{n:02}' class='zag'>Тверской вагонзавод получил заказ на вагоны, партия {n}</a><br>"
        for n in range(6)
    )
    page = f"<html><body><table><tr><td>{lines}</td></tr></table></body></html>"
    rail = parse_headlines(page, "http://www.portal.example/")
    assert [(h.rubric, h.url) for h in rail] == [
        ("Экономика", f"http://www.portal.example/news.php?id=104{n:02}") for n in range(6)
    ]


@pytest.mark.parametrize("path", ["forum/viewtopic.php?t=55{n}", "afisha.php?id=87{n}", "doska.php?id=209{n}"])
def test_forum_topics_event_listings_and_classified_ads_are_no_rail(path: str) -> None:
    items = "".join(
        f"<li><a href='/{path.format(n=n)}'>Кто знает хорошего стоматолога на Пролетарке, вопрос {n}?</a></li>"
        for n in range(6)
    )
    assert parse_headlines(_page(f"<ul class='board'>{items}</ul>"), URL) == []


@pytest.mark.parametrize(
    ("text", "rubric"),
    [
        ("Ирина Соколова", None),
        ("Андрей Петрович Мельников", None),
        ("Новая Москва", "Новая Москва"),
        ("Ближний Восток", "Ближний Восток"),
        ("СРОЧНО!", None),
        ("и ещё 51 источник", None),
        ("312 источников", None),
    ],
)
def test_a_persons_name_an_alarm_and_a_count_of_sources_are_not_rubrics(text: str, rubric: str | None) -> None:
    assert label(text) == rubric


def test_an_aggregators_source_outlet_is_not_the_rubric() -> None:
    cards = "".join(
        f"<article class='news-card'><a class='news-card__link' href='/story/Story_{n}--c04f61b2e7a{n}'>"
        f"<h2>В Подмосковье открыли движение по новому участку дороги номер {n}</h2></a>"
        f"<div class='news-card__meta'><a href='https://www.vesti-stolicy.example/news/{n}.html'>Вести Столицы</a>"
        "<span>10:20</span></div></article>"
        for n in range(4)
    )
    rail = parse_headlines(f"<html><body><div class='feed'>{cards}</div></body></html>", "https://news.svodka.example/")
    assert [h.rubric for h in rail] == [None] * 4


def test_match_cards_in_a_feed_of_stories_are_left_out() -> None:
    news = "".join(
        f"<li class='item'><a href='/futbol/2025/03/16/noticia-{n}.html'>El Unicaja gana en Belgrado y se asegura "
        f"el factor cancha, parte {n}</a></li>"
        for n in range(4)
    )
    matches = (
        "<li class='item'><a href='/futbol/partidos/2025/03/16/betis-sevilla-88412/'><span>LaLiga · J28</span>"
        "<span>Final</span><span>Real Betis</span><span><b>2</b> - <b>1</b></span><span>Sevilla</span></a></li>"
        "<li class='item'><a href='/futbol/partidos/2025/03/16/osasuna-girona-88415/'><span>LaLiga · J28</span>"
        "\n<span>21:00</span>\n<span>Osasuna vs Girona</span></a></li>"
    )
    rail = parse_headlines(_page(f"<ul class='ultimo'>{news}{matches}</ul>"), URL)
    assert len(rail) == 4 and all("noticia" in h.url for h in rail)


def test_more_from_the_pages_own_section_is_a_related_block_and_more_from_the_site_is_not() -> None:
    stories = [
        (f"/politics/2025/05/1{n}/story-number-{n}/", f"Governor's budget clears the House, debate {n}")
        for n in range(5)
    ]
    own = "<h2>More from Politics</h2>"
    site = "<h2>More from The Westbrook Observer</h2>"
    url = "https://www.observer.example/politics/2025/05/20/mayor-not-seeking-third-term/"
    assert parse_headlines(_page(_list("more", stories, heading=own)), url) == []
    assert len(parse_headlines(_page(_list("more", stories, heading=site)), url)) == 5


def test_a_front_pages_section_columns_of_three_are_kept_with_their_headings() -> None:
    """A home page (no article declared): its main column holds the lists, three stories under each section."""
    columns = "".join(
        f"<section class='rubrique'><h2 class='rubrique__titre'><a href='/{section.lower()}/'>{section}</a></h2>"
        "<ul class='rubrique__liste'>"
        + "".join(
            f"<li class='rubrique__item'><h3><a href='/{section.lower()}/article/2025/03/14/histoire-{n}_6123{n}.html'>"
            f"{section} : une histoire de la semaine numéro {n} à Nantes</a></h3></li>"
            for n in range(3)
        )
        + "</ul></section>"
        for section in ("International", "Politique", "Économie", "Société")
    )
    page = (
        "<html><head><meta property='og:type' content='website'></head><body><main id='contenu'>"
        f"<div class='rubriques'>{columns}</div></main></body></html>"
    )
    rail = parse_headlines(page, "https://www.messager.example/")
    assert [h.rubric for h in rail] == [s for s in ("International", "Politique", "Économie", "Société") for _ in "123"]


def test_a_badge_read_only_to_screen_readers_is_not_the_title() -> None:
    link = LexborHTMLParser(
        "<a href='/a'><span class='badge-abonne'><span class='sr-only'>Article réservé aux abonnés</span></span>"
        "Au Sahel, les humanitaires alertent sur une crise alimentaire</a>"
    ).css_first("a")
    assert link is not None
    assert title_of(link)[0] == "Au Sahel, les humanitaires alertent sur une crise alimentaire"


def test_a_block_made_of_teaser_cards_is_not_read_as_the_article() -> None:
    """An aggregator's front page: the feed's cards, each with a summary, are the longest text on the page."""
    cards = "".join(
        f"<article class='news-card'><a href='/story/Story_number_{n}--c04f61b2e7a{n}'><h2>Минтруд предложил "
        f"увеличить МРОТ до 25 тысяч рублей, вариант {n}</h2></a><div class='news-card__annotation'>Проект "
        "постановления опубликован на портале нормативных актов. Повышение затронет около четырёх миллионов "
        "работников по всей стране.</div></article>"
        for n in range(6)
    )
    parsed = parse_page(f"<html><body><div class='news-grid'>{cards}</div></body></html>", "https://svodka.example/")
    assert len(parsed.headlines) == 6
    assert parsed.article is None or "Минтруд" not in (parsed.article.body or "")


def test_elementor_cards_take_their_badge_as_the_rubric_and_not_the_read_more_or_meta_row() -> None:
    cards = "".join(
        f"<article class='elementor-post'><div class='elementor-post__card'><div class='elementor-post__badge'>"
        f"{section}</div><h3 class='elementor-post__title'><a href='/2025/07/08/storia-numero-{n}/'>Incendio nella "
        f"pineta di Tombolo, evacuati i campeggi, parte {n}</a></h3><div class='elementor-post__meta-data'>"
        f"<span>8 Luglio 2025</span><span>{n} commenti</span></div><a class='elementor-post__read-more' "
        f"href='/2025/07/08/storia-numero-{n}/'>Leggi tutto »</a></div></article>"
        for n, section in enumerate(["Cronaca", "Politica", "Porto", "Live"])
    )
    rail = parse_headlines(_page(f"<div class='elementor-posts-container'>{cards}</div>"), URL)
    assert [h.rubric for h in rail] == ["Cronaca", "Politica", "Porto", None]


def test_a_media_badge_in_the_link_gives_way_to_the_items_section() -> None:
    items = "".join(
        f"<li class='item'><span class='text-xs text-red-600'>Общество</span><a href='/news/2025/04/15/story-{n}/'>"
        f"<span class='text-xs font-bold'>ФОТО</span> Жители Мотовилихи вышли на субботник у сквера, часть {n}</a></li>"
        for n in range(4)
    )
    rail = parse_headlines(_page(f"<ul class='feed'>{items}</ul>"), URL)
    assert [h.rubric for h in rail] == ["Общество"] * 4


def test_a_listing_pages_grid_read_as_the_article_is_still_a_rail() -> None:
    """A section's listing page: the grid of cards with summaries is the longest text, so it is the article block;
    being that block does not make the grid the article's own list."""
    cards = "".join(
        f"<div class='col-12 col-md-6'><div class='card'><span class='badge'>Экономика</span><h3><a "
        f"class='stretched-link' href='/news/2025/05/1{n}/zavod-{n}'>Томский нефтехимический завод запустит установку "
        f"номер {n}</a></h3><p>Проект стоимостью 12 млрд рублей позволит увеличить выпуск полипропилена на треть, "
        "сообщили в пресс-службе предприятия.</p></div></div>"
        for n in range(8)
    )
    sidebar = "".join(
        f"<a class='list-group-item' href='/news/2025/05/0{n}/popular-{n}'>На Иркутском тракте столкнулись машины, "
        f"случай {n}</a>"
        for n in range(6)
    )
    page = (
        "<html><body><main><div class='row g-3' id='news-grid'>"
        f"{cards}</div></main><aside><div class='list-group'>{sidebar}</div></aside></body></html>"
    )
    rail = parse_headlines(page, "https://tomsk-news.example/news/")
    assert len(rail) == 14


@pytest.mark.parametrize(
    ("text", "rubric"),
    [("การเมือง | 14:05 น.", "การเมือง"), ("TP HCM", "TP HCM")],
)
def test_a_thai_clock_is_split_off_the_rubric(text: str, rubric: str) -> None:
    assert label(text) == rubric


def test_a_pill_badge_and_a_datelines_place_are_not_rubrics() -> None:
    items = "".join(
        f"<li class='feed__item'><a href='/politica/story-{n}-3129869'><span class='pill pill--live'>LIVE</span> "
        f"Sesiune extraordinară în Parlament: votul pe legea pensiilor, partea {n}</a><p class='description'>"
        f"<span class='location-stamp'>TP HCM</span>Sáng 24/5, giá vàng tăng.</p></li>"
        for n in range(4)
    )
    rail = parse_headlines(_page(f"<ul class='feed'>{items}</ul>"), URL)
    assert [h.rubric for h in rail] == [None] * 4


def test_a_thai_most_read_list_is_kept_beside_the_rail() -> None:
    """Thai writes few spaces: a list of long headlines has two or three "words" each."""
    thai = [
        (f"/politics/news/28405{n}", f"นายกฯ สั่งการทุกหน่วยงานเร่งช่วยเหลือผู้ประสบภัยน้ำท่วมเชียงราย ครั้งที่ {n}") for n in range(5)
    ]
    popular = "".join(f"<li class='pop-item'><a href='{href}'>{title}</a></li>" for href, title in thai)
    rail = parse_headlines(_page(_list("latest", LATEST), f"<ol class='pop-list'>{popular}</ol>"), URL)
    assert len(rail) == len(LATEST) + len(thai)


def test_on_a_page_declaring_no_article_the_lists_in_the_block_read_as_one_count() -> None:
    """A section's front page: the feed in the column read as the article block is a list like the others."""
    feed = "".join(
        f"<li class='tm-item'><a href='/story-number-{n}-4891{n}.html'>Hà Nội thí điểm thu phí ô tô vào nội đô từ năm "
        f"sau, đợt {n}</a></li>"
        for n in range(6)
    )
    text = "".join(
        f"<p>Đoạn văn số {n} nói về giá vàng và thị trường, với nhiều chi tiết và con số.</p>" for n in range(6)
    )
    cards = "".join(
        f"<div class='card'><h3><a href='/gia-vang-lap-dinh-{n}-4890{n}.html'>Giá vàng miếng lập đỉnh mới, vượt 125 "
        f"triệu đồng, lần {n}</a></h3></div>"
        for n in range(6)
    )
    page = (
        f"<html><body><div class='folder'>{cards}</div><div class='col-right'>{text}<ul class='tm-list'>{feed}</ul>"
        "</div></body></html>"
    )
    assert len(parse_headlines(page, "https://nhipsong.example/kinh-doanh")) == 12


@pytest.mark.parametrize("heading", ["Другие колонки автора", "More from this author", "Du même auteur"])
def test_the_authors_other_pieces_are_a_related_block(heading: str) -> None:
    assert parse_headlines(_page(_list("author-card__cols", LATEST, heading=f"<h4>{heading}</h4>")), URL) == []


def _cards(item: str, count: int = 5) -> str:
    """A sidebar list of `count` items built from `item`, formatted with n (the story's number)."""
    return "<aside><ul class='feed'>" + "".join(item.format(n=n) for n in range(count)) + "</ul></aside>"


def test_a_section_link_beside_a_story_line_link_is_the_rubric() -> None:
    """Both labels sit in one box, with no space between their texts; a story line runs across sections."""
    item = (
        "<li class='teaser'><div class='labels'><a class='label' href='/story/budget-{n}/'>Сюжет: Бюджет</a>"
        "<a class='label' href='/economy/'>Экономика</a></div>"
        "<a href='/economy/2025/11/18/budget-amendments-{n}/'>Депутаты предложили поправки к проекту бюджета {n}</a>"
        "</li>"
    )
    rail = parse_headlines(_page(_cards(item)), URL)
    assert [h.rubric for h in rail] == ["Экономика"] * 5


def test_a_media_badge_and_a_headline_split_over_spans_stay_out_of_the_rubric() -> None:
    item = (
        "<li class='teaser'><a href='/news/2025/11/18/ice-sculptures-{n}/'><span class='hl'>«Водник» разгромил "
        "«Кузбасс» {n} раз</span> <span class='hl'>в домашнем матче</span> <sup>+фото</sup></a></li>"
    )
    rail = parse_headlines(_page(_cards(item)), URL)
    assert [(h.title, h.rubric) for h in rail][:1] == [("«Водник» разгромил «Кузбасс» 0 раз в домашнем матче", None)]


def test_three_stories_headed_as_the_editors_picks_are_a_rail() -> None:
    picks = "".join(
        f"<dt>Город</dt><dd><a href='/news/2025/11/1{n}/old-town-walk-{n}/'>Как меняется Старый город: прогулка "
        f"номер {n} по кварталам</a></dd>"
        for n in range(3)
    )
    rail = parse_headlines(_page(f"<h2>Выбор редакции</h2><dl class='picks'>{picks}</dl>"), URL)
    assert [h.rubric for h in rail] == ["Город"] * 3


def test_a_column_headings_section_labels_the_items_that_have_none() -> None:
    def column(section: str, labels: list[str]) -> str:
        items = "".join(
            f"<li class='col__item'>{f'<span class=rubric>{kind}</span>' if kind else ''}"
            f"<a href='/{section}/2025/11/18/story-{section}-{n}/'>"
            f"Story number {n} in the {section} column this week</a></li>"
            for n, kind in enumerate(labels)
        )
        return f"<section class='col'><h2><a href='/{section}/'>{section.title()}</a></h2><ul>{items}</ul></section>"

    page = f"<html><body><main>{column('sport', ['Football', 'Hockey', ''])}{column('culture', ['', '', ''])}"
    rail = parse_headlines(page + "</main></body></html>", "https://www.harbour-post.example/")
    assert [h.rubric for h in rail] == ["Football", "Hockey", "Sport", "Culture", "Culture", "Culture"]


def test_a_carousels_copies_of_its_slides_do_not_set_its_order() -> None:
    """A looping carousel repeats its last slides before the first one; the copies are classed as such."""

    def slide(n: int, copy: bool) -> str:
        name = "swiper-slide swiper-slide-duplicate" if copy else "swiper-slide"
        return (
            f"<div class='{name}'><a href='/news/2025/11/18/top-story-{n}/'>Top story number {n} of the carousel "
            "today</a></div>"
        )

    slides = slide(4, True) + "".join(slide(n, False) for n in range(5)) + slide(0, True)
    rail = parse_headlines(_page(f"<div class='swiper'><div class='swiper-wrapper'>{slides}</div></div>"), URL)
    assert [h.url.rsplit("-", 1)[1] for h in rail] == ["0/", "1/", "2/", "3/", "4/"]


def test_a_pictogram_named_for_screen_readers_gives_the_rubric_and_share_counts_do_not() -> None:
    item = (
        "<li class='card'><div class='meta'><span role='img' aria-label='Экономика'><svg></svg>"
        "<span class='sr-only'>Экономика</span></span></div><a href='/economics/2025/11/18/gdp-forecast-{n}/'>"
        "Минэкономразвития ухудшило прогноз роста ВВП, версия {n}</a>"
        "<div class='share'><span class='share_count'>1498 shares</span></div></li>"
    )
    rail = parse_headlines(_page(_cards(item)), URL)
    assert [h.rubric for h in rail] == ["Экономика"] * 5


def test_an_icons_name_is_not_glued_to_the_kicker() -> None:
    node = LexborHTMLParser(
        "<a href='/x'><h2><span class='kicker'>CRIME<svg><title>Video</title></svg></span>"
        "<span>Disgraced ex-politician brutally attacked at work</span></h2></a>"
    ).css_first("a")
    assert node is not None
    assert title_of(node) == ("Disgraced ex-politician brutally attacked at work", "CRIME")


@pytest.mark.parametrize("heading", ["Suggested articles", "Latest posts by Amy Brown (see all)"])
def test_suggested_articles_and_an_authors_latest_posts_are_related_blocks(heading: str) -> None:
    other = [
        (f"/news/2025/11/17/older-story-{n}/", f"An older story number {n} about the harbour works") for n in range(5)
    ]
    rail = parse_headlines(_page(_list("latest", LATEST), _list("box", other, f"<h3>{heading}</h3>")), URL)
    assert [h.title for h in rail] == [title for _, title in LATEST]


def test_a_lower_case_media_badge_ends_no_headline() -> None:
    item = (
        "<li class='row'><a href='/news/2025/11/18/derby-{n}/'>«Северсталь» обыграла «Локомотив» в матче номер {n} "
        "<i>видео</i></a></li>"
    )
    rail = parse_headlines(_page(_cards(item)), URL)
    assert rail[0].title == "«Северсталь» обыграла «Локомотив» в матче номер 0" and rail[0].rubric is None


@pytest.mark.parametrize(
    "url",
    [
        "https://www.harbour-post.example/legal/privacy/",
        "https://forum.harbour-post.example/viewtopic.php?t=29981201",
        "https://forum.harbour-post.example/showthread.php?t=531680",
    ],
)
def test_legal_pages_and_forum_topics_are_no_stories(url: str) -> None:
    assert is_hub(url)


def test_teaser_cards_of_a_front_page_short_headlines_and_section_columns_are_kept() -> None:
    """A front page (no article declared): three teaser cards on top, a "Meistgelesen" list whose short headlines
    are items, not labels of the next, and section columns side by side whose headlines run short."""
    cards = "".join(
        f"<article class='teaser'><span class='teaser__ressort'>Region</span><h2><a href='/region/top-story-{n}-"
        f"91234{n}/'>Top story number {n} of the front page this morning</a></h2></article>"
        for n in range(3)
    )

    def column(section: str, titles: list[str]) -> str:
        items = "".join(
            f"<li class='col-list__item'><a href='/{section}/story-{n}-9123{n}.html'>{title}</a></li>"
            for n, title in enumerate(titles)
        )
        heading = f"<h2><a href='/{section}/'>{section.title()}</a></h2>"
        return f"<section class='col'>{heading}<ul class='col-list'>{items}</ul></section>"

    columns = column(
        "politik",
        [
            "Kreistag streitet über Windkraftflächen im Ringgau",
            "Landrat fordert mehr Geld für Busse",
            "Neue Regeln für Kitas beschlossen im Kreistag",
        ],
    ) + column(
        "sport",
        [
            "Kantersieg für den VfB",
            "Handballerinnen der HSG verlieren knapp",
            "Eschweger Läufer gewinnt Nikolauslauf",
            "Tischtennis: Herbstmeister steht fest",
        ],
    )
    top = "".join(
        f"<li><a href='/region/{slug}-9123{n}.html'>{title}</a></li>"
        for n, (slug, title) in enumerate(
            [
                ("baeckerei", "Bäckerei schließt"),
                ("blitzer", "Blitzer an der Umgehungsstraße: die neuen Standorte"),
                ("wolf", "Wolf in Großalmerode gesichtet am Morgen"),
                ("schnee", "Schnee am Hohen Meißner seit gestern"),
            ]
        )
    )
    page = (
        f"<html><body><main><div class='top'>{cards}</div><div class='cols'>{columns}</div>"
        f"<aside><h3>Meistgelesen</h3><ol class='toplist'>{top}</ol></aside></main></body></html>"
    )
    rail = parse_headlines(page, "https://www.werra-bote.example/")
    titles = [h.title for h in rail]
    assert titles[:3] == [f"Top story number {n} of the front page this morning" for n in range(3)]
    assert "Tischtennis: Herbstmeister steht fest" in titles
    blitzer = next(h for h in rail if h.title.startswith("Blitzer"))
    assert blitzer.rubric is None


def test_a_headline_of_ten_characters_joins_a_list_of_longer_ones() -> None:
    titles = ["Pub reopens"] + [f"Council approves the harbour budget, part {n}" for n in range(4)]
    items = "".join(
        f"<li class='toplist__item'><a href='/news/local/story-{n}-918425{n}'>{title}</a></li>"
        for n, title in enumerate(titles)
    )
    rail = parse_headlines(_page(f"<h3>Most read</h3><ol class='toplist'>{items}</ol>"), URL)
    assert [h.title for h in rail] == titles


@pytest.mark.parametrize(
    "url",
    [
        "https://jobs.harbour-post.example/job/dispatcher/88123/",
        "https://www.harbour-post.example/events/webinar-2026/",
    ],
)
def test_a_job_board_and_an_events_list_are_no_stories(url: str) -> None:
    assert is_hub(url)


def test_a_lead_card_before_the_grid_of_the_rest_joins_it() -> None:
    def card(n: int, kind: str) -> str:
        return (
            f"<article class='{kind}'><h3><a href='/news/2025-12-08/top-story-{n}/1051{n}'>Top story number {n} "
            "of the morning on the front page</a></h3></article>"
        )

    grid = "".join(card(n, "ts-card") for n in range(1, 6))
    rail = parse_headlines(
        _page(f"<section><h2>Top Stories</h2>{card(0, 'ts-lead')}<div class='grid'>{grid}</div></section>"), URL
    )
    assert [h.url.rsplit("/", 1)[1] for h in rail] == [f"1051{n}" for n in range(6)]
