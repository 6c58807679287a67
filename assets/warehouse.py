"""Normalized warehouse tables, entities and configured topics."""

import dagster as dg

from assets.resources import WarehouseResource
from assets.tables import row_counts, table_metadata
from pipeline import catalog, stages
from pipeline.entities import EntityExtractor

WAREHOUSE = "warehouse"
ENTITIES = "entities"
PARSED = ["parsed_articles", "parsed_headlines"]
# Tables their stage only adds rows to or replaces rows in key for key (one row per article), so their growth in a run
# is exactly its new rows. The others are rebuilt whole or rewritten by difference, where growth is not new rows.
GROWING = {"articles", "article_signatures", "story_clusters", "entity_runs"}


def _spec(name: str, group: str, deps: list[str], description: str) -> dg.AssetSpec:
    return dg.AssetSpec(name, group_name=group, deps=deps, kinds={"duckdb", "polars"}, description=description)


# Descriptions come from pipeline.catalog, which schema.json's descriptions come from too: the UI and the exports
# tell an analyst the same thing.
NORMALIZED = {
    name: catalog.TABLES[name]
    for name in (
        "articles",
        "categories",
        "article_categories",
        "headlines",
        "headline_sightings",
        "unknown_rubrics",
        "article_signatures",
        "story_clusters",
    )
}


@dg.multi_asset(specs=[_spec(name, WAREHOUSE, PARSED, text) for name, text in NORMALIZED.items()])
def normalized_tables(warehouse: WarehouseResource):
    """Normalize with polars and upsert: re-running on the same parse rows changes nothing."""
    with warehouse.connect() as con:
        before = row_counts(con, GROWING & NORMALIZED.keys())
        stories = stages.normalize(con)["stories"]
        tables = {name: table_metadata(con, name, before.get(name)) for name in NORMALIZED}
    tables["story_clusters"]["stories"] = stories
    for name in NORMALIZED:
        yield dg.MaterializeResult(asset_key=name, metadata=tables[name])


ENTITY_TABLES = {
    name: catalog.TABLES[name] for name in ("entities", "article_entities", "entity_mentions", "entity_aliases")
}
ENTITY_TABLES["entity_runs"] = "Which article texts the NER model version has read, so builds never redo them."


@dg.multi_asset(specs=[_spec(name, ENTITIES, ["articles"], text) for name, text in ENTITY_TABLES.items()])
def entity_tables(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Named entities for articles whose text has not been read by this model version."""
    with warehouse.connect() as con:
        before = row_counts(con, GROWING & ENTITY_TABLES.keys())
        processed = stages.extract_entities(con, EntityExtractor())
        tables = {name: table_metadata(con, name, before.get(name)) for name in ENTITY_TABLES}
    context.log.info(f"NER read {processed} articles")
    tables["entity_runs"]["articles_read"] = processed
    for name in ENTITY_TABLES:
        yield dg.MaterializeResult(asset_key=name, metadata=tables[name])


@dg.asset(group_name=ENTITIES, deps=["articles", "article_entities", "entities"], kinds={"duckdb"})
def article_topics(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Articles matching the configured topics (topics.toml) by keyword, entity or rubric, with what matched.

    Keyword matching runs only for articles whose text or keyword rules changed (tracked in topic_runs).
    """
    with warehouse.connect() as con:
        matched = stages.match_topics(con, warehouse.topics_path)
        metadata = table_metadata(con, "article_topics")
    return dg.MaterializeResult(metadata={**metadata, "matches": matched})
