from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.parse import parse_headlines, parse_page

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "html"
IZVESTIA_URL = "https://vestnik.example/1700500/2025-04-09/ostrova-i-aliyans"
BBC_URL = "https://www.courier.example/news/uk-70001234"
RUBRICS = [
    "Армия",
    "Происшествия",
    "Мир",
    "Мир",
    "Мир",
    "Мир",
    "Мир",
    "Мир",
    "Армия",
    "Мир",
    "Экономика",
    "Мир",
    "Общество",
    "Мир",
    "Мир",
    "Общество",
    "Общество",
]
TITLES = [
    "Музей истории края открыл новую экспозицию о речном флоте",
    "Городской оркестр даст бесплатный концерт в центральном парке",
    "Синоптики пообещали первые заморозки уже на следующей неделе",
    "Фермеры собрали рекордный урожай яблок в южных районах",
    "Студенты построили солнечный автомобиль для международной гонки",
]


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_izvestia_rail_has_17_items_with_rubrics() -> None:
    rail = parse_headlines(fixture("izvestia_like_ru.html"), IZVESTIA_URL)
    assert [h.rubric for h in rail] == RUBRICS
    assert [h.position for h in rail] == list(range(1, 18))
    assert rail[0].title == "Зенитчики отразили ночную атаку дронов над приграничным районом"
    assert rail[0].url == "https://vestnik.example/170001/2025-04-09/news-1"
    assert rail[-1].title == "Подписан указ о создании совета по развитию цифровых сервисов"


def test_izvestia_rail_excludes_menu_related_and_body_links() -> None:
    titles = {h.title for h in parse_headlines(fixture("izvestia_like_ru.html"), IZVESTIA_URL)}
    assert not titles & {"Политика", "Экономика", "Прямой эфир", "Мир"}
    assert "Альянс провел учения у северных берегов архипелага" not in titles
    assert "Острова объявили о закупке патрульных катеров" not in titles


def test_parse_page_returns_article_and_rail_together() -> None:
    parsed = parse_page(fixture("izvestia_like_ru.html"), IZVESTIA_URL)
    assert parsed.error is None and parsed.article is not None and len(parsed.headlines) == 17


def test_most_read_list_absolute_urls_without_fragment() -> None:
    rail = parse_headlines(fixture("bbc_like_en.html"), BBC_URL)
    assert len(rail) == 10
    assert rail[0].title == "Volcano ash cloud delays flights across the region"
    assert rail[-1].url == "https://www.courier.example/news/uk-70000110"
    assert all(h.rubric is None for h in rail)
    assert all(h.url and h.url.startswith("https://www.courier.example/") for h in rail)


def test_page_without_rail_returns_empty_list() -> None:
    url = "https://northfield.example/news/local/library-hours"
    assert parse_headlines(fixture("no_rail_en.html"), url) == []


def test_jsonld_page_has_no_rail() -> None:
    assert parse_headlines(fixture("jsonld_ru.html")) == []


def page(rail: str) -> str:
    return f"<html><body><div class='top'>{rail}</div><article><p>Короткий текст.</p></article></body></html>"


def test_nested_items_with_combined_rubric_and_time() -> None:
    rubrics = ["Культура", "Общество", "Погода", "Экономика", "Наука"]
    items = "".join(
        f'<li class="news-item"><a href="/news/{i}"><h3>{title}</h3></a>'
        f'<span class="meta">{rubric}, 1{i}:30</span></li>'
        for i, (title, rubric) in enumerate(zip(TITLES, rubrics, strict=True))
    )
    rail = parse_headlines(page(f"<ul>{items}</ul>"), "https://site.example/news/99")
    assert [h.rubric for h in rail] == rubrics
    assert [h.title for h in rail] == TITLES
    assert rail[2].url == "https://site.example/news/2"


def test_flat_rail_with_labels_after_headlines() -> None:
    items = "".join(f'<a href="/n/{i}">{t}</a><span>Рубрика {i}</span>' for i, t in enumerate(TITLES))
    rail = parse_headlines(page(items), "https://site.example/n/100")
    assert [h.rubric for h in rail] == [f"Рубрика {i}" for i in range(5)]


