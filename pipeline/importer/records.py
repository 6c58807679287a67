"""Reading import files into frames of raw records, a chunk at a time, with each unreadable record's number.

A chunk of JSON Lines goes first to Arrow's JSON reader, which builds the columns in C++ on every core without one
Python object per value (5x msgspec plus building the frame from Python lists). It is as strict as the typed record:
a number where a string belongs, a duplicate key or invalid UTF-8 fails the block. A block it refuses, or whose row
count is not its line count, is decoded again with msgspec against the typed record, which finds the bad lines and
words each error.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import msgspec
import polars as pl
import pyarrow as pa
import pyarrow.json as pa_json

CHUNK_RECORDS = 50_000
DECODE_BLOCK = 2_000
READ_HINT = 16 << 20
# Arrow parses blocks of this size on separate threads; a record longer than a block fails and goes to msgspec.
ARROW_BLOCK = 4 << 20


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
LIST_FIELDS = ("categories", "authors", "tags")
RAW_SCHEMA: dict[str, pl.DataType] = {
    "record": pl.Int64(),
    **{name: pl.List(pl.String) if name in LIST_FIELDS else pl.String() for name in FIELDS},
}
_ARROW_OPTIONS = pa_json.ParseOptions(
    explicit_schema=pa.schema(
        [(name, pa.list_(pa.string()) if name in LIST_FIELDS else pa.string()) for name in FIELDS]
    ),
    unexpected_field_behavior="ignore",
)
_ARROW_READ = pa_json.ReadOptions(block_size=ARROW_BLOCK)
_ONE = msgspec.json.Decoder(Record)
_MANY = msgspec.json.Decoder(list[Record])


@dataclass(frozen=True)
class Chunk:
    """Raw records (RAW_SCHEMA, `record` numbered from 1) and the (record, reason) of those that could not be read."""

    frame: pl.DataFrame
    unreadable: list[tuple[int, str]]


def _reason(exc: Exception, line: bytes) -> str:
    """msgspec words a bad byte sequence differently from one release to the next; the bytes say it plainly."""
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
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
            return [], [], [(numbers[0], _reason(exc, lines[0]))]
    half = len(lines) // 2
    first = _decode_lines(numbers[:half], lines[:half])
    second = _decode_lines(numbers[half:], lines[half:])
    return first[0] + second[0], first[1] + second[1], first[2] + second[2]


def _arrow(lines: list[bytes]) -> pl.DataFrame | None:
    """The lines' records, or None where msgspec must decide: Arrow refused them, read a different number of rows
    (two objects on one line), or a list held a null (msgspec's list[str] refuses that)."""
    try:
        table = pa_json.read_json(pa.BufferReader(b"".join(lines)), _ARROW_READ, _ARROW_OPTIONS)
    except (pa.ArrowException, UnicodeDecodeError):
        return None
    if table.num_rows != len(lines):
        return None
    frame = pl.DataFrame(table)
    null_elements = frame.select(
        pl.any_horizontal(pl.col(name).list.eval(pl.element().is_null()).list.any() for name in LIST_FIELDS).any()
    )
    return None if null_elements.item() else frame


def _decode(numbers: list[int], lines: list[bytes]) -> Chunk:
    """The whole chunk through Arrow; when that fails, block by block, so a bad line costs a msgspec decode of its
    block only, not of the whole chunk."""
    whole = _arrow(lines)
    if whole is not None:
        return Chunk(whole.select(pl.Series("record", numbers, dtype=pl.Int64), *FIELDS), [])
    frames: list[pl.DataFrame] = []
    unreadable: list[tuple[int, str]] = []
    for start in range(0, len(lines), DECODE_BLOCK):
        block_numbers, block = numbers[start : start + DECODE_BLOCK], lines[start : start + DECODE_BLOCK]
        fast = _arrow(block)
        if fast is not None:
            frames.append(fast.select(pl.Series("record", block_numbers, dtype=pl.Int64), *FIELDS))
            continue
        good_numbers, good, bad = _decode_lines(block_numbers, block)
        frames.append(_frame(good_numbers, good))
        unreadable += bad
    return Chunk(pl.concat(frames) if frames else _frame([], []), unreadable)


def _frame(numbers: list[int], records: list[Record]) -> pl.DataFrame:
    columns = {name: [getattr(r, name) for r in records] for name in FIELDS}
    return pl.DataFrame({"record": numbers, **columns}, schema=RAW_SCHEMA)


def jsonl_chunks(path: Path, size: int | None = None) -> Iterator[Chunk]:
    """Line numbers count every line, blank ones included, so an error points at the line an editor shows."""
    size = size or CHUNK_RECORDS
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as stream:
        numbers: list[int] = []
        lines: list[bytes] = []
        read = 0
        # readlines and a comprehension: a Python loop per line (and a strip() copy of each) cost seconds per million.
        while batch := stream.readlines(READ_HINT):
            kept = [(read + i, raw) for i, raw in enumerate(batch, start=1) if not raw.isspace()]
            read += len(batch)
            numbers += [number for number, _ in kept]
            lines += [raw for _, raw in kept]
            start = 0
            while len(lines) - start >= size:
                yield _decode(numbers[start : start + size], lines[start : start + size])
                start += size
            numbers, lines = numbers[start:], lines[start:]
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
