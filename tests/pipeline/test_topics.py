from pipeline.topics import Topic, lemma, match_topics

TOPICS = [Topic("sanctions", ("санкция", "sanction")), Topic("rate", ("ключевая ставка",))]


def test_russian_keywords_match_every_inflected_form() -> None:
    for text in ("ЕС продлил санкции", "новых санкций не будет", "угрожал санкциями"):
        assert match_topics(text, TOPICS) == {"sanctions": ["санкция"]}


def test_english_plurals_and_multiword_lemmas() -> None:
    assert match_topics("New sanctions announced", TOPICS) == {"sanctions": ["sanction"]}
    assert match_topics("ЦБ сохранил ключевую ставку", TOPICS) == {"rate": ["ключевая ставка"]}


def test_no_match_and_no_substring_match() -> None:
    assert match_topics("Санкт-Петербург встретил гостей", TOPICS) == {}
    assert lemma("Ёлки") == lemma("елки")
