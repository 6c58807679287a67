"""The trends report: one self-contained HTML page an analyst can open offline or mail around.

Charts are Plotly figures with plotly.js inlined once (no CDN: the page must work without a network); the
entity sparklines are small inline SVGs, since a hundred Plotly figures would make the page slow to open.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime

import duckdb
import plotly.graph_objects as go
import polars as pl
from plotly.offline import get_plotlyjs

TOP_ENTITIES = 20
TOP_TOPICS = 8
RAIL_HEADLINES = 30


@dataclass(frozen=True)
class ReportData:
    topics: pl.DataFrame
    spikes: pl.DataFrame
    category_shares: pl.DataFrame
    entities: pl.DataFrame
    rail: pl.DataFrame
    totals: dict[str, object]


def load_report_data(con: duckdb.DuckDBPyConnection) -> ReportData:
    """Everything the page shows, read from the marts (run `newsdesk build` first)."""
    topics = con.execute(
        f"""
        WITH top AS (
            SELECT topic_kind, topic FROM mart_topic_daily_dense WHERE topic_kind IN ('topic', 'category')
            GROUP BY ALL ORDER BY sum(articles) DESC LIMIT {TOP_TOPICS}
        )
        SELECT d.day, d.topic_kind || ': ' || d.topic AS series, d.articles, d.articles_7d_avg
        FROM mart_topic_daily_dense d JOIN top USING (topic_kind, topic) ORDER BY series, day
        """
    ).pl()
    spikes = con.execute(
        "SELECT day, topic_kind || ': ' || topic AS series, articles, spike_score FROM mart_spikes ORDER BY day"
    ).pl()
    category_shares = con.execute(
        "SELECT week, topic AS category, share FROM mart_topic_weekly WHERE topic_kind = 'category' "
        "ORDER BY week, topic"
    ).pl()
    entities = con.execute(
        f"""
        WITH top AS (
            SELECT topic FROM mart_topic_weekly WHERE topic_kind = 'entity'
            GROUP BY topic ORDER BY sum(articles) DESC, topic LIMIT {TOP_ENTITIES}
        ),
        weeks AS (SELECT DISTINCT week FROM mart_topic_weekly)
        SELECT t.topic AS entity, w.week, coalesce(m.articles, 0) AS articles
        FROM top t CROSS JOIN weeks w
        LEFT JOIN mart_topic_weekly m ON m.topic_kind = 'entity' AND m.topic = t.topic AND m.week = w.week
        ORDER BY sum(coalesce(m.articles, 0)) OVER (PARTITION BY t.topic) DESC, entity, w.week
        """
    ).pl()
    rail = con.execute(
        f"SELECT source, title, rubric, first_seen, last_seen, fetches, best_position FROM mart_rail_headlines "
        f"ORDER BY fetches DESC, best_position LIMIT {RAIL_HEADLINES}"
    ).pl()
    first, last, articles, sources = con.execute(
        "SELECT min(day), max(day), count(*), count(DISTINCT source) FROM stg_articles"
    ).fetchone()
    totals = {"first day": first, "last day": last, "articles": articles, "sources": sources}
    return ReportData(topics, spikes, category_shares, entities, rail, totals)


def _figure_html(figure: go.Figure) -> str:
    figure.update_layout(margin={"l": 40, "r": 20, "t": 30, "b": 40}, height=380, template="plotly_white")
    return figure.to_html(full_html=False, include_plotlyjs=False, config={"displaylogo": False})


def topic_trends(data: ReportData) -> go.Figure:
    """Each top series as its 7-day mean, and its spike days as stars on that line.

    A star sits at the series' 7-day mean of the day, not at the day's raw count, so it marks the line it belongs
    to; spikes of series the chart does not draw are left out (they are listed in mart_spikes).
    """
    figure = go.Figure()
    plotted = data.topics.select("day", "series", "articles_7d_avg")
    spikes = data.spikes.join(plotted, on=["day", "series"], how="inner")
    for (series,), frame in data.topics.group_by("series", maintain_order=True):
        figure.add_scatter(
            x=frame["day"].to_list(),
            y=frame["articles_7d_avg"].to_list(),
            name=series,
            mode="lines",
            legendgroup=series,
        )
        marked = spikes.filter(pl.col("series") == series)
        if marked.height:
            figure.add_scatter(
                x=marked["day"].to_list(),
                y=marked["articles_7d_avg"].to_list(),
                mode="markers",
                name=f"{series}: spike",
                legendgroup=series,
                showlegend=False,
                marker={"symbol": "star", "size": 12, "color": "crimson"},
                customdata=marked.select("articles", "spike_score").rows(),
                hovertemplate="%{x}: %{customdata[0]} articles, spike score %{customdata[1]:.1f}",
            )
    figure.update_layout(yaxis_title="articles per day, 7-day mean")
    return figure


def category_shares(data: ReportData) -> go.Figure:
    """Weekly shares by category, not by rubric: each site prints its own rubric names ("Мир", "В мире", "World"),
    so rubric bars would split one section into as many colours as there are sites; the taxonomy's categories count
    them under one name. Per-rubric shares stay in mart_topic_weekly (topic_kind = 'rubric')."""
    figure = go.Figure()
    for (category,), frame in data.category_shares.group_by("category", maintain_order=True):
        figure.add_bar(x=frame["week"].to_list(), y=frame["share"].to_list(), name=category)
    figure.update_layout(barmode="stack", yaxis_title="share of the week's articles", yaxis_tickformat=".0%")
    return figure


def rail_timeline(data: ReportData) -> go.Figure:
    figure = go.Figure()
    for row in data.rail.iter_rows(named=True):
        label = html.escape(row["title"][:70])
        figure.add_scatter(
            x=[row["first_seen"], row["last_seen"]],
            y=[label, label],
            mode="lines+markers",
            showlegend=False,
            line={"width": 6},
            hovertext=f"{row['rubric'] or ''} · {row['fetches']} fetches · best #{row['best_position']}",
        )
    figure.update_layout(height=max(380, 22 * data.rail.height), yaxis={"autorange": "reversed"})
    return figure


def sparkline(values: list[int], width: int = 140, height: int = 28) -> str:
    """An inline SVG polyline of a weekly series."""
    if not values:
        return ""
    peak = max(values) or 1
    step = width / max(len(values) - 1, 1)
    points = " ".join(f"{i * step:.1f},{height - 2 - (v / peak) * (height - 4):.1f}" for i, v in enumerate(values))
    return (
        f'<svg class="spark" width="{width}" height="{height}" role="img"><polyline points="{points}" '
        f'fill="none" stroke="#1f77b4" stroke-width="1.5"/></svg>'
    )


def entity_table(data: ReportData) -> str:
    rows = []
    for (entity,), frame in data.entities.group_by("entity", maintain_order=True):
        series = frame["articles"].to_list()
        rows.append(f"<tr><td>{html.escape(entity)}</td><td>{sum(series)}</td><td>{sparkline(series)}</td></tr>")
    return (
        "<table class='entities'><thead><tr><th>entity</th><th>articles</th><th>weekly</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; }
h1 { margin-bottom: 0.2rem; } .meta { color: #666; margin-top: 0; }
section { margin: 2rem 0; } table { border-collapse: collapse; } td, th { padding: 2px 10px; text-align: left; }
tbody tr:nth-child(odd) { background: #f5f7fa; } .spark { vertical-align: middle; }
"""


def render_report(data: ReportData, generated_at: datetime) -> str:
    facts = " · ".join(f"{k}: {v}" for k, v in data.totals.items())
    sections = [
        ("Topic trends, spikes marked", _figure_html(topic_trends(data))),
        (
            "Category shares by week (every site's rubrics counted under the taxonomy's categories)",
            _figure_html(category_shares(data)),
        ),
        ("Top entities", entity_table(data)),
        ("Headline rail: longest-running headlines", _figure_html(rail_timeline(data))),
    ]
    body = "".join(f"<section><h2>{title}</h2>{content}</section>" for title, content in sections)
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>newsdesk trends</title>"
        f"<style>{STYLE}</style><script>{get_plotlyjs()}</script></head><body>"
        f"<h1>newsdesk trends</h1><p class='meta'>{html.escape(facts)} · "
        f"generated {generated_at:%Y-%m-%d %H:%M} UTC</p>"
        f"{body}</body></html>"
    )
