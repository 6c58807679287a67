from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from pipeline.parse import parse_article
from pipeline.parse.titles import strip_site_suffix

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "html"
IZVESTIA_URL = "https://vestnik.example/1700500/2025-04-09/ostrova-i-aliyans"
BBC_URL = "https://www.courier.example/news/uk-70001234"
JSONLD_URL = "https://vesti-goroda.example/city/2026/09/14/most"

BODY = "<p>" + "Жители города обсудили новый проект благоустройства набережной от мэрии. " * 3 + "</p>"
MSK = timezone(timedelta(hours=3))


def article(head: str = "", body: str = BODY, url: str | None = "https://news.example/a/1", lang: str = ""):
    html = f"<html{lang}><head>{head}</head><body><article>{body}</article></body></html>"
    return parse_article(html, url, now=datetime(2026, 9, 20, tzinfo=UTC))


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Мост открыли после ремонта — Городские вести", "Мост открыли после ремонта"),
        ("Bridge reopens after repairs | Daily Courier", "Bridge reopens after repairs"),
        ("Bridge reopens after repairs - BBC News", "Bridge reopens after repairs"),
        ("Bridge reopens after repairs", "Bridge reopens after repairs"),
        ("Brexit: what happens next", "Brexit: what happens next"),
    ],
)
def test_strip_site_suffix(title: str, expected: str) -> None:
    assert strip_site_suffix(title) == expected


def test_known_site_name_is_stripped_as_prefix_too() -> None:
    assert strip_site_suffix("Городские вести: мост открыли после долгого ремонта", "Городские вести") == (
        "мост открыли после долгого ремонта"
    )


def test_title_sources_in_order() -> None:
    assert article('<meta property="og:title" content="From OG | Site">').title == "From OG"
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "From LD"}</script>'
    # The JSON-LD headline counts when the page's own title says much the same (test_parse_title_sources.py).
    assert article(ld + "<title>From LD, with more words | Site</title>").title == "From LD"
    with_h1 = article("<title>From title tag — Site</title>", "<h1>From the h1</h1>" + BODY)
    assert with_h1.title == "From the h1"
    assert article("<title>From title tag — Site</title>").title == "From title tag"


def test_lead_sources() -> None:
    assert article('<meta property="og:description" content="Лид из og:description, довольно длинный">').lead
    assert article('<meta name="description" content="Лид из обычного мета-описания страницы">').lead == (
        "Лид из обычного мета-описания страницы"
    )
    lead = "Это вводный абзац статьи, который стоит перед основным текстом."
    assert article(body=f'<p class="article-lead">{lead}</p>' + BODY).lead == lead


def test_published_from_meta_sources() -> None:
    meta = '<meta property="article:published_time" content="2026-09-14T10:05:00+03:00">'
    assert article(meta).published_at == datetime(2026, 9, 14, 10, 5, tzinfo=MSK)
    assert article('<meta name="pubdate" content="2026-09-13">').published_at == datetime(2026, 9, 13)
    assert article('<meta name="DC.date" content="2026-09-12">').published_at == datetime(2026, 9, 12)


def test_published_from_time_element_visible_date_and_url() -> None:
    timed = '<time datetime="2026-09-14T10:05:00+03:00">сегодня</time>' + BODY
    assert article(body=timed).published_at == datetime(2026, 9, 14, 10, 5, tzinfo=MSK)
    visible = '<div class="article-date">9 апреля 2025, 14:05</div>' + BODY
    assert article(body=visible).published_at == datetime(2025, 4, 9, 14, 5)
    assert article(url="https://news.example/2026/09/14/slug").published_at == datetime(2026, 9, 14)
    assert article().published_at is None


def test_updated_at() -> None:
    meta = '<meta property="article:modified_time" content="2026-09-14T12:00:00Z">'
    assert article(meta).updated_at == datetime(2026, 9, 14, 12, tzinfo=UTC)


def test_authors_from_meta_and_byline() -> None:
    two = article('<meta name="author" content="Анна Петрова, Иван Орлов">')
    assert two.authors == ("Анна Петрова", "Иван Орлов")
    assert article(body='<div class="byline">By Jane Holloway</div>' + BODY).authors == ("Jane Holloway",)
    assert article(body='<p class="author">Автор: Олег Синицын</p>' + BODY).authors == ("Олег Синицын",)
    assert article('<meta property="article:author" content="https://facebook.example/x">').authors == ()


