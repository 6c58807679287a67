from __future__ import annotations

import pytest

from pipeline.parse.rails.labels import label, without_clock


@pytest.mark.parametrize(
    ("text", "rubric"),
    [
        ("Политика, 15:40", "Политика"),
        ("Общество, 08 апр, 23:55", "Общество"),
        ("Технологии и медиа, 14:58", "Технологии и медиа"),
        ("В мире", "В мире"),
        ("В мире, 12:30", "В мире"),
        ("Sport | 10:42 GMT", "Sport"),
        ("12:30 · Politics", "Politics"),
        ("(Экономика)", "Экономика"),
        ("АО «Банк»", "АО «Банк»"),
        ("Climate crisis", "Climate crisis"),
        ("Формула-1", "Формула-1"),
        ("Евро-2024", "Евро-2024"),
        ("Köln", "Köln"),
        ("Formel 1", "Formel 1"),
        ("AI", "AI"),
        ("Mai-Kundgebung", "Mai-Kundgebung"),
        ("Olympia 2022", "Olympia 2022"),
        ("Markets", "Markets"),
        ("cls-1{fill:#fff;fill-rule:evenodd} Video", "Video"),
    ],
)
def test_rubric_is_kept_and_time_split_off(text: str, rubric: str) -> None:
    assert label(text) == rubric


@pytest.mark.parametrize(
    "text",
    [
        "15:12",
        "09.04 16:48",
        "20 ноября, 12:10",
        "14 октября 2025 в 09:40",
        "Tue 3 Jun 2025 07.15 BST",
        "July 11, 2025 11:05 AM UTC",
        "Вчера, 21:15",
        "3 hrs ago",
        "an hour ago",
        "Updated 2 hours ago",
        "5 мин. назад",
        "2 часа назад",
        "48,2 тыс. просмотров",
        "1,2k views",
        "15 comments",
        "By Anna Berg",
        "Реклама",
        "Read more",
        "7",
        "",
        "2. Oktober 2015",
        "12 de marzo de 2024",
        "vor 3 Tagen",
        "il y a 3 heures",
        "Veröffentlicht am 2. Oktober 2015",
        "Published",
        "play_circle_outline",
        "zzgl. MwSt (21%)",
        "bei",
        "Anzeige",
        "Post Patrocinado",
        "Anzahl der Kommentare",
        "Link zum Artikel",
        "Now playing",
        "lipanj, 2020",
        "ABO+",
        "erid: 2SDnjcKvH7x",
        "ООО «Финпартнер», erid: 2SDnjd1aB",
        "Live Updates",
        "Pro",
        "Срочно",
        "11 jam lalu",
        "7日前",
        "3小时前",
        "5분 전",
        "9日前動画あり",
        "قبل 19 دقيقة",
        "~2 months",
        "5 Kommentare",
        "►April(2)",
        "Feb",
        "Zurück",
        "SZ Plus",
    ],
)
def test_metadata_is_not_a_rubric(text: str) -> None:
    assert label(text) is None


def test_long_text_and_the_title_itself_are_not_rubrics() -> None:
    title = "Совет союза продлил ограничения против двух банков"
    assert label(title, title) is None
    assert label("Очень длинная подпись, которая никак не может быть названием рубрики сайта") is None


def test_clock_printed_inside_the_headline_is_dropped() -> None:
    assert without_clock("12:30 Центробанк сохранил ключевую ставку") == "Центробанк сохранил ключевую ставку"
    assert without_clock("12:30 Итоги") == "12:30 Итоги"


def test_a_byline_beside_the_headline_is_not_its_rubric() -> None:
    """Writers' names sit where rubrics sit and are as short; a link to the writer's page, or text in an element
    named for the author, says which they are."""
    from pipeline.parse import parse_headlines

    items = "".join(
        f"<div class='card'><h3><a href='/2025/story-{n}'>Harbour council approves budget number {n}</a></h3>"
        f"<span class='meta'><a href='/authors/jane-doe-{n}'>Jane Doe {n}</a></span>"
        f"<div class='c-byline'><span>Ann Roe</span></div></div>"
        for n in range(5)
    )
    rail = parse_headlines(f"<html><body><section>{items}</section></body></html>", "https://a.example/x")
    assert len(rail) == 5 and all(h.rubric is None for h in rail)


@pytest.mark.parametrize("text", ["mehr", "Autor", "Datum", "Источник", "ещё"])
def test_read_more_links_and_field_names_are_not_rubrics(text: str) -> None:
    assert label(text) is None


@pytest.mark.parametrize(
    ("text", "rubric"),
    [
        ("Политика · 2 мин чтения", "Политика"),
        ("Crime · 1 min read", "Crime"),
        ("Digital · 3 Min. Lesezeit", "Digital"),
        ("Экономика →", "Экономика"),
        ("Сюжет: Бюджет-2027", None),
        ("5 мин чтения", None),
    ],
)
def test_a_reading_time_an_arrow_and_a_story_line_are_not_rubrics(text: str, rubric: str | None) -> None:
    assert label(text) == rubric


def test_a_galleries_photo_count_is_no_rubric_and_a_glued_duration_is_split_off() -> None:
    assert label("12 Photos") is None and label("18 фото") is None
    assert label("Video1:58") == "Video"
