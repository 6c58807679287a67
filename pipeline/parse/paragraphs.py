"""One block of the article container as a paragraph of text, or nothing: widget labels, credits, link lists,
scraps of lines and inline code are not article text.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from pipeline.parse.dates import DATE_FIELD
from pipeline.parse.dom import is_icon
from pipeline.parse.measure import NodeText
from pipeline.parse.text import CJK, clean_text

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CELL_CHARS = 200
# A row of several cells may hold one longer description (a filmography's synopsis beside its title and year); a
# whole text set in a layout cell runs longer and breaks its lines.
_DESCRIPTION_CHARS = 1000
# Share of a list's text in links from which it is a list of links (related stories, a menu).
_LINK_LIST = 0.7
# What a cell of a data table holds: text and its inline markup, the cell itself included.
_INLINE_IN_CELLS = frozenset(
    {"td", "th", "a", "abbr", "b", "br", "code", "em", "font", "i", "img", "small", "span", "strong", "sub", "sup"}
)
_WIDGET = (
    r"(?:озвучить текст|выделить главное|вкл|выкл|यह भी पढ़ें|ये भी पढ़ें|"
    r"слушать(?: статью| текст)?|artikel (?:vor)?(?:an)?hören|"
    r"écouter (?:l'|cet )?article|escuchar (?:el |este )?artículo|ascolta (?:l'|questo )?articolo|"
    # A player's duration beside its label ("Artikel anhören 4:22").
    r"\d{1,2}:\d{2}|читайте также|смотрите также|см\. также|прямой эфир|"
    r"реклама|поделиться|комментарии|share|share this( article)?|advertisement|read more|"
    r"related( articles| stories)?|see also|comments|most read(?: in [\w ]{2,20})?|top stories|listen to this article|"
    # The headings over related-story boxes and author boxes that sites write without a telling class name.
    r"mehr zum thema|ähnliche (?:beiträge|artikel)|das könnte (?:dich|sie) auch interessieren|weiterlesen|"
    r"über den autor|about the author|(?:diesen )?artikel bewerten|kommentare (?:geschlossen|deaktiviert)|"
    r"you (?:may|might) also (?:like|be interested in)|more on this story|(?:à )?lire aussi|voir aussi|leggi anche|"
    r"lee también|zobacz (?:także|też)|"
    # Notes that the text goes on past a player or an ad.
    r"dalsza część artykułu pod (?:materiałem wideo|reklamą)|(?:the )?(?:article|story) continues below"
    r"(?: (?:the )?(?:video|advertisement|ad))?|продолжение (?:ниже|после рекламы)|"
    # Labels over a post's tag links, and rating widgets with nothing rated yet.
    r"tagged|tags|schlagw(?:ö|oe)rter|schlagworte|теги|метки|no ratings yet|\(?noch keine bewertungen\)?|more for you|"
    # Share bars written as paragraphs: their label and the networks' names.
    r"deel (?:dit )?artikel|teilen|partager|compartir|condividi|udostępnij|compartilhe|paylaş|"
    r"whatsapp|facebook|x|twitter|telegram|vk|вконтакте|одноклассники|linkedin|pinterest|reddit|e-?mail|"
    r"copy link|link kopiëren|link kopieren|copier le lien|copiar (?:enlace|link)|"
    r"leia (?:também|mais)|veja também|saiba mais|קראו (?:עוד|גם)|"
    # What an embedded Instagram post shows before its script draws it.
    r"view this post on instagram|sieh dir diesen beitrag auf instagram an|посмотреть эту публикацию в instagram|"
    # Bracketed tool links under Chinese articles ("【纠错】 【责任编辑：张伟】").
    r"【[^】]{1,30}】|"
    # Readers' feedback widgets under an answer or an article.
    r"was this (?:article|answer|page|information) (?:helpful|useful)\?|(?:этот )?ответ был полезен\?|"
    r"(?:была ли )?(?:эта )?статья (?:была )?полезн(?:а|ой)\?|(?:war )?(?:dieser artikel|diese antwort) hilfreich\?|"
    r"loading(?:\.\.\.|…)?|загрузка(?:\.\.\.|…)?)[:.!]?"
)
# A pictogram may lead the label ("📌 LEIA TAMBÉM:").
_WIDGET_LINES = re.compile(rf"(?:[^\w\s]\s*)?{_WIDGET}(?:\s+{_WIDGET})*", re.I)
_BOILERPLATE_PREFIX = re.compile(
    r"(?:фото|фотография|иллюстрация|изображение|видео|источник фото|photo|image|picture|credit|videos?|vídeos?)"
    r"\s*(?:[:©]|/\s)|(?:источник|source|quelle)\s*:\s"
    r"|(?:veja mais notícias|more (?:news|stories) from|больше новостей)\b"
    r"|(?:читайте также|смотрите также|подписывайтесь|подпишитесь|read more|related|read also"
    r"|also read|see also|(?:à )?lire aussi|voir aussi|lesen sie auch|mehr zum thema|lee también|leer más|leggi anche"
    r"|(?:zobacz|czytaj) (?:też|także|również)|читайте також)\s*(?::|[\-–—]\s)|©",
    re.I,
)
# A photo's caption ends with its credit ("… the old pier. Photo © Jane Doe", "… | © Agency/Getty Images"); article
# sentences do not.
_CAPTION = 300
_TIMES_LINE = 80
# How many styling spans may wrap the bold of a heading written as a bold paragraph.
_WRAPPER_SPANS = 3
_FIELD_SEPARATOR = re.compile(r"\s[|•·]\s")
_CREDIT_END = re.compile(r"(?:(?:фото|photo|foto|bild|image|picture|credit)s?\s*(?::\s*)?|\|\s*)©[^.!?]{0,80}$", re.I)
# A newsroom asking readers to write in ("You can get in touch by emailing haveyoursay@…"): an address and the ask.
_CALL_OUT = re.compile(
    r"(?:get in touch|contact us|send us|tell us|write to us|share your story|напишите нам|свяжитесь с нами|"
    r"присылайте|пишите нам|пишите в|schreiben sie uns|have a (?:story )?tip|got a (?:story|tip)|har du tips|tipsa oss)"
    r".{0,120}(?:\b[\w.+-]+@[\w-]+\.[\w.]+|whatsapp|telegram|viber)",
    re.I,
)
# "Пишу об этом в своем телеграм-канале — подписывайтесь", "Sign up for our Weather Brief newsletter", "Obserwuj
# Onet w Wiadomościach Google": a plug for the author's or the site's channel.
_PROMO = re.compile(
    r"(?:телеграм|telegram|канал|newsletter|рассылк).{0,80}(?:подписывайтесь|подпишитесь|subscribe|sign up)"
    r"|(?:подписывайтесь|подпишитесь|subscribe|sign up).{0,80}(?:телеграм|telegram|канал|channel|newsletter)"
    r"|(?:follow|obserwuj|sigue|suivez|folgen sie|следите за|urmărește|urmăriți|пратите|követ|ติดตาม).{0,80}"
    r"(?:google news|wiadomościach google|facebook|instagram|telegram|дзен|newsletter|line\b|aplikacij|апликациј"
    r"|\bapp\b|ios|android)"
    r"|\b(?:tag|mention)\s+(?:us\s+)?@\w+|\b(?:get|delivered)\b.{0,60}\b(?:in|to) your inbox"
    r"|(?:наш|our) (?:канал|channel) (?:в|on|in) \w+\.?\s*(?:присоединяйтесь|join)",
    re.I,
)
# A line of nothing but times and the words around them ("vandaag, 18:02 • Aangepast vandaag, 20:15").
_TIMES_ONLY = re.compile(
    rf"(?:\d{{1,2}}[:.]\d{{2}}|{DATE_FIELD}|today|yesterday|сегодня|вчера|heute|gestern|aujourd'hui|hier|hoy|ayer"
    r"|oggi|ieri|hoje|ontem|vandaag|gisteren|dzisiaj|wczoraj|bugün|dün|сьогодні|вчора|[\s•·|,:–—-])+",
    re.I,
)
# The copyright line under an article ("All rights reserved.", "Tüm hakları saklıdır."), the phrase ending a
# sentence: inside one ("all rights reserved by the contract") it is the article's.
_RIGHTS = re.compile(
    r"(?:all rights reserved|tüm hakları saklıdır|все права защищены|alle rechte vorbehalten|tous droits réservés"
    r"|todos los derechos reservados|tutti i diritti riservati|wszelkie prawa zastrzeżone|جميع الحقوق محفوظة)"
    r"\s*(?:[.!]|$)|무단 ?전재|転載|перепечатка .{0,80}разрешена только",
    re.I,
)
_MADE_BY = re.compile(r"this (?:article|story|report) was (?:produced|written|published|supported|funded|made)\b", re.I)
_AD_MARK = re.compile(r"\berid\s*:\s*\w{6,}|^реклама\.?\s+рекламодател", re.I)
# A typo-report notice ("Если вы заметили ошибку, выделите её и нажмите Ctrl+Enter").
_TYPO_REPORT = re.compile(r"ctrl\s*\+\s*enter", re.I)
# A writer's one-line bio ending in the link to their page ("… from Europe. More about Helena Voss").
_BIO_LINK = re.compile(r"More about (?:[A-Z][\w.'-]*\s?){1,4}$")
# A line of a few words between slashes ("Мнения / Статья"): a trail or a type line, not a sentence.
_TRAIL = re.compile(r"[^\W\d][^/.!?]{0,30}(?:\s/\s[^/.!?]{1,30})+")
# A line that only dates the article ("Stand: 09.04.2025 14:05 Uhr", "Updated: 7:15 PM CDT April 9, 2025").
# The field, then a date with its abbreviations ("Nov. 18, 6:00 a.m. ET"), not another sentence ("… plan. In 2020").
_DATELINE = re.compile(
    rf"{DATE_FIELD}\s*:?\s*(?=[^!?]*\d)(?![^!?]*\.\s+[A-ZА-ЯЁ][a-zа-яё]+\s)[\w\s.,:/-]{{4,50}}", re.I
)
BREAK = "\x00"
DOUBLE_BREAK = re.compile(r"\x00\s*\x00")
LINK_START, LINK_END = "\x01", "\x02"
# Bold text inside a loose run, fenced so a bold line between breaks reads as a heading ("<b>Что внутри</b><br><br>").
BOLD_START, BOLD_END = "\x03", "\x04"
_LINKS = re.compile("\x01([^\x02]*)\x02")
_SHORT_CJK_LINE = 10
_SENTENCE_END = (".", "!", "?", "…", "»", '"', ":", "。", "！", "？", "」", "”")


def is_boilerplate(text: str) -> bool:
    if text.startswith("A version of this article appears in print"):
        return True
    # How the piece was made or paid for ("This article was produced through the Local Democracy Reporting
    # Service, which is funded by…"): a credit, not the story.
    if text.startswith(("This article was ", "This story was ", "This report was ")) and _MADE_BY.match(text):
        return True
    # A Chinese photo caption: "图为…" (the picture shows) or a credit ending "记者 李华 摄" (photographed by).
    if len(text) <= _CAPTION and (text.startswith(("图为", "圖為")) or text.endswith("摄")):
        return True
    if len(text) <= _CAPTION:
        # Substring tests before the patterns: every short paragraph of every page comes through here, and the
        # patterns cost microseconds each.
        if "©" in text and _CREDIT_END.search(text):
            return True
        if ("@" in text or "atsApp" in text or "elegram" in text or "Viber" in text) and _CALL_OUT.search(text):
            return True
        if "More about " in text and _BIO_LINK.search(text):
            return True
        if _holds_channel(text) and _PROMO.search(text):
            return True
        if "nter" in text and _TYPO_REPORT.search(text):
            return True
        # The registry number Russian law puts on an advertisement ("ООО «Кама-Маркет», ИНН …, erid: 2SDnjcKq7aH"),
        # and the line that marks a block of native ads ("Реклама. Рекламодатели указаны на сайтах партнёров").
        if ("erid" in text or "екламодател" in text) and _AD_MARK.search(text):
            return True
        if _holds_rights(text) and _RIGHTS.search(text):
            return True
        if len(text) <= _TIMES_LINE and ":" in text and _TIMES_ONLY.fullmatch(text):
            return True
        if (" / " in text and _TRAIL.fullmatch(text)) or _is_dateline(text):
            return True
    return bool(_WIDGET_LINES.fullmatch(text) or _BOILERPLATE_PREFIX.match(text))


def _is_dateline(text: str) -> bool:
    """ "Stand: 09.04.2025", or several such fields in one line ("Published Nov. 18, 6:00 a.m. | Updated 9:42 a.m.")."""
    return all(_DATELINE.fullmatch(part.strip()) for part in _FIELD_SEPARATOR.split(text))


def _holds_rights(text: str) -> bool:
    return (
        "eserved" in text
        or "азрешена только" in text
        or "aklıdır" in text
        or "защищены" in text
        or "vorbehalten" in text
        or "réservés" in text
        or "reservados" in text
        or "riservati" in text
        or "zastrzeżone" in text
        or "محفوظة" in text
        or "전재" in text
        or "転載" in text
    )


def _holds_channel(text: str) -> bool:
    """Whether the text names a channel a plug points to: a newsletter, a social network, a messenger."""
    return (
        "inbox" in text
        or "ewsletter" in text
        or "oogle" in text
        or "acebook" in text
        or "nstagram" in text
        or "elegram" in text
        or "елеграм" in text
        or "анал" in text
        or "Дзен" in text
        or "ассылк" in text
        or "hannel" in text
        or "LINE" in text
        or "ANDROID" in text.upper()
    )


def paragraph(item: LexborNode | str, measure: NodeText) -> str | None:
    item_is_row = False
    if isinstance(item, str):
        links = sum(len(clean_text(link)) for link in _LINKS.findall(item))
        bare = item.strip(" \t\n\r\x00")
        # A line all in bold is a heading, as _bold_heading reads one in an element.
        # A bold label ending in a colon introduces a list of links ("Neueste 5 Beiträge:"), not a section.
        labelled = (
            bare.startswith(BOLD_START)
            and bare.endswith(BOLD_END)
            and bare.count(BOLD_START) == 1
            and not bare[:-1].rstrip().endswith(":")
        )
        for marker in (BREAK, LINK_START, LINK_END, BOLD_START, BOLD_END):
            item = item.replace(marker, " " if marker == BREAK else "")
        text = clean_text(item)
        if text and links / len(text) > 0.5:
            return None
    elif item.tag == "tr":
        text = _row_text(item, measure)
        item_is_row = " | " in text
        labelled = False
        links = sum(measure.links(cell) for cell in _cells(item))
        if text and links / len(text) > 0.5 and not _linked_item(item, measure):
            return None
    else:
        text = measure.text(item)
        if text and (text[0].isdigit() or not (text[-1].isalnum() or text.endswith(_SENTENCE_END))):
            text = _without_badges(item, text)
        # Code shows itself by its braces, or by the comment and CDATA fences of old inline scripts.
        if "{" in text or "<!" in text:
            text = _without_code(item, text)
        # Headings and list items are short by nature ("Features", "Fixed aluminium pole").
        labelled = item.tag in _HEADINGS or item.tag in ("li", "pre")
        if text and measure.links(item) / len(text) > 0.5 and not (item.tag == "li" and _linked_item(item, measure)):
            return None
    # A data table's row may hold figures alone ("1949–1977 | 7,60 | 8,02"); a line of other text needs a word.
    if not text or is_boilerplate(text) or not (item_is_row or any(ch.isalpha() for ch in text)):
        return None
    if not labelled and _fragment(text) and not (isinstance(item, LexborNode) and bold_heading(item, text)):
        return None
    return text


def _without_badges(item: LexborNode, text: str) -> str:
    """A question's number set in a circle of its own ("<span class=num>1</span><span>Сколько…") and a toggle's icon
    ("<span aria-hidden=true>+</span>") run into the words in the tree's text; the reader sees them apart from it."""
    pieces = [
        node for node in item.traverse(include_text=True) if node.is_text_node and (node.text_content or "").strip()
    ]
    if len(pieces) < 2:
        return text
    first, last = (pieces[0].text_content or "").strip(), (pieces[-1].text_content or "").strip()
    digits = len(text) - len(text.lstrip("0123456789"))
    if first.isdigit() and digits == len(first) <= 2 and text[digits].isalpha() and _badge(pieces[0], item):
        text = text[digits:]
    owner = pieces[-1].parent
    if owner is not None and owner.mem_id != item.mem_id and is_icon(owner) and text.endswith(last):
        text = text[: -len(last)].rstrip()
    return text