def test_rubric_sources() -> None:
    assert article('<meta property="article:section" content="Политика">').rubric == "Политика"
    crumbs = '<div class="breadcrumbs"><a href="/">Главная</a><a href="/society">Общество</a></div>'
    assert article(body=crumbs + BODY).rubric == "Общество"
    kicker = '<div><a class="kicker" href="/sport">Спорт</a><h1>Команда выиграла кубок</h1></div>'
    assert article(body=kicker + BODY).rubric == "Спорт"


def test_tags_sources_deduplicated() -> None:
    head = '<meta property="article:tag" content="Мосты"><meta name="keywords" content="мосты, город, Мосты">'
    tag_links = '<a rel="category tag" href="/c/news">Новости</a><a rel="tag" href="/t/river">Река</a>'
    assert article(head, tag_links + BODY).tags == ("Мосты", "город")
    # rel="category tag" marks a WordPress category: the rubric, not a tag.
    assert article("", tag_links + BODY).tags == ("Река",)


def test_a_tag_list_under_the_article_gives_the_tags_and_a_mention_in_a_sentence_does_not() -> None:
    mention = '<p>Как сообщил <a href="/tags/cbr/">Банк России</a>, ставка сохранена на прежнем уровне.</p>'
    listed = (
        '<div class="Tags_x7"><a href="/tags/vklady/">вклады</a> <a href="/tags/?tag=ставка">ключевая ставка</a></div>'
    )
    assert article(body=mention + BODY + listed).tags == ("вклады", "ключевая ставка")


def test_lower_cased_keywords_take_the_spelling_the_page_shows() -> None:
    head = (
        '<meta name="keywords" content="россия, экспорт зерна">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "keywords": ["Россия", "Экспорт зерна"]}</script>'
    )
    assert article(head).tags == ("Россия", "Экспорт зерна")


def test_language_declared_and_guessed() -> None:
    assert article(lang=' lang="ru-RU"').language == "ru"
    assert article().language == "ru"
    english = "<p>" + "The council approved a plan to rebuild the old harbour wall this spring. " * 3 + "</p>"
    assert article(body=english).language == "en"
    # Among languages of one script the page's word is taken: the guess reads only the commonest words.
    assert article('<meta http-equiv="Content-Language" content="de">', body=english).language == "de"


def test_canonical_resolved_against_url() -> None:
    assert article('<link rel="canonical" href="/a/1?x=1">').canonical_url == "https://news.example/a/1?x=1"


def test_jsonld_page() -> None:
    parsed = parse_article((FIXTURES / "jsonld_ru.html").read_bytes(), JSONLD_URL)
    assert parsed.title == "В Приозерске открыли новый пешеходный мост"
    assert parsed.published_at == datetime(2026, 9, 14, 10, 5, tzinfo=MSK)
    assert parsed.updated_at == datetime(2026, 9, 14, 12, 40, tzinfo=MSK)
    assert parsed.authors == ("Мария Лебедева", "Олег Синицын")
    assert parsed.rubric == "Город"
    assert parsed.tags == ("мосты", "благоустройство")
    assert parsed.body is not None and parsed.body.count("\n\n") == 2
    assert "Фото:" not in parsed.body
    assert parsed.language == "ru"


def test_izvestia_like_metadata() -> None:
    parsed = parse_article((FIXTURES / "izvestia_like_ru.html").read_bytes(), IZVESTIA_URL)
    assert parsed.title == "Острова и альянс договорились расширить оборонное партнерство"
    assert parsed.canonical_url == IZVESTIA_URL
    assert parsed.published_at == datetime(2025, 4, 9, 14, 5, tzinfo=MSK)
    assert parsed.authors == ("Анна Петрова",)
    assert parsed.rubric == "Мир"
    assert parsed.tags == ("Оборона", "Альянс")


def test_bbc_like_metadata() -> None:
    parsed = parse_article((FIXTURES / "bbc_like_en.html").read_bytes(), BBC_URL)
    assert parsed.title == "Harbour town votes to rebuild its old sea wall"
    assert parsed.canonical_url == BBC_URL
    assert parsed.published_at == datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assert parsed.authors == ("Jane Holloway",)
    assert parsed.rubric == "England"
    assert parsed.language == "en"