def test_kicker_inside_link_is_not_part_of_title() -> None:
    items = "".join(
        f'<div class="card"><a href="/n/{i}"><span class="kicker">Спорт</span>'
        f'<span class="card-title">{t}</span></a></div>'
        for i, t in enumerate(TITLES)
    )
    rail = parse_headlines(page(items), "https://site.example/n/100")
    assert [h.title for h in rail] == TITLES


@pytest.mark.parametrize("href", ["https://other.example/n/{i}", "javascript:void({i})", "mailto:x{i}@site.example"])
def test_links_to_other_sites_are_not_a_rail(href: str) -> None:
    items = "".join(f'<li><a href="{href.format(i=i)}">{t}</a></li>' for i, t in enumerate(TITLES))
    assert parse_headlines(page(f"<ul>{items}</ul>"), "https://site.example/n/100") == []


def test_short_menu_links_are_not_a_rail() -> None:
    menu = "".join(f'<li><a href="/r/{i}">Раздел {i}</a></li>' for i in range(12))
    assert parse_headlines(page(f"<ul class='list'>{menu}</ul>"), "https://site.example/n/100") == []


def test_three_items_are_not_a_rail() -> None:
    items = "".join(f'<li><a href="/n/{i}">{t}</a></li>' for i, t in enumerate(TITLES[:3]))
    assert parse_headlines(page(f"<ul>{items}</ul>"), "https://site.example/n/100") == []


def test_without_url_relative_links_still_count() -> None:
    items = "".join(f'<li><a href="/n/{i}">{t}</a></li>' for i, t in enumerate(TITLES))
    rail = parse_headlines(page(f"<ul>{items}</ul>"))
    assert [h.url for h in rail] == [f"/n/{i}" for i in range(5)]


def test_section_label_inside_the_link_becomes_the_rubric() -> None:
    sections = ["World", "Politics", "Business", "Science", "Sport"]
    items = "".join(
        f'<li class="item"><span class="rank">{i + 1}</span><a href="/n/{i}">'
        f'<span class="item__section">{section}</span> {title}</a></li>'
        for i, (title, section) in enumerate(zip(TITLES, sections, strict=True))
    )
    rail = parse_headlines(page(f"<ol>{items}</ol>"), "https://site.example/n/100")
    assert [h.title for h in rail] == TITLES
    assert [h.rubric for h in rail] == sections


def test_heading_and_ad_beside_card_links_are_not_rubrics() -> None:
    cards = [f'<a class="card" href="/n/{i}"><span>{t}</span><time>1{i}:05</time></a>' for i, t in enumerate(TITLES)]
    cards.insert(3, '<div class="ad">Реклама</div>')
    rail = parse_headlines(page("<h2>Последние новости</h2>" + "".join(cards)), "https://site.example/n/100")
    assert [h.title for h in rail] == TITLES
    assert {h.rubric for h in rail} == {None}


def test_long_rubric_link_to_a_theme_page_is_the_label_not_a_second_story() -> None:
    items = "".join(
        f'<li><a href="/theme/{i}">Конфликт на Ближнем Востоке</a> <a href="/n/{i}">{t}</a></li>'
        for i, t in enumerate(TITLES)
    )
    rail = parse_headlines(page(f"<ul>{items}</ul>"), "https://site.example/n/100")
    assert [h.title for h in rail] == TITLES
    assert {h.rubric for h in rail} == {"Конфликт на Ближнем Востоке"}


def test_service_links_of_a_div_footer_are_not_a_rail() -> None:
    pages = ("about/redaktsiia", "about/pravila-saita", "privacy/personal-data", "ads/spetsproekty", "jobs/vakansii")
    texts = ("Редакция и контакты газеты", "Правила использования материалов сайта", "Политика обработки данных")
    texts += ("Реклама и спецпроекты на сайте", "Вакансии в редакции газеты")
    links = "".join(f'<a href="/{p}">{t}</a>' for p, t in zip(pages, texts, strict=True))
    assert parse_headlines(page(f"<div class='bottom'>{links}</div>"), "https://site.example/n/100") == []


