"""Russian NER with natasha's slovnet models (they ship inside the packages) and pymorphy3 for normal forms.

natasha 1.6's own normalization (MorphVocab, NamesExtractor) runs on pymorphy2, which imports `pkg_resources` and
breaks silently without it: NER still runs, every name stays inflected. Nothing here touches pymorphy2: the
morphology is pymorphy3's (see `morphology`), the person-name structure is `people`'s, and `check_normalization`
refuses to run if inflected names stop coming back in the nominative, rather than count "Трампа" and "Трампу" as
two people.

How the models run over a batch is `tagging`'s business; this module turns tagged spans into mentions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property
from typing import Any

from pipeline.entities.mention import QUOTES, Mention
from pipeline.entities.morphology import Morphology, recover_shape
from pipeline.entities.people import person_canonical
from pipeline.entities.tagging import Span, Token, tag

NOUNS = ("NOUN", "PROPN")
LEGAL_FORMS = frozenset({"ооо", "оао", "зао", "пао", "ао", "нао", "ано", "фгуп", "гуп", "муп", "нко", "ип", "нак"})
SPACES = re.compile(r"\s+")
INITIALS = re.compile(r"(?:[A-ZА-ЯЁ]\.)+|[A-ZА-ЯЁ]")
EDGE_PUNCTUATION = "()[]{},;:!?—–-\"'’«»"
CANARY = "Встреча с Дональдом Трампом прошла в Японии, в Министерстве иностранных дел России промолчали."
CANARY_NAMES = ["Дональд Трамп", "Япония", "Министерство иностранных дел", "Россия"]


class NormalizationBroken(RuntimeError):
    """The morphology is not working: counting under inflected forms would silently split every entity."""


def _clean(name: str) -> str:
    return SPACES.sub(" ", QUOTES.sub(" ", name)).strip()


class RussianNer:
    """natasha's models, loaded once on first use (about a second) and reused for every document."""

    @cached_property
    def _models(self) -> tuple[Any, ...]:
        from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger

        embedding = NewsEmbedding()
        models = NewsNERTagger(embedding), NewsMorphTagger(embedding), Morphology()
        self._check(models)
        return models

    def _check(self, models: tuple[Any, ...]) -> None:
        names = [m.canonical for m in self._run([CANARY], models)[0]]
        if names != CANARY_NAMES:
            raise NormalizationBroken(f"normalized {names!r} instead of {CANARY_NAMES!r}: is pymorphy3 installed?")

    def check_normalization(self) -> None:
        """Raises NormalizationBroken unless inflected names come back in their nominative form."""
        self._check(self._models)

    def mentions(self, text: str) -> list[Mention]:
        return self.mentions_batch([text])[0]

    def mentions_batch(self, texts: Sequence[str]) -> list[list[Mention]]:
        return self._run(texts, self._models)

    def _run(self, texts: Sequence[str], models: tuple[Any, ...]) -> list[list[Mention]]:
        ner, morph, morphology = models
        return [
            [_mention(text, span, tagged.tokens_of(span), morphology) for span in tagged.spans]
            for text, tagged in zip(texts, tag(list(texts), ner, morph), strict=True)
        ]


def _mention(text: str, span: Span, tokens: list[Token], morphology: Morphology) -> Mention:
    words = [t for t in tokens if not QUOTES.fullmatch(t.text)]
    bracket = next((i for i, t in enumerate(words) if t.text == "("), len(words))
    words = words[:bracket] or words
    if span.type == "PER":
        normal = _person_words(words, morphology)
        lemma = " ".join(normal) or _clean(text[span.start : span.stop])
        canonical = person_canonical(normal, morphology.person_roles) if normal else lemma
    else:
        lemma = _phrase(words, morphology, span.type) if words else _clean(text[span.start : span.stop])
        canonical = lemma
    return Mention(span.start, span.stop, text[span.start : span.stop], span.type, canonical, lemma)


def _person_words(tokens: list[Token], morphology: Morphology) -> list[str]:
    """A person's words in the nominative. Tokens written together stay one word ("О’Рейли", "А.А." as two
    initials); a comma ends the name, since the tagger runs lists of surnames into one span."""
    comma = next((i for i, t in enumerate(tokens) if t.text == ","), len(tokens))
    groups = _written_together(tokens[:comma])
    words: list[str] = []
    for group in groups:
        written = "".join(t.text for t in group).strip(EDGE_PUNCTUATION)
        if INITIALS.fullmatch(written):
            words += [letter + "." for letter in written.replace(".", "")] if "." in written else [written]
        elif any(c.isalpha() for c in written):
            last = next(t for t in reversed(group) if any(c.isalpha() for c in t.text))
            before = "".join(t.text for t in group[: group.index(last)]).lstrip(EDGE_PUNCTUATION)
            words.append(
                before + recover_shape(morphology.nominative(last.text, last.pos, last.feats, "PER"), last.text)
            )
    return words


def _written_together(tokens: list[Token]) -> list[list[Token]]:
    """Runs of tokens with no space between them, except that an initial's dot ends its run ("В.Путин")."""
    groups: list[list[Token]] = []
    for token in tokens:
        last = groups[-1] if groups else None
        after_initial = last is not None and len(last) >= 2 and last[-1].text == "." and len(last[-2].text) == 1
        if last is not None and last[-1].stop == token.start and not (after_initial and len(token.text) > 1):
            last.append(token)
        else:
            groups.append([token])
    return groups


def _phrase(words: list[Token], morphology: Morphology, kind: str) -> str:
    """Only the head noun and the words before it go to the nominative: "Министерства обороны России" →
    "Министерство обороны России", not word by word "Министерство оборона Россия". A bracketed acronym or
    translation after the name, and a legal form before it, are not part of it."""
    while len(words) > 1 and words[0].text.casefold() in LEGAL_FORMS:
        words = words[1:]
    head = next((i for i, t in enumerate(words) if t.pos in NOUNS), None)
    normal = []
    for i, t in enumerate(words):
        inflect = i <= head if head is not None else t.pos == "ADJ"
        # An adjective the tagger left without features agrees with its head noun.
        feats = words[head].feats if head is not None and i < head and "Case" not in t.feats else t.feats
        normal.append(recover_shape(morphology.nominative(t.text, t.pos, feats, kind), t.text) if inflect else t.text)
    parts = [normal[0]]
    for previous, word, token in zip(words, normal[1:], words[1:], strict=False):
        parts.append(" " * min(1, token.start - previous.stop) + word)
    return _clean("".join(parts))