def test_visible_updated_stamp_and_unchanged_modified_date() -> None:
    times = (
        '<time datetime="2026-09-14T10:05:00+03:00">14 сентября</time>'
        '<span>обновлено <time datetime="2026-09-14T17:00:00+03:00">17:00</time></span>'
    )
    dated = article(body=f"<div class='meta'>{times}</div>" + BODY)
    assert dated.published_at == datetime(2026, 9, 14, 10, 5, tzinfo=MSK)
    assert dated.updated_at == datetime(2026, 9, 14, 17, 0, tzinfo=MSK)
    same = (
        '<meta property="article:published_time" content="2026-09-14T10:05:00+03:00">'
        '<meta property="article:modified_time" content="2026-09-14T10:05:00+03:00">'
    )
    assert article(same).updated_at is None


def test_a_standfirst_the_page_shows_is_the_lead_and_leaves_the_body() -> None:
    lead = "Вводный абзац повторяет описание страницы слово в слово для поисковых систем."
    parsed = article(f'<meta name="description" content="{lead}">', f"<p class='lead'>{lead}</p>" + BODY)
    assert parsed.lead == lead and parsed.body is not None and not parsed.body.startswith(lead)
    shown_above = f"<div class='header'><h1>Мост</h1><div class='overview'>{lead}</div></div><div>{BODY}</div>"
    # og:description is a shortened copy; the description the page prints in full is the one looked for.
    metas = f'<meta property="og:description" content="{lead[:45]}"><meta name="description" content="{lead}">'
    parsed = article(metas, shown_above)
    assert parsed.lead == lead


def test_utc_publication_time_is_shown_in_the_pages_own_offset() -> None:
    """02:25 UTC on the 25th is the evening of the 24th in New York, the day the page printed."""
    html = (
        "<html><head><meta property='article:published_time' content='2020-02-25T02:25:54+00:00'></head><body>"
        "<article><h1>Press secretary leaves studio role</h1>"
        "<time datetime='2020-02-24T21:25:54-05:00'>February 24, 2020 9:25pm</time>"
        f"<p>{'The former press secretary is leaving her role at the studio, a spokesman said. ' * 4}</p>"
        "</article></body></html>"
    )
    published = parse_article(html).published_at
    assert published is not None and published.isoformat() == "2020-02-24T21:25:54-05:00"


def test_utc_publication_time_stays_utc_without_a_local_offset() -> None:
    html = (
        "<html><head><meta property='article:published_time' content='2020-02-25T02:25:54Z'></head><body>"
        f"<article><h1>Headline here</h1><p>{'A sentence of the article body text. ' * 10}</p></article></body></html>"
    )
    published = parse_article(html).published_at
    assert published is not None and published.isoformat() == "2020-02-25T02:25:54+00:00"


def test_an_old_cms_page_without_h1_dates_and_signs_its_article_near_the_headline() -> None:
    """The headline in a "<span class=zag>", the dateline in the row above it, "Автор:" in a bold line under the
    text, and the site's header printing today's date: the article's own date and author are the ones near it."""
    html = (
        "<html><head><title>Вестник :: Новости :: Мост через Сосновку отремонтируют летом</title></head><body>"
        "<table><tr><td>Пятница, 15 марта 2025</td></tr></table><table>"
        "<tr><td><font>14.03.2025 18:30</font> | Просмотров: 1 237</td></tr>"
        "<tr><td><span class=zag>Мост через Сосновку отремонтируют летом</span></td></tr>"
        f"<tr><td>{BODY}{BODY.replace('Жители', 'Депутаты')}</td></tr>"
        "<tr><td align=right><b>Автор: Иван Петров</b></td></tr></table></body></html>"
    )
    parsed = parse_article(html, "https://vestnik.example/news/15872.html", now=datetime(2026, 9, 20, tzinfo=UTC))
    assert parsed.title == "Мост через Сосновку отремонтируют летом"
    assert parsed.published_at == datetime(2025, 3, 14, 18, 30)
    assert parsed.authors == ("Иван Петров",)