def test_list_between_article_paragraphs_belongs_to_the_article() -> None:
    prose = "<p>" + "Длинный абзац статьи о строительстве нового моста через реку, с подробностями. " * 2 + "</p>"
    items = "".join(f'<li><a href="/n/{i}">{t}</a></li>' for i, t in enumerate(TITLES))
    html = f"<html><body><article><h1>Мост</h1><div>{prose}<ul>{items}</ul>{prose}</div></article></body></html>"
    assert parse_headlines(html, "https://site.example/n/100") == []


@pytest.mark.parametrize(
    "heading",
    [
        "You may also like",
        "Похожие новости",
        "Читайте ещё",
        "Recommended for you",
        "Das könnte Sie auch interessieren",
        "Te puede interesar",
        "Zobacz również",
        "Читайте також",
    ],
)
def test_related_block_is_left_out_and_the_rail_kept(heading: str) -> None:
    related = "".join(f'<li><a href="/r/{i}">{t} и другое</a></li>' for i, t in enumerate(TITLES))
    rail = "".join(f'<li><a href="/n/{i}">{t}</a></li>' for i, t in enumerate(TITLES))
    html = page(f"<div class='box'><h3>{heading}</h3><ul>{related}</ul></div><div class='feed'><ul>{rail}</ul></div>")
    assert [h.title for h in parse_headlines(html, "https://site.example/n/100")] == TITLES


def test_feature_flags_on_the_page_wrapper_do_not_hide_the_rail() -> None:
    items = "".join(f'<li><a href="/n/{i}">{t}</a></li>' for i, t in enumerate(TITLES))
    html = f"<html class='enableSocialShare pagination_v2'><body><div><ul>{items}</ul></div></body></html>"
    assert len(parse_headlines(html, "https://site.example/n/100")) == 5


def test_kicker_glued_to_the_title_is_split_off() -> None:
    items = "".join(
        f'<li><a href="/n/{i}"><span class="kicker">TV &amp; Radio</span><span>{t}</span></a></li>'
        for i, t in enumerate(TITLES)
    )
    rail = parse_headlines(page(f"<ul>{items}</ul>"), "https://site.example/n/100")
    assert [h.title for h in rail] == TITLES
    assert {h.rubric for h in rail} == {"TV & Radio"}


@pytest.mark.parametrize(
    "heading",
    [
        "Most read",
        "Популярное",
        "Самое читаемое",
        "I più letti",
        "Najczęściej czytane",
        "Останні новини",
        "ÇOK OKUNANLAR",
        "الأكثر قراءة",
        "主要 ニュース",
        "많이 본 뉴스",
        "Mest lest",
        "הכי נקראים",
        "Nejčtenější",
        "排行榜",
    ],
)
def test_a_second_block_headed_as_a_headline_list_is_kept_beside_the_rail(heading: str) -> None:
    rail = "".join(f'<li class="feed-item"><a href="/n/{i}">{t}</a></li>' for i, t in enumerate(TITLES))
    popular = "".join(
        f'<div class="pop"><a href="/p/{i}"><span>{t} и другое</span></a></div>' for i, t in enumerate(TITLES[:4])
    )
    block = f"<section><h2>{heading}</h2><div class='list'>{popular}</div></section>"
    html = page(f"<div class='feed'><ul>{rail}</ul></div><div>{block}</div>")
    titles = [h.title for h in parse_headlines(html, "https://site.example/n/100")]
    assert titles == TITLES + [f"{t} и другое" for t in TITLES[:4]]


def test_a_second_block_without_such_a_heading_is_not_taken() -> None:
    rail = "".join(f'<li class="feed-item"><a href="/n/{i}">{t}</a></li>' for i, t in enumerate(TITLES))
    other = "".join(
        f'<div class="pop"><a href="/p/{i}"><span>{t} и другое</span></a></div>' for i, t in enumerate(TITLES[:4])
    )
    block = f"<section><h2>Партнёры</h2><div>{other}</div></section>"
    html = page(f"<div class='feed'><ul>{rail}</ul></div><div>{block}</div>")
    assert [h.title for h in parse_headlines(html, "https://site.example/n/100")] == TITLES


