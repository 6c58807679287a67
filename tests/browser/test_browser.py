"""What an analyst sees, in a real headless Chromium: the Dagster asset graph and the trends report.

Needs Debian's chromium and chromium-driver (`.ci/run` installs them); skips without them. Screenshots are kept
in the pytest temporary folder (and in $NEWSDESK_ARTIFACTS when set) for a person to look at, and so is the Dagster
webserver's stderr when its test fails: a UI that never showed the graph usually says why there.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pipeline import commands
from pipeline.progress import StageProgress

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402  (after the skip-if-missing import)
from selenium.webdriver.common.keys import Keys  # noqa: E402

pytestmark = pytest.mark.skipif(
    not (shutil.which("chromium") and shutil.which("chromedriver")), reason="chromium and chromedriver not installed"
)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path=shutil.which("chromedriver"))
    driver = webdriver.Chrome(options=options, service=service)
    yield driver
    driver.quit()


def screenshot(driver: object, folder: Path, name: str) -> None:
    for target in filter(None, (folder, os.environ.get("NEWSDESK_ARTIFACTS"))):
        Path(target).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(target) / name))  # type: ignore[attr-defined]


def keep_artifact(path: Path) -> None:
    if artifacts := os.environ.get("NEWSDESK_ARTIFACTS"):
        Path(artifacts).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(artifacts) / path.name)


def wait_for(condition: object, timeout: float = 60.0) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():  # type: ignore[operator]
            return result
        time.sleep(0.5)
    raise AssertionError("timed out waiting for the page")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("browser") / "newsdesk.duckdb"
    with StageProgress() as progress:
        commands.demo(db, progress)
    return db


def test_the_report_renders_its_charts_offline(browser: object, demo_db: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    with StageProgress() as progress:
        assert commands.report(demo_db, report, progress) == 0
    assert "cdn" not in report.read_text(encoding="utf-8").lower().split("<body>", 1)[1][:10_000]
    browser.get(report.as_uri())  # type: ignore[attr-defined]
    charts = wait_for(lambda: len(browser.find_elements("css selector", ".js-plotly-plot .main-svg")) >= 3)  # type: ignore[attr-defined]
    assert charts
    sparklines = browser.find_elements("css selector", "table.entities svg.spark")  # type: ignore[attr-defined]
    assert len(sparklines) >= 10
    screenshot(browser, tmp_path, "report.png")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_dagster_ui_lists_the_assets(browser: object, demo_db: Path, tmp_path: Path) -> None:
    home = tmp_path / "dagster_home"
    home.mkdir()
    port = free_port()
    env = {**os.environ, "DAGSTER_HOME": str(home), "NEWSDESK_DB": str(demo_db)}
    log = tmp_path / "dagster-webserver.stderr.log"
    with log.open("wb") as stderr:
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("dagster-webserver")),
                "-m",
                "assets.definitions",
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    passed = False
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: _answers(base), timeout=120)
        browser.set_window_size(1400, 4000)  # type: ignore[attr-defined]  # the list renders only visible rows
        browser.get(f"{base}/assets")  # type: ignore[attr-defined]
        skip = wait_for(lambda: browser.find_elements("xpath", "//button[normalize-space()='Skip']"), timeout=30)  # type: ignore[attr-defined]
        skip[0].click()
        body = wait_for(
            lambda: (
                "mart_topic_daily" in (text := browser.find_element("tag name", "body").text)  # type: ignore[attr-defined]
                and text
            )
        )
        screenshot(browser, tmp_path, "dagster-assets.png")
        for asset in ("articles", "headlines", "entities", "parquet_exports", "trends_report"):
            assert asset in body
        browser.set_window_size(1400, 1000)  # type: ignore[attr-defined]
        browser.find_element("xpath", "//a[normalize-space()='View lineage']").click()  # type: ignore[attr-defined]
        groups = ("ingest", "parse", "warehouse", "entities", "models", "exports")
        wait_for(lambda: all(g in browser.find_element("tag name", "body").text.split() for g in groups))  # type: ignore[attr-defined]
        # Group labels alone would pass on a graph of empty boxes: expand every group (the UI's Alt+E) and look for
        # asset nodes. Only nodes inside the viewport are drawn, so these are ones the 1400×1000 layout shows.
        ActionChains(browser).key_down(Keys.ALT).send_keys("e").key_up(Keys.ALT).perform()
        nodes = {"pages", "fetch_log", "articles", "headlines", "parquet_exports"}
        wait_for(lambda: nodes <= set(browser.find_element("tag name", "body").text.split()))  # type: ignore[attr-defined]
        screenshot(browser, tmp_path, "dagster-lineage.png")
        passed = True
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not passed:
            keep_artifact(log)


def _answers(base: str) -> bool:
    try:
        return httpx.get(f"{base}/server_info", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False