def test_the_section_link_above_the_headline_is_the_rubric() -> None:
    kicker = '<div><a class="text-red-600" href="/comments/">Мнения</a><time>8 апреля</time></div><h1>Почему</h1>'
    assert article(body=kicker + BODY).rubric == "Мнения"
    writer = '<div><a href="/author/ivan-petrov">Иван Петров</a></div><h1>Почему</h1>'
    assert article(body=writer + BODY).rubric is None


def test_the_fullest_description_goes_on_where_the_shortened_one_stops() -> None:
    from pipeline.parse.standfirst import fullest

    short, full = "Банки снизили ставки по вкладам.", "Банки снизили ставки по вкладам. Аналитики ждут продолжения."
    assert fullest([short, "", full]) == full
    assert fullest(["With the US absent from COP30", "Nature - With the US absent from COP30, others must act"]) == (
        "With the US absent from COP30"
    )


def test_a_breadcrumb_trail_without_markup_gives_the_rubric_and_a_menu_does_not() -> None:
    menu = "<div><a href='/'>Главная</a> | <a href='/news/'>Новости</a> | <a href='/contacts/'>Контакты</a></div>"
    trail = "<td><a href='/'>Главная</a> &raquo; <a href='/news/'>Новости</a> &raquo; <a href='/s/'>Общество</a></td>"
    assert article(body=f"{menu}<table><tr>{trail}</tr></table>{BODY}").rubric == "Общество"
    assert article(body=f"{menu}{BODY}").rubric is None


def test_a_time_element_dated_to_the_day_takes_the_time_its_text_prints() -> None:
    stamp = '<time datetime="2025-04-09">9 апреля 2025 года, 14:00</time>'
    assert article(body=f"<h1>Совещание</h1>{stamp}{BODY}").published_at == datetime(2025, 4, 9, 14, 0)


def test_the_subtitle_under_the_headline_is_the_lead_and_a_date_line_never_is() -> None:
    subtitle = "Введение НДС для части упрощенцев решает фискальную задачу, но создает стимулы к дроблению"
    body = f"<h1>Почему упрощенка перестала быть простой</h1><em class='article__subtitle'>{subtitle}</em>{BODY}"
    # The description is another summary the page does not show; the subtitle it does show wins.
    description = '<meta name="description" content="Алексей Дроздов о том, к чему приведет введение НДС">'
    assert article(description, body).lead == subtitle
    dated = (
        "<div class='article__summary'>Published: 5:42 PM CDT April 9, 2025 Updated: 7:15 PM CDT April 9, 2025</div>"
    )
    assert article(body=f"<div>{dated}</div><div><h1>Мост</h1>{BODY}</div>").lead is None


def test_a_visible_update_stamp_and_a_subtitle_after_the_header_block() -> None:
    subtitle = "Почему весной многим так трудно просыпаться, рассказали специалисты."
    header = (
        "<div class='head'><h1>Почему весной так хочется спать</h1><div class='meta'><span class='date'>"
        "14.03.2025 12:45</span> <span class='updated'>Обновлено: 14.03.2025 16:05</span></div></div>"
    )
    parsed = article(
        f'<meta name="description" content="{subtitle}">',
        f"{header}<div class='article_subtitle'>{subtitle}</div>{BODY}",
    )
    assert parsed.updated_at == datetime(2025, 3, 14, 16, 5)
    assert parsed.lead == subtitle


def test_keywords_split_at_arabic_commas() -> None:
    head = '<meta name="keywords" content="المغرب، الجفاف، المياه">'
    assert article(head).tags == ("المغرب", "الجفاف", "المياه")


def test_json_ld_breadcrumb_names_the_section_not_the_article_or_the_site() -> None:
    crumbs = [("https://news.example/", "News Example"), ("https://news.example/weather/", "気象")]
    crumbs.append(("https://news.example/a/1", "Bridge plan agreed"))
    items = ",".join(
        f'{{"@type": "ListItem", "position": {n}, "item": {{"@id": "{url}", "name": "{name}"}}}}'
        for n, (url, name) in enumerate(crumbs, start=1)
    )
    head = (
        '<meta property="og:site_name" content="News Example"><link rel="canonical" href="https://news.example/a/1">'
        f'<script type="application/ld+json">{{"@type": "BreadcrumbList", "itemListElement": [{items}]}}</script>'
    )
    assert article(head).rubric == "気象"


