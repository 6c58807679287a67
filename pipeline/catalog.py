"""What each exported table and column means: the text `schema.json` carries to a dashboard tool.

A SQL model's meaning is its header comment (`pipeline.sql_models`), and its columns' meanings are the header's
measure lines (`--   name   meaning`): written once, beside the SQL. Every other table is described here, and so are
the columns a model's header does not list and the base tables' columns. The Dagster assets describe the same tables
in the UI; tests/assets/test_definitions.py holds their texts to these.
"""

from __future__ import annotations

import re

from pipeline.sql_models import load_models

TABLES: dict[str, str] = {
    "sources": "The configured news sites.",
    "fetch_log": "One row per HTTP attempt with its status or its failure in plain words.",
    "pages": "Every fetched article page, indexed into the WARC archive (file, offset).",
    "parse_errors": "Pages that yielded no article, with the reason.",
    "import_errors": "Every bad record of an import: file, line or row number, and why it was refused.",
    "articles": "One row per article (canonical URL): clean text, UTC times, rubric and category.",
    "categories": "The category taxonomy every rubric maps into.",
    "article_categories": "Which category each article belongs to.",
    "headlines": "Each distinct headline a source's rail showed, with first/last seen and how often.",
    "headline_sightings": "Every rail position of every headline on every fetched page.",
    "unknown_rubrics": "Rubrics the taxonomy does not map yet, with counts, to extend the taxonomy.",
    "article_signatures": "Each article text's MinHash signature, computed once per text, for near-duplicate search.",
    "story_clusters": "The story each article tells: same-text and near-duplicate copies share the earliest article's "
    "id, so marts can count a syndicated story once.",
    "entities": "One row per entity (person, organisation, place) under its canonical name.",
    "article_entities": "Which entities each article mentions, how often, and whether in the title.",
    "entity_mentions": "Every mention with its offsets and surface text.",
    "entity_aliases": "Every surface form seen for an entity, with counts.",
    "article_topics": "Articles matching the configured topics (topics.toml) by keyword, entity or rubric, with what "
    "matched.",
    "topic_rules": "The configured topics' rules as the last build read them: keywords, entity names and rubrics.",
    "article_keyword_matches": "Which configured topic keywords each article's text contains.",
}

# Columns of the same name mean the same in every table that has them, unless COLUMNS says otherwise for a table.
SHARED_COLUMNS: dict[str, str] = {
    "article_id": "the article's id (a hash of its canonical URL); joins to articles",
    "entity_id": "the entity's id; joins to entities",
    "headline_id": "the headline's id (a hash of source and link, or of the title when it has no link)",
    "source": "the news site, as named in the sources file",
    "day": "UTC calendar day (of publication for articles, of the fetch for rails)",
    "week": "Monday starting the ISO week, UTC",
    "topic_kind": "'rubric' (as the site prints it), 'category' (the taxonomy's name), 'entity' (canonical name) or "
    "'topic' (configured in topics.toml)",
    "topic": "the rubric, category, entity or configured topic counted",
    "rubric": "the section as the site prints it",
    "category": "the taxonomy's category of the rubric (pipeline/defaults/taxonomy.toml)",
    "title": "the title as published, whitespace cleaned",
    "url": "the URL the page was fetched from",
    "canonical_url": "the URL the page names as canonical, normalized: one article per canonical URL",
    "baseline_median": "median daily count of the 28 days before (zeros included)",
    "baseline_mad": "median absolute deviation of those 28 days",
    "spike_score": "(articles - baseline_median) / max(1.4826 * baseline_mad, 1); NULL below 3 articles or 28 days "
    "of history",
    "is_spike": "spike_score >= 3.5",
    "best_position": "highest place on the rail (1 = top)",
}

COLUMNS: dict[str, dict[str, str]] = {
    "articles": {
        "lead": "the standfirst under the title",
        "body": "the article text, paragraph breaks kept",
        "published_at": "publication time, UTC",
        "published_offset_minutes": "the page's own UTC offset of published_at, in minutes",
        "updated_at": "last update time the page states, UTC",
        "language": "ISO 639-1 code the page or feed declares",
        "authors": "bylines, as printed",
        "tags": "the page's keywords and tags",
        "content_hash": "SHA-1 of title and body: changes when the text does",
        "first_seen": "first fetch of the article, UTC",
        "last_seen": "latest fetch of the article, UTC",
        "parser_version": "the parser version that read the latest fetch",
    },
    "headlines": {
        "url": "the canonical URL the headline links to",
        "first_seen": "first fetch whose rail showed it, UTC",
        "last_seen": "latest fetch whose rail showed it, UTC",
        "times_seen": "fetched pages whose rail showed it",
    },
    "entities": {
        "canonical": "the one name every mention is counted under",
        "type": "PER (person), ORG (organisation) or LOC (place)",
    },
    "article_entities": {
        "mentions": "times the article mentions the entity",
        "first_offset": "character offset of the first mention in title + text",
        "in_title": "whether the title mentions it",
    },
    "categories": {
        "category": "the category's key",
        "label": "its display name",
        "rubrics": "the printed rubrics mapped into it",
    },
    "mart_topic_daily_by_source": {
        "articles": "articles from that source published that day carrying the topic",
        "source_day_articles": "all articles that source published that day: the denominator of `share`",
        "share": "articles / source_day_articles",
        "articles_7d_avg": "mean daily articles over the 7 calendar days ending on the day",
    },
    "mart_topic_weekly": {"share": "articles / week_articles"},
    "mart_topic_daily_dense": {
        "articles": "articles published that UTC day carrying the topic (0 on days without it)",
        "day_articles": "all articles published that day: the denominator of `share`",
        "share": "articles / day_articles (0 on a day without articles)",
        "articles_7d_avg": "mean daily articles over the 7 days ending on the day",
    },
    "mart_spikes": {
        "articles": "articles published that day carrying the topic",
        "share": "articles / all articles published that day",
    },
    "mart_rail_headlines": {
        "url": "the canonical URL the headline links to",
        "article_id": "the linked article when the warehouse holds it",
        "first_seen": "first fetch whose rail showed it, UTC",
        "last_seen": "latest fetch whose rail showed it, UTC",
        "hours_on_rail": "hours from first_seen to last_seen: a lower bound of its time on the rail",
        "fetches": "fetched pages whose rail showed it",
        "avg_position": "mean place on the rail over those fetches",
    },
    "mart_rail_daily": {
        "headlines": "distinct headlines carrying the topic on that source's rails that day",
        "sightings": "(page, position) rail slots that showed one of them",
    },
}

MEASURE_LINE = re.compile(r"^--\s{2,}([a-z_0-9, ]+?)\s{2,}(\S.*)$")


def header_measures(sql: str) -> dict[str, str]:
    """The `--   name[, name]   meaning` lines of a model's header comment, one meaning per named column."""
    measures = {}
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        if match := MEASURE_LINE.match(line):
            for name in match.group(1).split(","):
                measures[name.strip()] = match.group(2).strip()
    return measures


def descriptions() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Table meanings and, per table, its columns' meanings: headers for models, the tables above for the rest."""
    models = load_models()
    tables = {**TABLES, **{model.name: model.description for model in models}}
    columns = {model.name: header_measures(model.sql) for model in models}
    for table, meanings in COLUMNS.items():
        columns[table] = {**columns.get(table, {}), **meanings}
    return tables, columns