def test_links_hidden_from_readers_are_not_a_rail() -> None:
    """Sites keep links for crawlers only, in a display:none list: no reader ever sees them on the page."""
    hidden = "".join(
        f'<a href="/id/{i}" style="display: none">This link is for the Robots and should not be seen.</a>'
        for i in range(6)
    )
    html = page(f"<div>{hidden}</div>")
    assert parse_headlines(html, "https://site.example/n/100") == []


def test_a_reference_list_is_not_a_rail() -> None:
    """A wiki's citations link back to the site's own pages ("Te Ara: The Encyclopedia…", "Retrieved 3 May")."""
    refs = "".join(f'<li><a href="/wiki/Source_{i}">{t}</a>. Retrieved 3 May 2020.</li>' for i, t in enumerate(TITLES))
    html = page(f"<div class='reflist'><ol class='references'>{refs}</ol></div>")
    assert parse_headlines(html, "https://site.example/wiki/Page") == []


def test_a_hidden_copy_of_the_rail_does_not_take_its_place() -> None:
    """A mobile menu repeats the rail, hidden and without rubrics, before the rail itself: each url keeps its first
    occurrence, so the copy would wipe out the rubrics."""
    copy = "".join(f'<li><a href="/n/{i}">{t}</a></li>' for i, t in enumerate(TITLES))
    rail = "".join(
        f'<li><a class="section" href="/world">Мир</a><a href="/n/{i}">{t}</a></li>' for i, t in enumerate(TITLES)
    )
    html = page(f'<div id="menu" hidden><ul>{copy}</ul></div><div class="header">Logo</div><ul>{rail}</ul>')
    rail_found = parse_headlines(html, "https://site.example/n/100")
    assert [(h.title, h.rubric) for h in rail_found] == [(t, "Мир") for t in TITLES]


def test_tabs_not_chosen_are_not_read() -> None:
    """The reader sees the chosen tab only; the others are hidden until clicked."""
    tabs = "".join(
        f'<div class="tab"{" hidden" if part else ""}><ul>'
        + "".join(f'<li><a href="/t{part}/{i}">{t}</a></li>' for i, t in enumerate(TITLES))
        + "</ul></div>"
        for part in range(2)
    )
    rail = parse_headlines(page(f"<div class='tabs'>{tabs}</div>"), "https://site.example/n/100")
    assert [h.url for h in rail] == [f"https://site.example/t0/{i}" for i in range(5)]


def test_a_link_to_the_headlines_own_section_is_its_rubric_whatever_its_class() -> None:
    """vc.ru-like cards show the section where a byline goes, classed as the author; the writer's own link, the
    meta row holding the writer's name and the subscribe button are not rubrics."""
    cards = "".join(
        '<div class="card"><div class="header">'
        '<a class="header-author header-author--subsite" href="/marketing">'
        '<span class="author__name">Маркетинг</span></a>'
        f'<a class="header-author header-author--user" href="/u/{i}-ivan-petrov"><span>Иван Петров</span></a>'
        "<time>6 часов</time><button>Подписаться</button></div>"
        f'<a class="title" href="/marketing/{i}-story"><h2>{t}</h2></a></div>'
        for i, t in enumerate(TITLES)
    )
    rail = parse_headlines(page(f"<section class='feed'>{cards}</section>"), "https://site.example/n/100")
    assert [(h.title, h.rubric) for h in rail] == [(t, "Маркетинг") for t in TITLES]


def test_a_writers_blog_post_has_no_rubric() -> None:
    cards = "".join(
        f'<div class="card"><div class="header"><a href="/u/{i}-ivan-petrov"><span>Иван Петров</span></a>'
        "<time>6 часов</time><button>Подписаться</button></div>"
        f'<a class="title" href="/u/{i}-ivan-petrov/{i}-story"><h2>{t}</h2></a></div>'
        for i, t in enumerate(TITLES)
    )
    rail = parse_headlines(page(f"<section class='feed'>{cards}</section>"), "https://site.example/n/100")
    assert [(h.title, h.rubric) for h in rail] == [(t, None) for t in TITLES]


