"""The crawl resource: politeness settings from Dagster config or the environment reach the crawler."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from assets.resources import CrawlResource
from pipeline.fetch import USER_AGENT, FetchSettings

ROOT = Path(__file__).resolve().parents[2]
SOURCES = """
[[sources]]
name = "fast"
start_urls = ["https://fast.example/rss.xml"]
rate_limit = 5.0

[[sources]]
name = "slow"
start_urls = ["https://slow.example/rss.xml"]
rate_limit = 0.25
"""


def test_config_caps_rates_and_sets_the_agent_and_concurrency(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(SOURCES)
    resource = CrawlResource(
        sources_file=str(path),
        user_agent="ndbot/1 (+https://ops.example/contact)",
        max_rate_limit=1.0,
        host_concurrency=1,
    )
    with resource.target() as target:
        assert {s.name: s.rate_limit for s in target.sources} == {"fast": 1.0, "slow": 0.25}
        assert target.settings is not None
        assert target.settings.user_agent == "ndbot/1 (+https://ops.example/contact)"
        assert target.settings.host_concurrency == 1


def test_the_environment_configures_the_resource(tmp_path: Path) -> None:
    """Field defaults are read when the module loads, as `dagster dev` loads it with the deployment's environment."""
    path = tmp_path / "sources.toml"
    path.write_text(SOURCES)
    probe = (
        "from assets.resources import CrawlResource\n"
        f"with CrawlResource(sources_file={str(path)!r}).target() as t:\n"
        "    print([s.rate_limit for s in t.sources], t.settings.user_agent, t.settings.host_concurrency)"
    )
    env = {**os.environ, "NEWSDESK_USER_AGENT": "envbot/2", "NEWSDESK_MAX_RATE_LIMIT": "0.5"}
    env["NEWSDESK_HOST_CONCURRENCY"] = "3"
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split("\n")[0] == "[0.5, 0.25] envbot/2 3"


def test_unconfigured_the_crawler_keeps_its_defaults(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(SOURCES)
    with CrawlResource(sources_file=str(path), max_rate_limit=None).target() as target:
        assert [s.rate_limit for s in target.sources] == [5.0, 0.25]
        assert target.settings == FetchSettings(user_agent=USER_AGENT)
