import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipeline import stages, warehouse
from pipeline.report import ReportData, load_report_data, render_report, topic_trends

FIRST_DAY = datetime(2026, 8, 1, 9)
SPIKE_DAY = FIRST_DAY + timedelta(days=30)


@pytest.fixture()
def data(tmp_path: Path) -> ReportData:
    """One 'Мир' article a day for 30 days, then eight on the 31st: a spike of rubric Мир and of category world."""
    con = warehouse.connect(tmp_path / "w.duckdb")
    times = [FIRST_DAY + timedelta(days=n) for n in range(30)] + [SPIKE_DAY + timedelta(minutes=n) for n in range(8)]
    for n, when in enumerate(times):
        con.execute(
            "INSERT INTO articles (article_id, source, url, canonical_url, published_at, rubric, authors, tags, "
            "content_hash, first_seen, last_seen) VALUES (?, 's', ?, ?, ?, 'Мир', [], [], ?, now(), now())",
            [f"a{n}", f"u{n}", f"u{n}", when, f"h{n}"],
        )
        con.execute("INSERT INTO article_categories VALUES (?, 'world')", [f"a{n}"])
    stages.build_models(con)
    loaded = load_report_data(con)
    con.close()
    return loaded


def test_spikes_are_starred_on_the_line_they_belong_to_at_its_plotted_mean(data: ReportData) -> None:
    assert set(data.spikes["series"]) == {"rubric: Мир", "category: world"}
    traces = {trace.name: trace for trace in topic_trends(data).data}
    assert set(traces) == {"category: world", "category: world: spike"}  # rubrics are not drawn, nor their spikes
    star = traces["category: world: spike"]
    assert list(star.x) == [SPIKE_DAY.date()]
    assert list(star.y) == [pytest.approx((6 + 8) / 7)]  # the 7-day mean the line shows that day, not the raw 8
    assert star.legendgroup == traces["category: world"].legendgroup


def test_the_report_is_offline_and_has_every_section(data: ReportData) -> None:
    page = render_report(data, datetime(2026, 9, 1, tzinfo=UTC))
    assert not re.search(r"<script[^>]*\bsrc\s*=\s*[\"']?(https?:)?//", page, re.IGNORECASE)
    assert re.findall(r"<h2>(.*?)</h2>", page) == [
        "Topic trends, spikes marked",
        "Category shares by week (every site's rubrics counted under the taxonomy's categories)",
        "Top entities",
        "Headline rail: longest-running headlines",
    ]
    assert '"name":"category: world: spike"' in page
    assert "articles: 38" in page
