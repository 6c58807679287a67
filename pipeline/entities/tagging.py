"""natasha's slovnet taggers run the way a batch of news needs them: one tokenization, as little morphology as can
give the same answer.

natasha's `Doc` tokenizes every text twice (its segmenter, then the NER model's own razdel pass), tags each text
alone and runs morphology on whole sentences. Here razdel runs once and its tokens feed both models; NER runs over
the batch with texts of similar length together, so padding stays small; and the morphology tagger sees only
windows of CONTEXT tokens around each span, also grouped by length. Its encoder is three width-3 convolutions, so a
token's tags depend on exactly three tokens either side: within a sentence, a window that wide gives the same tags
as the whole sentence. Batches of 8 (slovnet's default) beat larger ones on one core.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from razdel import sentenize, tokenize

CONTEXT = 3


@dataclass
class Token:
    text: str
    start: int
    stop: int
    pos: str = "X"
    feats: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Span:
    start: int
    stop: int
    type: str
    first: int
    last: int


@dataclass(frozen=True)
class Tagged:
    """One text's tokens and its entity spans; the tokens of spans and their context carry pos and feats."""

    tokens: list[Token]
    spans: list[Span]

    def tokens_of(self, span: Span) -> list[Token]:
        return self.tokens[span.first : span.last + 1]


def tag(texts: list[str], ner: Any, morph: Any) -> list[Tagged]:
    """Spans from natasha's NER tagger, with morphology on their tokens; `ner`, `morph` are natasha's taggers."""
    tokenized = [[Token(t.text, t.start, t.stop) for t in tokenize(text)] for text in texts]
    order = sorted((i for i, tokens in enumerate(tokenized) if tokens), key=lambda i: len(tokenized[i]))
    infer = ner.infer
    predicted = infer.decoder(infer.process(infer.encoder([[t.text for t in tokenized[i]] for i in order])))
    spans: list[list[Span]] = [[] for _ in texts]
    for i, tags in zip(order, predicted, strict=True):
        spans[i] = _bio_spans(tokenized[i], tags)
    windows = [
        w for text, tokens, found in zip(texts, tokenized, spans, strict=True) for w in _windows(text, tokens, found)
    ]
    windows.sort(key=len)
    for window, markup in zip(windows, morph.map([[t.text for t in w] for w in windows]), strict=True):
        for token, tagged in zip(window, markup.tokens, strict=True):
            token.pos, token.feats = tagged.pos, tagged.feats
    return [Tagged(tokens, found) for tokens, found in zip(tokenized, spans, strict=True)]


def _bio_spans(tokens: list[Token], tags: list[str]) -> list[Span]:
    """slovnet's BIO decoding: B opens a span, I extends the open one, O closes it."""
    spans: list[Span] = []
    open_type, first, last = None, 0, 0
    for i, tag in enumerate(tags):
        part, _, type_ = tag.partition("-")
        if part == "I":
            last = i
            continue
        if open_type is not None:
            spans.append(Span(tokens[first].start, tokens[last].stop, open_type, first, last))
        open_type, first, last = (type_, i, i) if part == "B" else (None, 0, 0)
    if open_type is not None:
        spans.append(Span(tokens[first].start, tokens[last].stop, open_type, first, last))
    return spans


def _windows(text: str, tokens: list[Token], spans: list[Span]) -> list[list[Token]]:
    """Token runs of each span and CONTEXT tokens each side, cut at sentence ends, overlapping runs merged."""
    if not spans:
        return []
    sentence_of = _sentence_index(text, tokens)
    bounds: dict[int, tuple[int, int]] = {}
    for i, sentence in enumerate(sentence_of):
        low, _ = bounds.get(sentence, (i, i))
        bounds[sentence] = (low, i)
    runs: list[tuple[int, int]] = []
    for span in spans:
        low, high = bounds[sentence_of[span.first]]
        start, stop = max(low, span.first - CONTEXT), max(span.last, min(high, span.last + CONTEXT))
        if runs and start <= runs[-1][1] + 1 and sentence_of[start] == sentence_of[runs[-1][1]]:
            runs[-1] = (runs[-1][0], max(runs[-1][1], stop))
        else:
            runs.append((start, stop))
    return [tokens[start : stop + 1] for start, stop in runs]


def _sentence_index(text: str, tokens: list[Token]) -> list[int]:
    ends = [sentence.stop for sentence in sentenize(text)]
    out, current = [], 0
    for token in tokens:
        while current < len(ends) - 1 and token.start >= ends[current]:
            current += 1
        out.append(current)
    return out
