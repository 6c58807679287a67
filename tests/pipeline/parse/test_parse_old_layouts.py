"""Pages of old table layouts and press releases: text set in lines by <br> inside <font>, a dateline a row above
the headline, a `<title>` trail of site, section and headline, a web studio in the author meta, the author's name
signed under the text; and the wire services' datelines and boilerplate around a release."""

from __future__ import annotations

from datetime import datetime

from pipeline.parse import parse_page
from pipeline.parse.bylines import split_names
from pipeline.parse.releases import without_release_furniture

NOW = datetime(2026, 12, 7)
SENTENCE_RU = (
    "Законодательное собрание края утвердило новый порядок расчёта платы, и с января сумма в квитанции будет "
    "зависеть от площади квартиры, а не от числа жильцов, сообщили в региональном министерстве."
)
LINES = [
    "В Каменске-Степном после почти двухлетнего простоя вновь заработал молочный завод на улице Элеваторной.",
    "Завод, построенный еще в 1974 году, остановился в январе 2024 года: прежний собственник не смог расплатиться.",
    "Сейчас завод перерабатывает около 25 тонн молока в сутки, сырье поступает с ферм трех хозяйств района.",
    "На предприятии уже трудоустроены 68 человек, больше половины из них работали здесь и до остановки завода.",
]
HEADLINE = "Молочный завод в Каменске-Степном возобновил работу после простоя"


def _table_page(author_meta: str = "Webstudio ProSite", signed: str = "Елена Сорокина") -> bytes:
    text = "<br><br>\n".join(LINES)
    return (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1251'>"
        f"<title>Газета &quot;Степной край&quot; - Экономика - {HEADLINE}</title>"
        f"<meta name='author' content='{author_meta}'></head><body><table><tr>"
        "<td width=180><font size=1>23.10.2025 &nbsp; Сегодня в номере</font></td><td><table>"
        "<tr><td><font color='#999999' size='1'>23.10.2025 14:05</font></td></tr>"
        f"<tr><td><font class='zagl' size='4'><b>{HEADLINE}</b></font></td></tr>"
        f"<tr><td><font face='Verdana' size='2'>{text}<br><br>"
        f"<div align='right'><b><i>{signed}</i></b></div></font></td></tr>"
        "</table></td></tr></table></body></html>"
    ).encode("cp1251")


def test_a_table_layouts_text_in_font_lines_is_the_body_with_its_dateline_title_and_signature() -> None:
    article = parse_page(_table_page(), "http://www.stepkrai.example/news.php?id=4512", now=NOW).article
    assert article is not None
    assert article.title == HEADLINE
    assert article.body is not None and article.body.split("\n\n") == LINES
    assert article.published_at == datetime(2025, 10, 23, 14, 5)
    assert article.authors == ("Елена Сорокина",)


def test_a_last_line_that_is_no_persons_name_stays_in_the_text() -> None:
    article = parse_page(
        _table_page(signed="Редакция газеты"), "http://www.stepkrai.example/n.php?id=1", now=NOW
    ).article
    assert article is not None and article.authors == ()
    assert article.body is not None and article.body.endswith("Редакция газеты")


def test_a_person_in_the_author_meta_is_kept() -> None:
    article = parse_page(_table_page(author_meta="Пётр Иванов"), "http://www.stepkrai.example/n.php?id=2").article
    assert article is not None and article.authors == ("Пётр Иванов",)


def test_a_companys_legal_form_stays_with_its_name() -> None:
    assert split_names("Tallis Energy Storage, Inc.") == ["Tallis Energy Storage, Inc"]
    assert split_names("Bruce Y. Lee") == ["Bruce Y. Lee"]
    assert split_names("Rob Picheta, CNN") == ["Rob Picheta", "CNN"]


RELEASE = [
    "NEW YORK, Dec. 3, 2026 /PRNewswire/ -- Tallis Energy Storage, Inc. today announced plans to build a battery.",
    "The project will be the company's largest to date, the company said in a statement on Wednesday.",
    "About Tallis Energy Storage",
    "Tallis Energy Storage develops, owns and operates utility-scale battery storage systems.",
    "Media Contact: Jordan Whitley press@tallis.example",
    "SOURCE Tallis Energy Storage, Inc.",
]


def test_a_wire_release_loses_its_dateline_and_the_issuers_boilerplate() -> None:
    assert without_release_furniture("\n\n".join(RELEASE)).split("\n\n") == [
        "Tallis Energy Storage, Inc. today announced plans to build a battery.",
        RELEASE[1],
    ]
    business_wire = "SAN FRANCISCO--(BUSINESS WIRE)--Acme Corp. today reported results.\n\nAbout Acme\n\nAcme makes."
    assert without_release_furniture(business_wire) == "Acme Corp. today reported results."


def test_an_article_with_an_about_heading_keeps_it() -> None:
    text = "The council met on Tuesday.\n\nAbout the vote\n\nThe vote was close."
    assert without_release_furniture(text) == text


def test_an_h1_naming_a_section_of_the_title_trail_gives_way_to_the_headline() -> None:
    """Bitrix section pages print the section's name as the h1 and the story's headline in an h3."""
    paragraphs = "".join(f"<p>{line}</p>" for line in LINES)
    page = (
        f"<html><head><title>{HEADLINE} / Общество / Новости / Газета «Заря»</title></head><body>"
        f"<div class='page-title'><h1>Новости</h1></div><div class='news-detail'><h3>{HEADLINE}</h3>{paragraphs}"
        "</div></body></html>"
    )
    article = parse_page(page, "https://zarya.example/news/society/4512/").article
    assert article is not None and article.title == HEADLINE


