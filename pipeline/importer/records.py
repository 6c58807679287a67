"""Reading import files into frames of raw records, a chunk at a time, with each unreadable record's number.

JSON Lines are decoded with msgspec against a typed record: a chunk of lines decodes as one JSON array in C, at
~10x json.loads per line, and only a chunk that fails is decoded again line by line to find the bad records.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import msgspec
import polars as pl

CHUNK_RECORDS = 50_000
DECODE_BLOCK = 2_000


class Record(msgspec.Struct):
    """A JSONL record as the CLI contract gives it; the optional extras are what `newsdesk extract` prints."""

    url: str | None = None
    title: str | None = None
    body: str | None = None
    published_at: str | None = None
    rubric: str | None = None
    categories: list[str] | None = None
    source: str | None = None
    lead: str | None = None
    canonical_url: str | None = None
    updated_at: str | None = None
    language: str | None = None
    authors: list[str] | None = None
    tags: list[str] | None = None


FIELDS = tuple(Record.__struct_fields__)
RAW_SCHEMA: dict[str, pl.DataType] = {
    "record": pl.Int64(),
    **{name: pl.List(pl.String) if name in ("categories", "authors", "tags") else pl.String() for name in FIELDS},
}
_ONE = msgspec.json.Decoder(Record)
_MANY = msgspec.json.Decoder(list[Record])


@dataclass(frozen=True)
class Chunk:
    """Raw records (RAW_SCHEMA, `record` numbered from 1) and the (record, reason) of those that could not be read."""

    frame: pl.DataFrame
    unreadable: list[tuple[int, str]]


def _reason(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return "invalid UTF-8"
    if isinstance(exc, msgspec.ValidationError):
        return str(exc)
    return f"invalid JSON: {exc}"


def _decode_lines(numbers: list[int], lines: list[bytes]) -> tuple[list[int], list[Record], list[tuple[int, str]]]:
    """Lines decode together as one JSON array; a batch that fails is split in half until the bad lines stand alone,
    so a few bad records in a million cost a few dozen extra decodes, not a million."""
    try:
        records = _MANY.decode(b"[" + b",".join(lines) + b"]")
        # A line holding two objects ("{...},{...}") would decode too; the count catches it.
        if len(records) == len(lines):
            return numbers, records, []
    except (msgspec.DecodeError, UnicodeDecodeError):
        pass
    if len(lines) == 1:
        try:
            return numbers, [_ONE.decode(lines[0])], []
        except (msgspec.DecodeError, UnicodeDecodeError) as exc:
            return [], [], [(numbers[0], _reason(exc))]
    half = len(lines) // 2
    first = _decode_lines(numbers[:half], lines[:half])
    second = _decode_lines(numbers[half:], lines[half:])
    return first[0] + second[0], first[1] + second[1], first[2] + second[2]


def _decode(numbers: list[int], lines: list[bytes]) -> Chunk:
    """In blocks, so a bad line costs a second decode of its block only, not of the whole chunk."""
    good_numbers: list[int] = []
    good: list[Record] = []
    unreadable: list[tuple[int, str]] = []
    for start in range(0, len(lines), DECODE_BLOCK):
        block = _decode_lines(numbers[start : start + DECODE_BLOCK], lines[start : start + DECODE_BLOCK])
        good_numbers += block[0]
        good += block[1]
        unreadable += block[2]
    return _frame(good_numbers, good, unreadable)


def _frame(numbers: list[int], records: list[Record], unreadable: list[tuple[int, str]]) -> Chunk:
    columns = {name: [getattr(r, name) for r in records] for name in FIELDS}
    return Chunk(pl.DataFrame({"record": numbers, **columns}, schema=RAW_SCHEMA), unreadable)


def jsonl_chunks(path: Path, size: int | None = None) -> Iterator[Chunk]:
    """Line numbers count every line, blank ones included, so an error points at the line an editor shows."""
    size = size or CHUNK_RECORDS
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as stream:
        numbers: list[int] = []
        lines: list[bytes] = []
        for number, raw in enumerate(stream, start=1):
            if raw.strip():
                numbers.append(number)
                lines.append(raw)
            if len(lines) >= size:
                yield _decode(numbers, lines)
                numbers, lines = [], []
        if lines:
            yield _decode(numbers, lines)


def _parquet_column(frame: pl.DataFrame, name: str) -> pl.Expr:
    dtype = RAW_SCHEMA[name]
    if name not in frame.columns:
        return pl.lit(None, dtype).alias(name)
    column = pl.col(name)
    kind = frame.schema[name]
    if name in ("published_at", "updated_at") and isinstance(kind, pl.Datetime):
        # A typed timestamp keeps its offset: ISO text is what the date validation reads.
        zone = "%:z" if kind.time_zone else ""
        return column.dt.to_string(f"%Y-%m-%dT%H:%M:%S%.f{zone}").alias(name)
    return column.cast(dtype, strict=False).alias(name)


def parquet_chunks(path: Path, size: int | None = None) -> Iterator[Chunk]:
    """Row numbers from 1; columns are matched by name and cast to the record's types."""
    size = size or CHUNK_RECORDS
    lazy = pl.scan_parquet(path)
    total = lazy.select(pl.len()).collect().item()
    for start in range(0, total, size):
        frame = lazy.slice(start, size).collect()
        yield Chunk(
            frame.select(
                pl.int_range(start + 1, start + 1 + frame.height, dtype=pl.Int64).alias("record"),
                *[_parquet_column(frame, name) for name in FIELDS],
            ),
            [],
        )
