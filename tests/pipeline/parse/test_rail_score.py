from __future__ import annotations

import pytest

from pipeline.parse.rails.score import RailScore, headlines_from_rows, score_rail

GOLD = headlines_from_rows(
    [
        {"rubric": "Мир", "title": "Первая новость дня", "url": "https://s.example/1"},
        {"rubric": None, "title": "Вторая новость дня", "url": "https://s.example/2"},
        {"rubric": "Спорт", "title": "Третья новость дня", "url": "https://s.example/3"},
        {"rubric": "Спорт", "title": "Четвертая новость дня", "url": "https://s.example/4"},
    ]
)


def test_perfect_rail_scores_one_everywhere() -> None:
    score = score_rail(GOLD, GOLD)
    assert (score.precision, score.recall, score.f1, score.rubric_accuracy, score.url_accuracy) == (1, 1, 1, 1, 1)


def test_titles_match_across_case_and_spacing_and_errors_are_counted() -> None:
    found = headlines_from_rows(
        [
            {"rubric": "мир", "title": "первая  новость дня", "url": "https://s.example/1"},
            {"rubric": "Мир", "title": "Вторая новость дня", "url": "https://s.example/2"},
            {"rubric": "Спорт", "title": "Третья новость дня", "url": "https://s.example/3?from=rail"},
            {"rubric": None, "title": "Меню сайта и прочее", "url": "https://s.example/menu"},
        ]
    )
    score = score_rail(GOLD, found)
    assert (score.expected, score.predicted, score.matched) == (4, 4, 3)
    assert score.precision == pytest.approx(0.75) and score.recall == pytest.approx(0.75)
    assert score.rubric_accuracy == pytest.approx(2 / 3) and score.url_accuracy == pytest.approx(2 / 3)


def test_scores_add_up_over_pages_and_an_empty_page_costs_precision_only() -> None:
    menu = headlines_from_rows([{"rubric": None, "title": "Раздел сайта целиком", "url": None}])
    total = score_rail(GOLD, GOLD) + score_rail([], menu) + score_rail([], [])
    assert total == RailScore(expected=4, predicted=5, matched=4, rubric_correct=4, url_correct=4)
    assert total.recall == 1 and total.precision == pytest.approx(0.8)
    assert score_rail([], []).f1 == 1.0
