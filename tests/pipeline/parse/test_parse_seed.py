"""The user's seed page rebuilt as HTML in the flat layout its text rendering shows; skipped without it."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from pipeline.parse import parse_page

SEED = Path(__file__).resolve().parents[3].parent / "shared" / "seed" / "izvestia-article-page.txt"
TITLE = "Япония и НАТО договорились наращивать сотрудничество в оборонной сфере"
URL = "https://iz.ru/1000001/2025-04-09/iaponiia-i-nato"

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="seed page not available")


def seed_html() -> str:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    title_at = lines.index(TITLE)
    rail = lines[3:title_at]
    pairs = [(rail[i], rail[i + 1]) for i in range(0, len(rail) - 1, 2) if rail[i + 1]]
    links = "".join(
        f'<a href="/rubric/{n}">{html.escape(r)}</a><a href="/{n}00/2025-04-09/x">{html.escape(t)}</a>'
        for n, (r, t) in enumerate(pairs)
    )
    after = [line for line in lines[title_at + 1 :] if line.strip()]
    widgets = "".join(f"<div>{html.escape(line)}</div>" for line in after[:7])
    body = "".join(f"<p>{html.escape(line)}</p>" for line in after[7:-2])
    tail = "".join(f"<div><h3>{html.escape(line)}</h3></div>" for line in after[-2:])
    header = f"<div><a href='#main'>{lines[0]}</a><div>{lines[1]}</div><a href='/live'>{lines[2]}</a></div>"
    main = f"<main><h1>{TITLE}</h1>{widgets}<div>{body}</div>{tail}</main>"
    return f"<html><body>{header}<div class='lenta'>{links}</div>{main}</body></html>"


def test_seed_rail_and_article() -> None:
    parsed = parse_page(seed_html(), URL)
    assert len(parsed.headlines) == 17
    assert parsed.headlines[0].rubric == "Армия"
    assert parsed.headlines[0].title == "Средства ПВО уничтожили 53 беспилотника над Россией за три часа"
    assert {h.rubric for h in parsed.headlines} == {"Армия", "Мир", "Общество", "Происшествия"}
    article = parsed.article
    assert article is not None and article.title == TITLE and article.body is not None
    assert article.body.startswith("Премьер-министр Японии Сигэру Исиба")
    assert article.body.count("\n\n") == 4
    widgets = ("Озвучить текст", "Выделить главное", "Вкл", "Выкл", "Фото:", "Читайте также", "Прямой эфир")
    for phrase in widgets:
        assert phrase not in article.body
    assert article.language == "ru"