def test_a_link_around_blocks_is_another_storys_card_not_text() -> None:
    """Substack's embedded post, a gallery of teasers: the title and summary inside one link are another story's."""
    card = (
        "<div class='embedded-post-wrap'><a class='embedded-post' href='/p/best-season'>"
        "<div class='embedded-post-title'>The best season in a decade</div><div class='embedded-post-body'>Last fall,"
        " the watermen landed more oysters than in any year since 2013, and biologists are still nervous about it, "
        "as the warm water comes back each August.</div><span>Read more</span></a></div>"
    )
    paragraphs = [f"<p>{line}</p>" for line in LINES]
    text = "".join(paragraphs[:2]) + card + "".join(paragraphs[2:])
    page = f"<html><body><h1>{HEADLINE}</h1><div class='body'>{text}</div></body></html>"
    article = parse_page(page, "https://tidewater.example/p/oysters").article
    assert article is not None and article.body is not None
    assert article.body.split("\n\n") == LINES


def _article_page(inner: str, head: str = "") -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in LINES)
    return f"<html><head>{head}</head><body><article>{inner.replace('TEXT', paragraphs)}</article></body></html>"


def test_a_byline_paragraph_gives_the_authors_and_leaves_the_text() -> None:
    page = _article_page(f"<h1>{HEADLINE}</h1><p>Por <strong>Inés Carrasco</strong> · Edición: Pablo Ruiz</p>TEXT")
    article = parse_page(page, "https://acequia.example/agua").article
    assert article is not None and article.authors == ("Inés Carrasco",)
    assert article.body is not None and article.body.split("\n\n") == LINES


def test_a_heading_that_starts_like_a_byline_stays() -> None:
    page = _article_page(f"<h1>{HEADLINE}</h1><h2>Von Risiken und Nebenwirkungen</h2>TEXT")
    article = parse_page(page, "https://zeitung.example/a").article
    assert article is not None and article.authors == ()
    assert article.body is not None and article.body.startswith("Von Risiken und Nebenwirkungen")


def test_the_headers_kicker_above_the_headline_and_a_players_label_are_not_text() -> None:
    lead = "Seit Mai fahren im Südkreis Kleinbusse ohne festen Fahrplan, und die Nachfrage ist größer als erwartet."
    page = _article_page(
        f"<div class='kicker'>Mobilität auf dem Land</div><h1>{HEADLINE}</h1><p class='teaser'>{lead}</p>"
        "<div class='player'><span>Artikel anhören</span> <span>4:22</span></div>TEXT",
        head=f"<meta name='description' content='{lead}'>",
    )
    article = parse_page(page, "https://weserland.example/a").article
    assert article is not None and article.lead == lead
    assert article.body is not None and article.body.split("\n\n") == LINES


def test_hashtags_lose_their_mark_and_an_ad_registry_line_is_not_text() -> None:
    page = _article_page(
        f"<h1>{HEADLINE}</h1>TEXT<p>ООО «Кама-Маркет», ИНН 5904123456, erid: 2SDnjcKq7aH</p>",
        head="<meta name='keywords' content='#библиотеки, #шеринг'>",
    )
    article = parse_page(page, "https://kama.example/a").article
    assert article is not None and article.tags == ("библиотеки", "шеринг")
    assert article.body is not None and article.body.split("\n\n") == LINES


def test_a_credit_line_under_the_text_is_a_byline_whoever_else_the_page_names() -> None:
    body = "".join(f"<p>{SENTENCE_RU} Абзац {n}.</p>" for n in range(4))
    for credit, meta, authors in (
        ("Материал подготовила Елена Соколова", "", ("Елена Соколова",)),
        ("Подготовили: Иван Петров и Анна Лисина", "<meta name='author' content='Олег Ким'>", ("Олег Ким",)),
        ("Олег Ким", "<meta name='author' content='Олег Ким'>", ("Олег Ким",)),
    ):
        html = (
            f"<html><head><title>Вывоз мусора</title>{meta}</head><body><article><h1>Плата за вывоз мусора</h1>"
            f"{body}<p><i>{credit}</i></p></article></body></html>"
        )
        parsed = parse_page(html.encode(), "https://koshelek.example/zhkh/1", now=NOW)
        assert parsed.article is not None and parsed.text is not None
        assert parsed.article.authors == authors
        assert credit not in parsed.text and "Абзац 3." in parsed.text


def test_an_interviewers_credit_and_a_native_ad_notice_are_not_text() -> None:
    body = "".join(f"<p>{SENTENCE_RU} Абзац {n}.</p>" for n in range(4))
    html = (
        "<html><head><title>Пекарни</title><meta name='author' content='Олег Ким'></head><body><article>"
        f"<h1>Сеть пекарен о себестоимости хлеба</h1>{body}<div class='native'><p>Реклама. Рекламодатели указаны "
        "на сайтах партнёров</p></div><p><i>Беседовала Мария Ветрова</i></p></article></body></html>"
    )
    parsed = parse_page(html.encode(), "https://delo.example/interview/1", now=NOW)
    assert parsed.text is not None and "Беседовала" not in parsed.text and "Рекламодатели" not in parsed.text
    assert "Абзац 3." in parsed.text


def test_a_wire_release_under_a_standfirst_still_loses_its_dateline() -> None:
    body = (
        "Tallis raises its outlook\n\nNEW YORK, Dec. 3, 2026 /PRNewswire/ -- Tallis Energy said today it grew."
        "\n\nAbout Tallis\n\nTallis builds batteries."
    )
    assert without_release_furniture(body) == "Tallis raises its outlook\n\nTallis Energy said today it grew."
