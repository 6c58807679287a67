from pathlib import Path

import pytest

from pipeline.sources import SourcesError, load_sources, sources_by_schedule

SOURCES = """
[[sources]]
name = "a"
start_urls = ["https://a.example/rss.xml"]

[[sources]]
name = "b"
start_urls = ["https://b.example/sitemap.xml"]
rate_limit = 0.5
schedule = "*/15 * * * *"
"""


def test_sources_load_with_defaults_and_group_by_schedule(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(SOURCES)
    a, b = load_sources(path)
    assert (a.rate_limit, a.schedule, b.rate_limit) == (2.0, "0 * * * *", 0.5)
    assert sources_by_schedule([a, b]) == {"0 * * * *": ["a"], "*/15 * * * *": ["b"]}


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('name = "x"\nstart_urls = []', "non-empty start_urls"),
        ('name = "x"\nstart_urls = ["https://x"]\nrate_limit = 0', "must be above 0"),
        ('name = "x"\nstart_urls = ["https://x"]\nschedule = "hourly"', "5-field cron"),
    ],
)
def test_bad_entries_are_named_in_the_error(tmp_path: Path, entry: str, message: str) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(f"[[sources]]\n{entry}\n")
    with pytest.raises(SourcesError, match=message):
        load_sources(path)
