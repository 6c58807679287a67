"""Article pages written blind (by someone who had not seen the parser) in the styles of real news sites in some
thirty languages and as many kinds of page and markup, each with its hand-checked fields: the parser must give them
all, except where newsdesk follows a convention of its own, or has a gap, listed in CONVENTIONS with the reason."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline.parse import parse_page

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"
NOW = datetime(2026, 12, 7, tzinfo=UTC)
_WORD = re.compile(r"\w+")
FIELDS = ("title", "lead", "authors", "rubric", "tags", "language", "canonical_url")
_OG_TITLE = (
    "og:title is the title the page declares: an h1 that differs is as often a logo, a search label or an ad; "
    "preferring a lone h1 that does not hold it wins 58 titles on trafilatura-eval, loses 6 on fundus and 2 on "
    "readability-testpages, where newsdesk is one title short of trafilatura"
)
# (fixture, field): why newsdesk's answer differs from the one written down.
CONVENTIONS = {
    ("blind_ria_wire_grain_ru", "authors"): "an agency the page names as its only author is kept as the author",
    ("blind_regional_cp1251_ru", "tags"): "the keywords meta is a declared tag source (issue 5)",
    ("blind_regional_cp1251_ru", "lead"): "a site-wide description cannot be told from a summary on one page",
    ("blind_kommersant_longread_ru", "body"): "an inline fact box in the text is kept as text",
    ("blind2_interfakt_wire_video_ru", "lead"): "a summary the page declares is its lead even when not shown",
    ("blind2_sportarena_hockey_table_ru", "lead"): "a summary the page declares is its lead even when not shown",
    ("blind2_longitude_dropcap_en", "body"): "footnote marks stay in the text, as reference-list benchmarks keep them",
    ("blind3_techblog_thermostat_en", "body"): "embedded posts stay in the text: articles quote them",
    ("blind3_magazin_grundsteuer_de", "title"): "og:title with its kicker is the title the page declares",
    ("blind3_wochenzeitung_seite1_de", "title"): "og:title with its kicker is the title the page declares",
    ("blind3_tagesschau_stand_de", "body"): "the newsroom's 'Über dieses Thema berichtete…' footer line is kept",
    ("blind3_tagesschau_stand_de", "lead"): "a bold first paragraph stays text (the BBC sets its first paragraph so)",
    ("blind4_medium_post_en", "tags"): "tag links below the article block, past its footer, are not read",
    ("blind5_corriere_ogtitle_audio_it", "title"): _OG_TITLE,
    ("blind5_corriere_ogtitle_audio_it", "body"): "an embedded video's title line cannot be told from a paragraph",
    (
        "blind5_figaro_chapo_fr",
        "authors",
    ): "an agency JSON-LD credits beside the reporter is kept, as fundus' gold does",
    ("blind6_hanbit_wire_ko", "lead"): "an h2 under the headline named only 'tit-sub' is not taken for a standfirst",
    ("blind6_nob_dijken_nl", "body"): "a byline line in hashed class names (styled-components) reads as text",
    ("blind8_kultpulse_pismo_ru", "lead"): "a bold first paragraph stays text (the BBC sets its first paragraph so)",
    ("blind8_kultpulse_pismo_ru", "body"): "a bold first paragraph stays text (the BBC sets its first paragraph so)",
    ("blind9_kurierb_intro_ru", "body"): "a chart's title in a box of its own reads as a line of text",
    ("blind10_ghost_cottages_en", "authors"): "the authors JSON-LD declares come before the byline (docs/parsing.md)",
    ("blind11_amp_library_en", "body"): "embedded posts stay in the text: articles quote them",
    (
        "blind11_paywall_grocery_en",
        "body",
    ): "a paywalled page's declared articleBody is its text, not the teaser",
    ("blind11_prnewswire_battery_en", "authors"): "an issuer named as the only author is kept, as an agency is",
    ("blind11_tables2005_moloko_ru", "lead"): "a site-wide description cannot be told from a summary on one page",
    ("blind11_tables2005_moloko_ru", "tags"): "the keywords meta is a declared tag source (issue 5)",
    ("blind11_tables2005_moloko_ru", "rubric"): (
        "not read yet: a section in capitals in a cell above a headline with no h1, under no class naming a rubric"
    ),
    ("blind12_embeds_croissant_en", "body"): "embedded posts stay in the text: articles quote them",
    ("blind12_notes_loire_fr", "body"): "notes stay in the text, as reference-list benchmarks keep them",
    ("blind12_mailchimp_agua_es", "body"): (
        "not recognised yet: a newsletter's figure box and closing plea for support, in plain table cells"
    ),
    ("blind12_webcomp_rufbus_de", "lead"): (
        "not read yet: a standfirst in a web component, equal to the description, is taken for the text's opening"
    ),
    ("blind12_webcomp_rufbus_de", "body"): (
        "not read yet: a standfirst in a web component, equal to the description, is taken for the text's opening"
    ),
    ("blind13_bgvesnik_kalenic_sr", "lead"): "a bold first paragraph stays text (the BBC sets its first paragraph so)",
    ("blind13_bgvesnik_kalenic_sr", "body"): "a bold first paragraph stays text (the BBC sets its first paragraph so)",
    ("blind13_dailysiam_pm25_th", "authors"): "the newsroom the page names as its only author is kept, as an agency is",
    ("blind13_dailysiam_pm25_th", "body"): "an embedded video's title line cannot be told from a paragraph",
    ("blind13_dongthoisu_phatthai_vi", "tags"): "the keywords meta is a declared tag source (issue 5)",
    ("blind13_dongthoisu_phatthai_vi", "lead"): (
        "not read yet: a dateline's place glued to the standfirst ('Hà NộiXe máy…') hides that it is the description"
    ),
    ("blind13_dongthoisu_phatthai_vi", "body"): (
        "not read yet: the standfirst with its dateline's place, and a name signed under the text outside Russian"
    ),
    ("blind13_dongthoisu_phatthai_vi", "authors"): (
        "not read yet: a Vietnamese name signed under the text, behind the outlet the meta names"
    ),
    ("blind13_janvani_metro_hi", "tags"): "the keywords meta is a declared tag source (issue 5)",
    ("blind13_metropola_termoficare_ro", "tags"): "the keywords meta is a declared tag source (issue 5)",
    ("blind14_sportvolga_derby_ru", "body"): "an embedded video's title line cannot be told from a paragraph",
    ("blind15_harborledger_schoolstart_en", "title"): _OG_TITLE,
    ("blind15_prirechye_pereprava_ru", "tags"): "the keywords meta is a declared tag source (issue 5)",
    ("blind15_weserland_strassenbahn_de", "title"): "og:title with its kicker is the title the page declares",
    ("blind16_taezhnyvestnik_zator_ru", "body"): (
        "embedded posts stay in the text: articles quote them (the quotation of it above is then read once)"
    ),
    ("blind17_cpbnews_nainfuel_en", "title"): _OG_TITLE,
    ("blind17_dailybeacon_chippyfeud_en", "title"): _OG_TITLE,
    ("blind17_deccanledger_suburbanrail_en", "title"): _OG_TITLE,
    ("blind17_ihcourier_barraferry_en", "title"): _OG_TITLE,
    ("blind17_rusinform_ledovayapereprava_ru", "title"): _OG_TITLE,
    ("blind17_tasmanpost_sh25aslip_en", "title"): _OG_TITLE,
    (
        "blind17_cpbnews_nainfuel_en",
        "rubric",
    ): "JSON-LD articleSection is the section the page declares, a generic one too",
    ("blind17_dailybeacon_chippyfeud_en", "body"): "an embedded video's title line cannot be told from a paragraph",
    ("blind17_deccanledger_suburbanrail_en", "body"): "an embedded video's title line cannot be told from a paragraph",
    ("blind14_prionezhye_pamyat_ru", "body"): (
        "not recognised yet: a condolences guestbook under no comment class, in an old table layout"
    ),
}
# Fixtures whose text holds the gold's and more, by a convention above (a declared articleBody behind a paywall,
# embedded posts, notes) or a gap written there.
FULLER_TEXT = {
    "blind16_taezhnyvestnik_zator_ru",
    "blind11_paywall_grocery_en",
    "blind12_embeds_croissant_en",
    "blind12_notes_loire_fr",
    "blind12_mailchimp_agua_es",
    "blind14_prionezhye_pamyat_ru",
}
# Pages of the latest blind round the parser does not read right yet, with what it gets wrong. Strict: a fix makes
# the test fail until the page is taken off this list.
KNOWN_GAPS = {
    "blind10_tilda_kinoteatr_ru": (
        "Tilda: the standfirst in a T017 description block and a pull quote repeating a sentence in a styled T185 "
        "block read as text (its artboards and newsletter form are left out now)"
    ),
}
# (fixture, field): a date newsdesk reads differently, and why.
DATE_CONVENTIONS = {
    ("blind15_granit_naled_ru", "published_at"): (
        "a declared time keeps the offset it is written in (+07:00); the page's '11:20 мск' is the same instant"
    ),
    ("blind15_granit_naled_ru", "updated_at"): (
        "a declared time keeps the offset it is written in (+07:00); the page's '14:05 мск' is the same instant"
    ),
    ("blind8_krvestnik_tdbr_ru", "published_at"): (
        "'Сегодня, 14:05' is read against the parse time, not against a date the page prints in its header"
    ),
}


def _cases() -> list[str]:
    return sorted(path.stem for path in FIXTURES.glob("*.json"))


def _as_written(got: datetime | None, gold: str | None) -> tuple[datetime, object] | None:
    """The time and its offset ("Z" and "+00:00" alike). A time the page prints without an offset stays naive in
    newsdesk: the fixtures' assumed +03:00 is dropped then, and only then."""
    if gold is None:
        return None
    value = datetime.fromisoformat(gold)
    if got is not None and got.tzinfo is None:
        value = value.replace(tzinfo=None)
    return value, value.utcoffset()


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[name]))
        if name in KNOWN_GAPS
        else name
        for name in _cases()
    ],
)
def test_article_matches_the_hand_checked_one(name: str) -> None:
    gold = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    parsed = parse_page((FIXTURES / f"{name}.html").read_bytes(), gold["url"], now=NOW)
    article = parsed.article
    assert article is not None and parsed.error is None, parsed.error
    got = {field: getattr(article, field) for field in FIELDS}
    got["authors"], got["tags"] = list(article.authors), list(article.tags)
    for field in FIELDS:
        if (name, field) not in CONVENTIONS:
            assert got[field] == gold[field], field
    for field in ("published_at", "updated_at"):
        if (name, field) in DATE_CONVENTIONS:
            continue
        value = getattr(article, field)
        assert ((value, value.utcoffset()) if value else None) == _as_written(value, gold[field]), field
    paragraphs = (article.body or "").split("\n\n")
    if (name, "body") not in CONVENTIONS:
        assert paragraphs == gold["body"]
    else:
        # Where the lead differs by convention too, the gold's lead may be in our text.
        shown = [gold["lead"] or ""] if (name, "lead") in CONVENTIONS else []
        ours = Counter(_WORD.findall(" ".join(paragraphs)))
        theirs = Counter(_WORD.findall(" ".join(shown + gold["body"])))
        common = sum((ours & theirs).values())
        assert common >= 0.99 * sum(theirs.values())
        assert name in FULLER_TEXT or common >= 0.9 * sum(ours.values())