def _badge(piece: LexborNode, item: LexborNode) -> bool:
    """Whether a text sits in an element of its own inside the item, and not in a footnote's mark (a link, a
    superscript), which the text keeps."""
    node = piece.parent
    if node is None or node.mem_id == item.mem_id:
        return False
    while node is not None and node.mem_id != item.mem_id:
        if node.tag in ("a", "sup"):
            return False
        node = node.parent
    return True


def _linked_item(item: LexborNode, measure: NodeText) -> bool:
    """A list item or table row that is mostly a link belongs to the article when its list is not a list of links:
    release notes link each item to its source ("Bug 1677080 – Fullscreen window…") among items of plain prose, a
    filmography links each title beside its year and summary, where a "more on this" list under an article is links
    from end to end."""
    parent = item.parent
    return parent is not None and measure.link_density(parent) < _LINK_LIST


def data_row(row: LexborNode, measure: NodeText) -> bool:
    """A table row whose cells hold short inline text is a row of data (a standings table, a timetable), read as one
    line; a layout table's rows hold the page's blocks, or a whole text set in one cell, and are read block by
    block."""
    cells = _cells(row)
    limit = _DESCRIPTION_CHARS if len(cells) > 1 else _CELL_CHARS
    return bool(cells) and all(
        len(measure.text(cell)) <= limit and _inline_cell(cell, limit == _CELL_CHARS) for cell in cells
    )


