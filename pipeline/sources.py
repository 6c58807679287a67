"""The user's sources file (TOML), read into `Source` records with errors that name the offending entry."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

from pipeline.records import Source


class SourcesError(ValueError):
    pass


def sources_by_schedule(sources: list[Source]) -> dict[str, list[str]]:
    """Source names grouped by their crawl schedule, so each distinct schedule is one Dagster schedule."""
    groups: dict[str, list[str]] = {}
    for source in sources:
        groups.setdefault(source.schedule, []).append(source.name)
    return groups


def capped(sources: list[Source], max_rate: float | None) -> list[Source]:
    """The sources with no rate above `max_rate`: an operator slows a whole crawl (a shared egress address, a
    complaint) without editing every entry of the sources file."""
    if max_rate is None:
        return sources
    return [dataclasses.replace(s, rate_limit=min(s.rate_limit, max_rate)) for s in sources]


def load_sources(path: Path) -> list[Source]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SourcesError(f"cannot read sources file {path}: {exc}") from exc
    sources = []
    for number, entry in enumerate(data.get("sources", []), start=1):
        name, urls = entry.get("name"), entry.get("start_urls")
        if not name or not isinstance(urls, list) or not urls:
            raise SourcesError(f"{path}: source #{number} needs a name and a non-empty start_urls list")
        rate = float(entry.get("rate_limit", 2.0))
        if rate <= 0:
            raise SourcesError(f"{path}: source {name!r} has rate_limit {rate}; it must be above 0")
        schedule = entry.get("schedule", "0 * * * *")
        if not isinstance(schedule, str) or len(schedule.split()) != 5:
            raise SourcesError(f"{path}: source {name!r} has schedule {schedule!r}; it must be a 5-field cron string")
        sources.append(Source(name=name, start_urls=tuple(urls), rate_limit=rate, schedule=schedule))
    if not sources:
        raise SourcesError(f"{path} lists no [[sources]]")
    return sources
