import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.entities import EntityExtractor, Mention, link_within_document
from pipeline.entities.russian import CANARY, CANARY_NAMES, NormalizationBroken, RussianNer

ROOT = Path(__file__).resolve().parents[2]
TEXT = (
    "Президент США Дональд Трамп встретился с премьер-министром Японии. "
    "По словам Трампа, Япония покупает оружие. Трампу ответили в Токио, Д. Трамп промолчал."
)


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor()


def test_normalization_really_works(extractor: EntityExtractor) -> None:
    """A morphology that stops working fails silently (NER still finds every span): this test is the alarm."""
    assert [m.lemma for m in extractor.russian.mentions(CANARY)] == CANARY_NAMES
    extractor.russian.check_normalization()


def test_a_broken_morphology_is_refused_not_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a dictionary that fails to load looks like: spans are found, nothing comes back in the nominative."""
    ner = RussianNer()
    morphology = ner._models[2]
    monkeypatch.setattr(morphology, "parse", lambda word: ())
    with pytest.raises(NormalizationBroken, match="pymorphy3"):
        ner.check_normalization()


BLOCKED_PKG_RESOURCES = """
import sys

class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "pkg_resources":
            raise ImportError("no pkg_resources here")

sys.meta_path.insert(0, Block())
from pipeline.entities import EntityExtractor

print([m.canonical for m in EntityExtractor().mentions("Встреча с Дональдом Трампом прошла в Нидерландах.")])
"""


def test_normal_forms_do_not_need_pkg_resources() -> None:
    """setuptools 82 removed pkg_resources, which natasha's pymorphy2 imports; ours is pymorphy3's morphology."""
    done = subprocess.run(
        [sys.executable, "-c", BLOCKED_PKG_RESOURCES], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['Дональд Трамп', 'Нидерланды']"


def test_inflected_short_and_initialled_mentions_share_one_canonical_name(extractor: EntityExtractor) -> None:
    mentions = extractor.mentions(TEXT)
    people = {m.text: m.canonical for m in mentions if m.type == "PER"}
    assert people == {
        "Дональд Трамп": "Дональд Трамп",
        "Трампа": "Дональд Трамп",
        "Трампу": "Дональд Трамп",
        "Д. Трамп": "Дональд Трамп",
    }
    assert {"США", "Япония", "Токио"} <= {m.canonical for m in mentions if m.type == "LOC"}
    for m in mentions:
        assert TEXT[m.start : m.end] == m.text


def test_organisations_keep_their_complements_and_lose_legal_forms(extractor: EntityExtractor) -> None:
    text = "Представители Министерства обороны России и ОАО «Газпром» выступили в Государственной думе."
    orgs = {m.text: (m.lemma, m.canonical) for m in extractor.mentions(text) if m.type == "ORG"}
    assert orgs == {
        "Министерства обороны": ("Министерство обороны", "Минобороны"),
        "ОАО «Газпром»": ("Газпром", "Газпром"),
        "Государственной думе": ("Государственная дума", "Госдума"),
    }


def test_linking_leaves_other_people_alone() -> None:
    mentions = [
        Mention(0, 12, "Анна Ветрова", "PER", "Анна Ветрова"),
        Mention(20, 27, "Ветрову", "PER", "Ветрова"),
        Mention(30, 36, "Громов", "PER", "Громов"),
        Mention(40, 52, "Иван Громов", "PER", "Иван Громов"),
        Mention(60, 72, "Пётр Громов", "PER", "Пётр Громов"),
        Mention(80, 86, "Громов", "PER", "Громов"),
        Mention(90, 98, "П. Громов", "PER", "П. Громов"),
    ]
    assert [m.canonical for m in link_within_document(mentions)] == [
        "Анна Ветрова",
        "Анна Ветрова",
        "Иван Громов",
        "Иван Громов",
        "Пётр Громов",
        "Пётр Громов",
        "Пётр Громов",
    ]


def test_acronym_and_long_form_in_one_text_are_one_organisation() -> None:
    mentions = [
        Mention(0, 28, "Федеральной службы безопасности", "ORG", "Федеральная служба безопасности"),
        Mention(40, 43, "ФСБ", "ORG", "ФСБ"),
        Mention(50, 65, "Службы внешней разведки", "ORG", "Служба внешней разведки"),
    ]
    assert [m.canonical for m in link_within_document(mentions)] == ["ФСБ", "ФСБ", "Служба внешней разведки"]


def test_a_surname_tagged_as_another_type_joins_the_person() -> None:
    mentions = [Mention(0, 12, "Donald Trump", "PER", "Donald Trump"), Mention(20, 25, "Trump", "ORG", "Trump")]
    assert [(m.type, m.canonical) for m in link_within_document(mentions)] == [
        ("PER", "Donald Trump"),
        ("PER", "Donald Trump"),
    ]


SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "izvestia-article-page.txt"


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not beside the project")
def test_the_seed_article_counts_each_entity_under_one_name(extractor: EntityExtractor) -> None:
    text = SEED.read_text(encoding="utf-8")
    article = text[text.index("Премьер-министр Японии") : text.index("Читайте также")]
    canonical = {(m.text, m.canonical) for m in extractor.mentions(article)}
    assert {("Трампа", "Дональд Трамп"), ("Дональд Трамп", "Дональд Трамп")} <= canonical
    assert {("Исиба", "Сигэру Исиба"), ("Японии", "Япония"), ("Вашингтона", "Вашингтон")} <= canonical