def test_og_title_keeps_no_tail_that_names_the_site() -> None:
    head = (
        '<meta property="og:site_name" content="NHB NEWS WEB">'
        '<meta property="og:title" content="北海道で大雪 JR312本運休 あすも交通への影響に警戒 | NHB">'
        "<title>北海道で大雪 JR312本運休 あすも交通への影響に警戒 | NHB | 気象</title>"
    )
    assert article(head).title == "北海道で大雪 JR312本運休 あすも交通への影響に警戒"


def test_a_perex_is_the_lead() -> None:
    perex = "<div class='perex'>Cestující budou od března jezdit na jednu jízdenku.</div>"
    body = f"<article><h1>Jízdenky na Vysočině</h1>{perex}{BODY}</article>"
    assert article(body=body).lead == "Cestující budou od března jezdit na jednu jízdenku."


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            '<meta property="og:site_name" content="Aftonposten">'
            '<meta property="og:title" content="Ishall i Gävle stängs akut – taket kan rasa">',
            "Ishall i Gävle stängs akut – taket kan rasa",
        ),
        (
            '<meta property="og:site_name" content="The Times of Bharat"><meta property="og:title" content="Pune Metro'
            ' Line 3 route gets safety nod, to open on December 20 | Pune News - Times of Bharat">',
            "Pune Metro Line 3 route gets safety nod, to open on December 20",
        ),
    ],
)
def test_title_tails(head: str, expected: str) -> None:
    assert article(head).title == expected


def test_an_anons_is_the_lead() -> None:
    anons = "<div class='anons'>Жителей трёх домов на Заводской улице расселят до конца года.</div>"
    assert article(body=f"<article><h1>Расселение</h1>{anons}{BODY}</article>").lead == (
        "Жителей трёх домов на Заводской улице расселят до конца года."
    )


def test_an_initial_keeps_its_full_stop_and_a_sentences_is_dropped() -> None:
    from pipeline.parse.bylines import split_names

    assert split_names("Автор: Ким А.") == ["Ким А."]
    assert split_names("By John Smith.") == ["John Smith"]


def test_a_template_language_the_text_is_not_written_in_gives_way_to_the_text() -> None:
    assert article(lang=' lang="en"').language == "ru"
    english = "<p>" + "The council discussed the new embankment project with residents and the city hall. " * 3
    assert article(body=english + "</p>", lang=' lang="ru"').language == "en"
    assert article(lang=' lang="ru"').language == "ru"


def test_the_sites_slogan_is_no_lead_and_a_bitrix_preview_is() -> None:
    slogan = "Деловой вектор — экономика, бизнес и финансы Поволжья: новости, аналитика, мнения."
    head = f'<meta property="og:site_name" content="Деловой вектор"><meta name="description" content="{slogan}">'
    assert article(head, f"<p class='site-description'>{slogan}</p>{BODY}").lead is None
    summary = "Лёд на реке пока не набрал нужной толщины, а паром уже поставлен на зимнюю стоянку у причала."
    preview = f"<h1>Переправа откроется позже</h1><div class='news-detail__preview'>{summary}</div>{BODY}"
    assert article(f'<meta name="description" content="{summary}">', preview).lead == summary


def test_of_a_list_of_sections_the_one_the_meta_names_is_the_rubric() -> None:
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "articleSection": ["News", "UK News"]}</script>'
    assert article(ld + '<meta property="article:section" content="UK News">').rubric == "UK News"
    assert article(ld).rubric == "UK News"


def test_a_standfirst_named_so_is_the_lead_when_the_description_is_the_opening_paragraph() -> None:
    opening = "Жители города обсудили новый проект благоустройства набережной от мэрии на общественных слушаниях."
    standfirst = "Мэрия обещает закончить работы к лету, но жители просят сохранить старые тополя"
    body = f"<h1>Набережную благоустроят</h1><h2 class='article__standfirst'>{standfirst}</h2><p>{opening}</p>{BODY}"
    parsed = article(f'<meta name="description" content="{opening}">', body)
    assert parsed.lead == standfirst and parsed.body is not None and parsed.body.startswith(opening)
