"""Named-entity quality and speed: plain natasha side by side with newsdesk, on FactRuEval-2016 and Reuters-21578.

    python benchmarks/ner.py [--corpora ../shared/corpora] [--reuters-docs 400]

Russian (FactRuEval dev part): mention precision/recall/F1 per type (Person→PER, Org→ORG, Location and
LocOrg→LOC), exact and overlap matching, against names-only spans ("core": name, surname, org_name, loc_name…) and
the full object spans; canonical-name accuracy against the gold normalized names in `.coref`; pairwise
precision/recall of "same canonical name" against the gold coreference chains; docs/s and chars/s on one core.
Canonical names are judged twice: the name the text itself gives the entity (what the gold annotates) and the name
it is counted under, after the curated aliases ("РФ" → "Россия"), which the gold cannot know about.
English (Reuters-21578): document-level recall of the PEOPLE labels by canonical surname (needs the `en` extra).
"""

from __future__ import annotations

import argparse
import gzip
import html
import os
import re
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from pipeline.entities import EntityExtractor, Mention, english, name_key  # noqa: E402

TYPES = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}
CORE = {"PER": {"name", "surname", "patronymic", "nickname"}, "ORG": {"org_name"}, "LOC": {"loc_name"}}
ROOT = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    type: str
    chain: str | None


@dataclass
class Document:
    name: str
    text: str
    core: list[Gold] = field(default_factory=list)
    full: list[Gold] = field(default_factory=list)
    names: dict[str, set[str]] = field(default_factory=dict)


def _chains(path: Path) -> tuple[dict[str, str], dict[str, set[str]]]:
    """object id → chain id, and chain id → its acceptable normalized names."""
    owner: dict[str, str] = {}
    names: dict[str, set[str]] = {}
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        lines = block.strip().splitlines()
        if not lines:
            continue
        chain, *objects = lines[0].split()
        owner.update(dict.fromkeys(objects, chain))
        fields: dict[str, list[str]] = defaultdict(list)
        for line in lines[1:]:
            key, _, value = line.partition(" ")
            fields[key].append(value.strip())
        first, last = fields.get("firstname", [""])[0], fields.get("lastname", [""])[0]
        middle = fields.get("patronymic", [""])[0]
        person = {" ".join(p for p in (first, middle, last) if p), " ".join(p for p in (first, last) if p)}
        names[chain] = {_key(n) for n in [*fields.get("name", []), *fields.get("nickname", []), *person] if n}
    return owner, names


def _key(name: str) -> str:
    """name_key without full stops: the gold keeps initials as bare letters in its name fields ("Н" for "Н.")."""
    return " ".join(name_key(name).replace(".", " ").split())


def load_factrueval(folder: Path) -> list[Document]:
    docs = []
    for txt in sorted(folder.glob("*/book_*.txt")):
        stem = txt.with_suffix("")
        spans: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
        for line in stem.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 4:
                spans[parts[0]].append((parts[1], int(parts[2]), int(parts[2]) + int(parts[3])))
        owner, names = _chains(stem.with_suffix(".coref"))
        doc = Document(txt.parent.name + "/" + stem.name, txt.read_text(encoding="utf-8"), names=names)
        core, full = set(), set()
        for line in stem.with_suffix(".objects").read_text(encoding="utf-8").splitlines():
            head = line.split("#")[0].split()
            if len(head) < 3 or head[1] not in TYPES:
                continue
            type_ = TYPES[head[1]]
            parts = [s for span_id in head[2:] for s in spans.get(span_id, [])]
            if parts:
                full.add(Gold(min(p[1] for p in parts), max(p[2] for p in parts), type_, owner.get(head[0])))
            named = [p for p in parts if p[0] in CORE[type_]]
            if named:
                core.add(Gold(min(p[1] for p in named), max(p[2] for p in named), type_, owner.get(head[0])))
        doc.core, doc.full = sorted(core, key=lambda g: g.start), sorted(full, key=lambda g: g.start)
        docs.append(doc)
    return docs


