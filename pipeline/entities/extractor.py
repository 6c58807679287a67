"""Routes each text to the model for its language, links names inside it, applies the curated aliases."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from pipeline.entities import english
from pipeline.entities.aliases import apply_curated, load_curated
from pipeline.entities.linking import link_within_document
from pipeline.entities.mention import Mention, detect_script_language
from pipeline.entities.russian import RussianNer

# Bump when any stage's output changes: articles read by another version are read again.
MODEL_VERSION = f"natasha-1.6.0+pymorphy3/{english.MODEL_PACKAGE}-{english.MODEL_VERSION}/link-3"


def _warn(message: str) -> None:
    print(f"entities: {message}", file=sys.stderr)


class EntityExtractor:
    """Languages without an installed model yield no mentions, with one warning saying how to install it."""

    def __init__(self, warn: Callable[[str], None] = _warn) -> None:
        self.russian = RussianNer()
        self.english = english.EnglishNer() if english.available() else None
        self.curated = load_curated()
        self._warn = warn
        self._warned = False

    def mentions(self, text: str, language: str | None = None) -> list[Mention]:
        return self.mentions_batch([text], [language])[0]

    def mentions_batch(
        self, texts: Sequence[str], languages: Sequence[str | None] | None = None
    ) -> list[list[Mention]]:
        """Each mention under the name its entity is counted under: the text's own name for it, then the curated
        aliases ("РФ" → "Россия"), which no text needs to spell out."""
        return [apply_curated(found, self.curated) for found in self.document_mentions_batch(texts, languages)]

    def document_mentions_batch(
        self, texts: Sequence[str], languages: Sequence[str | None] | None = None
    ) -> list[list[Mention]]:
        """Each mention under the fullest name the same text gives its entity; one model call per language for
        the whole batch, since natasha and spaCy both run faster on batches."""
        languages = languages or [None] * len(texts)
        routed = [
            lang if lang in ("ru", "en") else detect_script_language(t)
            for t, lang in zip(texts, languages, strict=True)
        ]
        found: list[list[Mention]] = [[] for _ in texts]
        for language, model in (("ru", self.russian), ("en", self.english)):
            positions = [i for i, lang in enumerate(routed) if lang == language]
            if not positions:
                continue
            if model is None:
                if not self._warned:
                    self._warn(f"no model for {language!r} texts, they yield no entities. {english.INSTALL_HINT}")
                    self._warned = True
                continue
            for i, mentions in zip(positions, model.mentions_batch([texts[i] for i in positions]), strict=True):
                found[i] = link_within_document(mentions)
        return found