def test_japanese_headlines_are_headline_length_in_characters() -> None:
    titles = [
        "衆院補選 与党候補が敗北確実",
        "円相場 一時1ドル=158円台に下落",
        "九州南部で線状降水帯 警戒続く",
        "高校生のSNS利用 国が指針案",
    ]
    items = "".join(f'<li><a href="/pickup/{i}">{t}</a></li>' for i, t in enumerate(titles))
    menu = "".join(f'<li><a href="/c/{i}">{t}</a></li>' for i, t in enumerate(["国内", "国際", "経済", "エンタメ"]))
    rail = parse_headlines(page(f"<nav><ul>{menu}</ul></nav><ul>{items}</ul>"), "https://site.example/n/100")
    assert [h.title for h in rail] == titles


def test_sponsored_links_and_badges_are_not_headlines_or_rubrics() -> None:
    items = "".join(
        f'<li><span class="badge badge--liveblog">Liveblog</span><a href="/n/{i}">{t}</a></li>'
        for i, t in enumerate(TITLES)
    )
    items += '<li><span>AD</span><a rel="sponsored" href="/promotion/1">Retirement planning made simple today</a></li>'
    rail = parse_headlines(page(f"<ul>{items}</ul>"), "https://site.example/n/100")
    assert [(h.title, h.rubric) for h in rail] == [(t, None) for t in TITLES]


def test_cards_nested_seven_levels_deep_still_form_a_rail() -> None:
    cards = "".join(
        f'<div class="feed-item"><div class="post"><div class="post-header"><span class="chapeu">Trânsito</span>'
        f'</div><div class="post-body"><div class="post-title"><div class="_evt"><h2><a href="/n/{i}">{t}</a></h2>'
        "</div></div><p>Resumo da notícia.</p></div><div class='meta'><span>Há 1 hora</span></div></div></div>"
        for i, t in enumerate(TITLES)
    )
    rail = parse_headlines(page(f"<div class='feed'>{cards}</div>"), "https://site.example/n/100")
    assert [(h.title, h.rubric) for h in rail] == [(t, "Trânsito") for t in TITLES]


def test_items_classed_apart_at_the_top_of_a_ranking_stay_in_it() -> None:
    titles = [
        *TITLES,
        "Учёные нашли новый способ очистки воды от пластика",
        "В городе открылся первый детский технопарк",
    ]
    items = "".join(
        f'<li class="{"top3" if i < 3 else ""}"><span class="num">0{i}</span><a href="/n/{i}">{t}</a></li>'
        for i, t in enumerate(titles)
    )
    rail = parse_headlines(page(f"<ol class='rank'>{items}</ol>"), "https://site.example/n/100")
    assert [h.title for h in rail] == titles


def test_market_quotes_are_not_headlines() -> None:
    quotes = [
        "S&P 500 5,842.13 +0.41%",
        "Nasdaq 18,402.77 -0.12%",
        "FTSE 100 8,211.40 -0.22%",
        "Nikkei 38,921.66 +1.02%",
    ]
    items = "".join(f'<li class="q"><a href="/markets/{i}">{q}</a></li>' for i, q in enumerate(quotes))
    assert parse_headlines(page(f"<ul>{items}</ul>"), "https://site.example/n/100") == []


def test_icons_and_their_svg_titles_are_not_rubrics() -> None:
    items = "".join(
        f'<li><span class="ico ico-video">[视频]</span><a href="/n/{i}"><svg><title>Pluss-artikkel</title></svg>{t}</a>'
        "</li>"
        for i, t in enumerate(TITLES)
    )
    rail = parse_headlines(page(f"<ul>{items}</ul>"), "https://site.example/n/100")
    assert [(h.title, h.rubric) for h in rail] == [(t, None) for t in TITLES]


