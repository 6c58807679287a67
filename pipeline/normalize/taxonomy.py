"""The rubric → category taxonomy: synonyms from any site and language under one category name."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline.normalize.text import matching_key

DEFAULTS = Path(__file__).resolve().parent.parent / "defaults"


@dataclass(frozen=True)
class Taxonomy:
    """Rubric synonyms → category; keys are case- and ё-insensitive."""

    labels: dict[str, str]
    rubric_to_category: dict[str, str]

    def frame(self) -> pl.DataFrame:
        rubrics: dict[str, list[str]] = {c: [] for c in self.labels}
        for rubric, category in self.rubric_to_category.items():
            rubrics[category].append(rubric)
        return pl.DataFrame(
            {
                "category": list(self.labels),
                "label": list(self.labels.values()),
                "rubrics": list(rubrics.values()),
            },
            schema={"category": pl.String, "label": pl.String, "rubrics": pl.List(pl.String)},
        )

    def category_of(self, rubric: str | None) -> str | None:
        return self.rubric_to_category.get(matching_key(rubric)) if rubric else None

    def categories(self, rubrics: pl.Series) -> pl.Series:
        """The category of each rubric, looked up once per distinct rubric (a million rows hold a few hundred)."""
        mapping = {rubric: self.category_of(rubric) for rubric in rubrics.drop_nulls().unique()}
        return rubrics.replace_strict(mapping, default=None, return_dtype=pl.String).alias("category")


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    data = tomllib.loads((path or DEFAULTS / "taxonomy.toml").read_text(encoding="utf-8"))
    labels, mapping = {}, {}
    for category, spec in data["categories"].items():
        labels[category] = spec.get("label", category)
        for rubric in spec.get("rubrics", []):
            mapping[matching_key(rubric)] = category
    return Taxonomy(labels, mapping)
