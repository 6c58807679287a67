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
        "📌 LEIA TAMBÉM:",
        "Urmărește știrile Metropola24 și pe Google News",
        "ติดตามข่าวสารที่น่าสนใจได้ทาง LINE @dailysiam ไม่พลาดทุกข่าวด่วน",
        "ПРАТИТЕ НАС И ПУТЕМ iOS И ANDROID АПЛИКАЦИЈЕ",
        "यह भी पढ़ें",
        "Artikel anhören 4:22",
        "ООО «Кама-Маркет», ИНН 5904123456, erid: 2SDnjcKq7aH",
        "VÍDEOS: tudo sobre Campinas e Região",
        "Veja mais notícias da região no g1 Campinas",
        "Haberiyet.com.tr'de yayınlanan haberlerin tüm hakları saklıdır. İzinsiz kopyalanamaz.",
        "Copyright 2019 Hawaii News Now. All rights reserved.",
        "Did you make this recipe? Tag @thehometable on Instagram or leave a rating below.",
        "vandaag, 18:02 • Aangepast vandaag, 20:15",
        "Deel artikel:",
        "WhatsApp Facebook X Link kopiëren",
        "【纠错】 【责任编辑：张伟】",
        "图为南山村“邻里共享食堂”里，老人们正在就餐。记者 李华 摄",
        "Har du tips? Mejla tips@aftonposten.se eller skicka ett sms till 71 000.",
        "קראו עוד:",
        "Наш канал в Telegram. Присоединяйтесь!",
        "Есть о чем рассказать? Пишите в наш Telegram-бот. Это анонимно и быстро",
        "Перепечатка текста и фотографий «МинскДейли» разрешена только с согласия редакции.",
        "Источник: отчетность компании",
        "Larkspur Notes is free and reader-supported. Get every story in your inbox on Thursdays.",
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
        "At 18:02 the dike at Lek gave way.",
        "The lawyer said all rights reserved by the contract were waived in 2019, and the court agreed.",
    ],
)
def test_sentences_are_not(line: str) -> None:
    assert not is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "This article was produced through the Local Democracy Reporting Service, which is funded by the BBC.",
        "Got a story? Email tips@dailybeacon.example or call our news desk. You can also WhatsApp us.",
        "Most read in News",
    ],
)
def test_credits_tip_lines_and_a_widgets_title_are_boilerplate(line: str) -> None:
    assert is_boilerplate(line)