def test_a_definition_list_term_labels_every_item_under_it() -> None:
    rows = "<dt>Общество</dt>" + "".join(f'<dd><a href="/n/{i}">{t}</a></dd>' for i, t in enumerate(TITLES[:3]))
    rows += "<dt>Культура</dt>" + "".join(f'<dd><a href="/n/{i + 3}">{t}</a></dd>' for i, t in enumerate(TITLES[3:]))
    rail = parse_headlines(page(f"<dl class='feed'>{rows}</dl>"), "https://site.example/n/100")
    assert [h.rubric for h in rail] == ["Общество"] * 3 + ["Культура"] * 2


def test_a_cell_spanning_rows_labels_each_row() -> None:
    rows = "".join(
        ('<tr><td rowspan="3">Экономика</td>' if i == 0 else "<tr>")
        + f'<td><a href="/n/{i}">{t}</a></td><td>12:0{i}</td></tr>'
        for i, t in enumerate(TITLES[:3])
    )
    rows += "".join(
        ('<tr><td rowspan="2">Культура</td>' if i == 0 else "<tr>")
        + f'<td><a href="/m/{i}">{t}</a></td><td>11:0{i}</td></tr>'
        for i, t in enumerate(TITLES[3:])
    )
    rail = parse_headlines(page(f"<table>{rows}</table>"), "https://site.example/n/100")
    assert [h.rubric for h in rail] == ["Экономика"] * 3 + ["Культура"] * 2


def test_buttons_ranks_and_promo_paths_are_no_rubrics_or_headlines() -> None:
    items = "".join(
        f'<li><span class="rank">{i + 1}</span><a href="/n/{i}">{t}</a><p class="meta">Local | {i + 1} hrs ago</p>'
        "<div><button>Save</button><button>Share</button></div></li>"
        for i, t in enumerate(TITLES)
    )
    items += '<li><a href="/promo/2025/mortgage">Mortgage at 6% without a down payment this winter</a></li>'
    rail = parse_headlines(page(f"<ol>{items}</ol>"), "https://site.example/n/100")
    assert [(h.title, h.rubric) for h in rail] == [(t, "Local") for t in TITLES]


SUMMARY = "Подробности читайте в материале сегодня."
WHERE = "где смотреть матч"


def test_rank_numbers_teaser_sentences_and_dashed_names() -> None:
    items = "".join(
        f'<li><span>0{i + 1} Политика</span><a href="/doc/{i}">{t}</a><p>{SUMMARY}</p></li>'
        for i, t in enumerate(TITLES)
    )
    rail = parse_headlines(page(f"<ul>{items}</ul>"), "https://site.example/n/100")
    assert [(h.title, h.rubric) for h in rail] == [(t, "Политика") for t in TITLES]
    matches = ["СКА", "«Спартак»", "ЦСКА", "«Динамо»", "«Зенит»"]
    items = "".join(
        f'<li><a href="/m/{i}"><span class="team">{team}</span> — <span class="team">«Урал»</span>: {WHERE}</a></li>'
        for i, team in enumerate(matches)
    )
    rail = parse_headlines(page(f"<ul>{items}</ul>"), "https://site.example/n/100")
    assert [h.title for h in rail] == [f"{team} — «Урал»: {WHERE}" for team in matches]


def test_links_differing_in_tracking_parameters_are_one_story_and_eastern_time_is_a_time() -> None:
    items = "".join(
        f'<li><span>10:4{i} ET</span><a href="/n/{i}?utm_source=feed">{t}</a></li>' for i, t in enumerate(TITLES)
    )
    again = "".join(f'<li class="pop"><a href="/n/{i}?utm_source=popular">{t}</a></li>' for i, t in enumerate(TITLES))
    html = page(f"<ul class='feed'>{items}</ul><section><h2>Most read</h2><ul>{again}</ul></section>")
    rail = parse_headlines(html, "https://site.example/n/100")
    assert [(h.url, h.rubric) for h in rail] == [
        (f"https://site.example/n/{i}?utm_source=feed", None) for i in range(5)
    ]
