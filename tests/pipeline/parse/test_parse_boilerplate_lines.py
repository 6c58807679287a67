"""Lines that are page furniture however they are marked up: credits, widget labels, empty rating boxes."""

from __future__ import annotations

import pytest

from pipeline.parse.paragraphs import is_boilerplate


@pytest.mark.parametrize(
    "line",
    [
        "Lee Elder war beim Masters 1975 der Zuschauermagnet. | © Augusta National/Getty Images",
        "The old pier at low tide. Photo © Jane Doe",
        "Фото: ТАСС",
        "Tagged:",
        "Schlagwörter:",
        "(Noch keine Bewertungen) Loading...",
        "Читайте также:",
        "Share this article",
        "VOIR AUSSI - « On ne s’en sort plus » : les éleveurs face à la chute de la collecte",
        "Dalsza część artykułu pod materiałem wideo",
        "Sign up for our Weather Brief newsletter. Get the forecast you need, delivered to your inbox.",
        "Chcesz być na bieżąco? Obserwuj Onet w Wiadomościach Google.",
        "Якщо ви помітили помилку, виділіть необхідний текст і натисніть Ctrl + Enter.",
        "Если вы стали свидетелем интересного события, присылайте фото и видео в наш WhatsApp: +7 701 555 00 00.",
    ],
)
def test_furniture_lines_are_boilerplate(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "The council met on Tuesday and approved the harbour budget.",
        "Tags on the luggage showed it had flown from Riga.",
        "Agencies such as Getty Images/AFP sold the photos © marked, the court heard on Monday.",
        "Loading the ferry took three hours because of the storm.",
        "Police asked drivers to follow the diversion signs until Friday.",
        "He signed up for the army in 1941 and served on the Baltic fleet.",
    ],
)
def test_sentences_are_not(line: str) -> None:
    assert not is_boilerplate(line)