def _match(gold: list[Gold], found: list[Mention], overlap: bool) -> dict[int, int]:
    """Gold index → predicted index, one to one, same type; exact or any overlap."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for gi, g in enumerate(gold):
        for pi, p in enumerate(found):
            if pi in used or p.type != g.type:
                continue
            if (p.start, p.end) == (g.start, g.end) or (overlap and p.start < g.end and g.start < p.end):
                pairs[gi] = pi
                used.add(pi)
                break
    return pairs


def _prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def mention_scores(docs: list[Document], outputs: list[list[Mention]], spans: str, overlap: bool) -> dict[str, tuple]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for doc, found in zip(docs, outputs, strict=True):
        gold = getattr(doc, spans)
        found = [m for m in found if m.type in CORE]
        pairs = _match(gold, found, overlap)
        for type_ in (*CORE, "all"):
            c = counts[type_]
            c[0] += sum(1 for gi in pairs if type_ in ("all", gold[gi].type))
            c[1] += sum(1 for m in found if type_ in ("all", m.type))
            c[2] += sum(1 for g in gold if type_ in ("all", g.type))
    return {t: _prf(*c) for t, c in counts.items()}


def canonical_scores(docs: list[Document], outputs: list[list[Mention]]) -> tuple[float, float, float, float]:
    """Canonical-name accuracy, and pairwise precision/recall/F1 of "same canonical name" vs gold chains."""
    right = judged = tp = predicted_same = gold_same = 0
    for doc, found in zip(docs, outputs, strict=True):
        pairs = _match(doc.core, found, overlap=True)
        linked = [(doc.core[gi], found[pi]) for gi, pi in pairs.items() if doc.core[gi].chain]
        for g, m in linked:
            judged += 1
            right += _key(m.canonical) in doc.names.get(g.chain or "", set())
        for (g1, m1), (g2, m2) in combinations(linked, 2):
            same_gold = g1.chain == g2.chain
            same_found = (m1.type, _key(m1.canonical)) == (m2.type, _key(m2.canonical))
            tp += same_gold and same_found
            predicted_same += same_found
            gold_same += same_gold
    p, r, f = _prf(tp, predicted_same, gold_same)
    return (right / judged if judged else 0.0), p, r, f


def plain_natasha() -> Callable[[list[str]], list[list[Mention]]]:
    """natasha as its README shows it: NER, morphology, span.normalize; canonical is its own normal form."""
    from natasha import Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    embedding = NewsEmbedding()
    segmenter, ner, morph, vocab = Segmenter(), NewsNERTagger(embedding), NewsMorphTagger(embedding), MorphVocab()

    def run(texts: list[str]) -> list[list[Mention]]:
        out = []
        for text in texts:
            doc = Doc(text)
            doc.segment(segmenter)
            doc.tag_ner(ner)
            doc.tag_morph(morph)
            found = []
            for span in doc.spans:
                span.normalize(vocab)
                found.append(Mention(span.start, span.stop, span.text, span.type, span.normal or span.text))
            out.append(found)
        return out

    return run


def timed(run: Callable[[list[str]], list[list[Mention]]], texts: list[str]) -> tuple[list[list[Mention]], float]:
    """Outputs and the CPU seconds they took: the process is pinned to one core with one BLAS thread, so CPU time
    is the one-core cost, and other work on a shared machine does not count against it (wall time would)."""
    run(texts[:2])
    started = time.process_time()
    outputs = run(texts)
    return outputs, time.process_time() - started


def newsdesk(extractor: EntityExtractor, language: str) -> Callable[[list[str]], list[list[Mention]]]:
    def run(texts: list[str]) -> list[list[Mention]]:
        out: list[list[Mention]] = []
        for start in range(0, len(texts), 64):
            chunk = texts[start : start + 64]
            out += extractor.mentions_batch(chunk, [language] * len(chunk))
        return out

    return run


def document_names(extractor: EntityExtractor, texts: list[str]) -> list[list[Mention]]:
    """Mentions under the fullest name their own text gives, before the curated aliases ("РФ" → "Россия")."""
    out: list[list[Mention]] = []
    for start in range(0, len(texts), 64):
        chunk = texts[start : start + 64]
        out += extractor.document_mentions_batch(chunk, ["ru"] * len(chunk))
    return out


def report_russian(docs: list[Document], extractor: EntityExtractor) -> None:
    texts = [d.text for d in docs]
    systems = {"natasha": plain_natasha(), "newsdesk": newsdesk(extractor, "ru")}
    results = {name: timed(run, texts) for name, run in systems.items()}
    chars = sum(map(len, texts))
    print(f"FactRuEval-2016 dev part: {len(docs)} documents, {chars} characters, one core")
    print(f"{'':34}" + "".join(f"{name:>24}" for name in results))
    for spans in ("core", "full"):
        for overlap in (False, True):
            scores = {name: mention_scores(docs, out, spans, overlap) for name, (out, _) in results.items()}
            for type_ in (*CORE, "all"):
                label = f"{spans} {'overlap' if overlap else 'exact'} {type_} P/R/F1"
                row = "".join("{:>8.3f}{:>8.3f}{:>8.3f}".format(*scores[name][type_]) for name in results)
                print(f"{label:<34}{row}")
    canon = {name: canonical_scores(docs, out) for name, (out, _) in results.items()}
    own_names = document_names(extractor, texts)
    own = {"natasha": canon["natasha"][0], "newsdesk": canonical_scores(docs, own_names)[0]}
    print(f"{'canonical-name accuracy, text name':<34}" + "".join(f"{own[n]:>24.3f}" for n in results))
    print(f"{'  … counted-under name':<34}" + "".join(f"{canon[n][0]:>24.3f}" for n in results))
    print(f"{'coref pairwise P/R/F1':<34}" + "".join("{:>8.3f}{:>8.3f}{:>8.3f}".format(*canon[n][1:]) for n in results))
    speed = {name: (len(texts) / s, chars / s) for name, (_, s) in results.items()}
    print(f"{'docs/s, chars/s (one core, CPU)':<34}" + "".join("{:>8.1f}{:>16.0f}".format(*speed[n]) for n in results))
    for type_ in CORE:
        only = [Document(d.name, d.text, [g for g in d.core if g.type == type_], [], d.names) for d in docs]
        text_name, counted = canonical_scores(only, own_names)[0], canonical_scores(only, results["newsdesk"][0])[0]
        print(f"newsdesk canonical accuracy {type_}: text name {text_name:.3f}, counted-under name {counted:.3f}")


def reuters_people(folder: Path, limit: int) -> list[tuple[str, list[str]]]:
    """(body text, PEOPLE labels) for the first `limit` stories that carry people labels."""
    docs = []
    for path in sorted(folder.glob("reut2-*.sgm.gz")):
        with gzip.open(path, "rt", encoding="latin-1") as stream:
            raw = stream.read()
        for story in raw.split("</REUTERS>"):
            people = re.findall(r"<D>([^<]+)</D>", (re.search(r"<PEOPLE>(.*?)</PEOPLE>", story) or [""])[0])
            body = re.search(r"<BODY>(.*?)</BODY>", story, re.S)
            title = re.search(r"<TITLE>(.*?)</TITLE>", story, re.S)
            if people and body:
                text = html.unescape(f"{title.group(1) if title else ''}\n\n{body.group(1)}")
                docs.append((text, people))
            if len(docs) >= limit:
                return docs
    return docs


def _found(label: str, canonicals: list[str]) -> bool:
    wanted = label.split("-")
    for canonical in canonicals:
        tokens = re.split(r"[\s\-]+", canonical.casefold())
        if tokens[-len(wanted) :] == wanted or tokens[-1] == wanted[-1]:
            return True
    return False


def report_english(folder: Path, limit: int, extractor: EntityExtractor) -> None:
    if limit <= 0:
        return
    if extractor.english is None:
        print(f"Reuters-21578 English: skipped. {english.INSTALL_HINT}")
        return
    docs = reuters_people(folder, limit)
    outputs, seconds = timed(newsdesk(extractor, "en"), [text for text, _ in docs])
    labels = [
        (label, [m.canonical for m in out if m.type == "PER"])
        for (_, people), out in zip(docs, outputs, strict=True)
        for label in people
    ]
    hits = sum(_found(label, names) for label, names in labels)
    print(
        f"Reuters-21578 English: {len(docs)} stories with PEOPLE labels, document-level recall "
        f"{hits / len(labels):.3f} ({hits}/{len(labels)}), {len(docs) / seconds:.1f} docs/s (one core, CPU)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=ROOT)
    parser.add_argument("--reuters-docs", type=int, default=400)
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    extractor = EntityExtractor()
    report_russian(load_factrueval(args.corpora / "factrueval2016"), extractor)
    report_english(args.corpora / "reuters21578", args.reuters_docs, extractor)


if __name__ == "__main__":
    main()
