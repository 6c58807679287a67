"""Normal forms with pymorphy3, person-name structure, and the tagging shortcuts checked against natasha's own Doc."""

import pytest
from natasha import Doc, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

from pipeline.entities import EntityExtractor, Mention, link_within_document
from pipeline.entities.morphology import Morphology, foreign_nominative, recover_shape
from pipeline.entities.people import person_canonical
from pipeline.entities.tagging import tag

GEN_MASC = {"Animacy": "Inan", "Case": "Gen", "Gender": "Masc", "Number": "Sing"}


@pytest.fixture(scope="module")
def morphology() -> Morphology:
    return Morphology()


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor()


def test_names_natasha_leaves_inflected_come_back_in_the_nominative(morphology: Morphology) -> None:
    """The tagger calls these masculine singular; the dictionary knows them as plural-only or feminine."""
    assert morphology.nominative("Нидерландов", "PROPN", GEN_MASC, "LOC") == "нидерланды"
    assert morphology.nominative("Химок", "PROPN", GEN_MASC, "LOC") == "химки"
    assert morphology.nominative("Гаваны", "PROPN", GEN_MASC, "LOC") == "гавана"
    feminine_acc = {"Animacy": "Anim", "Case": "Acc", "Gender": "Fem", "Number": "Sing"}
    assert morphology.nominative("Ямпольскую", "PROPN", feminine_acc, "PER") == "ямпольская"


def test_the_nominative_and_acronyms_are_left_as_written(morphology: Morphology) -> None:
    nominative = {"Animacy": "Anim", "Case": "Nom", "Gender": "Masc", "Number": "Sing"}
    assert morphology.nominative("Джемаль", "PROPN", nominative, "PER") == "Джемаль"
    assert morphology.nominative("ЗАЗ", "PROPN", GEN_MASC, "ORG") == "ЗАЗ"
    assert recover_shape("мид", "МИДа") == "МИД"
    assert recover_shape("нидерланды", "Нидерландов") == "Нидерланды"


def test_unknown_foreign_names_decline_the_regular_way(morphology: Morphology) -> None:
    animate_acc = {"Animacy": "Anim", "Case": "Acc", "Gender": "Masc", "Number": "Sing"}
    assert morphology.nominative("Камменоса", "PROPN", animate_acc, "PER") == "камменос"
    assert foreign_nominative("бенрате", {"Case": "Loc", "Gender": "Masc", "Number": "Sing"}) == "бенрат"
    assert foreign_nominative("цетинье", {"Case": "Loc", "Gender": "Masc", "Number": "Sing"}) == "цетинье"
    assert foreign_nominative("паноса", {"Case": "Gen", "Gender": "Fem", "Number": "Sing"}) == "паноса"


def test_person_names_keep_the_texts_order_unless_the_evidence_is_clear(morphology: Morphology) -> None:
    roles = morphology.person_roles
    assert person_canonical(["Карлос", "Симон"], roles) == "Карлос Симон"
    assert person_canonical(["Синдзи", "Харада"], roles) == "Синдзи Харада"
    assert person_canonical(["Путин", "В.", "В."], roles) == "В. Путин"
    assert person_canonical(["Иванов", "Иван", "Иванович"], roles) == "Иван Иванов"
    assert person_canonical(["Петров", "Остап"], roles) == "Остап Петров"
    assert person_canonical(["Борис", "Николаевич", "Ельцин"], roles) == "Борис Ельцин"
    assert person_canonical(["Роман", "Абрамович"], roles) == "Роман Абрамович"
    assert person_canonical(["Жан-Мари", "Ле", "Пен"], roles) == "Жан-Мари Ле Пен"


def test_first_name_and_patronymic_link_to_the_person_of_the_text() -> None:
    mentions = [
        Mention(0, 23, "Борис Николаевич Ельцин", "PER", "Борис Ельцин", "Борис Николаевич Ельцин"),
        Mention(30, 46, "Борис Николаевич", "PER", "Борис Николаевич", "Борис Николаевич"),
        Mention(50, 65, "Борис Сергеевич", "PER", "Борис Сергеевич", "Борис Сергеевич"),
    ]
    assert [m.canonical for m in link_within_document(mentions)] == [
        "Борис Ельцин",
        "Борис Ельцин",
        "Борис Сергеевич",
    ]


def test_people_from_text(extractor: EntityExtractor) -> None:
    text = (
        "Фил О’Рейли и А.А. Мордашов встретились с Борисом Николаевичем Ельциным. Борис Николаевич пошутил. "
        "Потом В.Путин позвонил Паносу Камменосу, а Камменос ответил. Овечкин, Федоров и Малкин забили."
    )
    people = {m.text: m.canonical for m in extractor.mentions(text) if m.type == "PER"}
    assert people["Фил О’Рейли"] == "Фил О’Рейли"
    assert people["А.А. Мордашов"] == "А. Мордашов"
    assert people["Борисом Николаевичем Ельциным"] == people["Борис Николаевич"] == "Борис Ельцин"
    assert people["В.Путин"] == "В. Путин"
    assert "Овечкин" in people.values() and not any("," in name for name in people.values())


def test_curated_aliases_apply_to_the_counted_name_only(extractor: EntityExtractor) -> None:
    text = "Делегация РФ прибыла в Белоруссию."
    (document,) = extractor.document_mentions_batch([text], ["ru"])
    (counted,) = extractor.mentions_batch([text], ["ru"])
    assert [m.canonical for m in document if m.text == "РФ"] == ["РФ"]
    assert [m.canonical for m in counted if m.text == "РФ"] == ["Россия"]


TEXTS = [
    "Президент США Дональд Трамп встретился с премьер-министром Японии Сигэру Исибой в Белом доме. "
    "Как сообщает ТАСС, переговоры прошли в Вашингтоне.",
    "",
    "Без имён.",
    "В Министерстве иностранных дел России заявили, что Сергей Лавров посетит Анкару, "
    "где встретится с Реджепом Тайипом Эрдоганом. Лавров расскажет о Сирии.",
]


def test_one_tokenization_and_span_windows_give_natashas_own_tags() -> None:
    """The tagger sees windows of three tokens each side of a span; the tags must be those of whole sentences."""
    embedding = NewsEmbedding()
    ner, morph, segmenter = NewsNERTagger(embedding), NewsMorphTagger(embedding), Segmenter()
    for text, tagged in zip(TEXTS, tag(TEXTS, ner, morph), strict=True):
        doc = Doc(text)
        doc.segment(segmenter)
        if text.strip():
            doc.tag_ner(ner)
            doc.tag_morph(morph)
        assert [(s.start, s.stop, s.type) for s in doc.spans or []] == [(s.start, s.stop, s.type) for s in tagged.spans]
        for theirs, ours in zip(doc.spans or [], tagged.spans, strict=True):
            assert [(t.text, t.pos, t.feats) for t in theirs.tokens] == [
                (t.text, t.pos, t.feats) for t in tagged.tokens_of(ours)
            ]