def _inline_cell(cell: LexborNode, breaks: bool) -> bool:
    """Text and inline markup, the cell itself included; editors that wrap every cell's text in one <p> write the
    same cell."""
    paragraphs = 0
    for inner in cell.traverse():
        if not inner.is_element_node:
            continue
        if inner.tag == "p":
            paragraphs += 1
            if paragraphs > 1:
                return False
        elif inner.tag not in _INLINE_IN_CELLS or (inner.tag == "br" and not breaks):
            return False
    return True


def _cells(row: LexborNode) -> list[LexborNode]:
    return [cell for cell in row.iter() if cell.tag in ("td", "th")]


def _row_text(row: LexborNode, measure: NodeText) -> str:
    """Cells side by side, each a word or a figure of the row: their text runs together in the tree, so they are
    joined by a bar, as a table is written in text."""
    return " | ".join(text for cell in _cells(row) if (text := measure.text(cell)))


def bold_heading(node: LexborNode, text: str) -> bool:
    """A paragraph all in bold ("<p><b>Im Detail</b></p>", or inside styling spans: "<div><span><span><strong>…")
    is how many editors write an in-article heading."""
    for _ in range(_WRAPPER_SPANS + 1):
        children = [
            child
            for child in node.iter(include_text=True)
            if child.is_element_node or (child.text_content or "").strip()
        ]
        if len(children) != 1:
            return False
        node = children[0]
        if node.tag in ("b", "strong"):
            return clean_text(node.text()) == text
        if node.tag not in ("span", "font"):
            return False
    return False


def _without_code(node: LexborNode, text: str) -> str:
    """CSS-in-JS libraries write a <style> into the heading or paragraph it styles; its rules are not text, nor is
    a formula's TeX source."""
    code = [rules for element in node.css("style, script, math") if (rules := clean_text(element.text()))]
    for rules in code:
        text = text.replace(rules, " ")
    return clean_text(text) if code else text


def _fragment(text: str) -> bool:
    """A scrap of a line ("Teilen", "Foto: dpa", "12 min") rather than a sentence. Chinese and Japanese write no
    spaces between words, so a line of theirs is measured in characters."""
    if len(text) >= 40 or text.endswith(_SENTENCE_END) or len(text.split()) >= 3:
        return False
    return len(text) < _SHORT_CJK_LINE or not CJK.search(text)
