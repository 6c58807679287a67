"""The DuckDB warehouse: opening it at the current schema, and each stage's load as one transaction.

Call sites use `from pipeline import warehouse` and `warehouse.<function>`; the modules split the loads by stage.
"""

from pipeline.warehouse.articles import refresh_unknown_rubrics, save_normalized, upsert_articles
from pipeline.warehouse.core import (
    CORE_TABLES,
    LOCK_WAIT_ENV,
    WarehouseError,
    connect,
    delete_for,
    insert_frame,
    merge_frame,
    migrate,
    retrying,
    table_counts,
    transaction,
    utc_naive,
    writing,
)
from pipeline.warehouse.crawl import (
    FETCH_LOG_SCHEMA,
    PAGES_SCHEMA,
    archived_documents,
    known_pages,
    pages_to_parse,
    save_crawl,
)
from pipeline.warehouse.entities import (
    articles_without_entities,
    known_entity_aliases,
    save_entities,
)
from pipeline.warehouse.imports import Staging, load_staged, stage_chunk, staging
from pipeline.warehouse.parse import parsed_articles_frame, parsed_headlines_frame, save_parsed
from pipeline.warehouse.stories import article_signatures, save_stories, texts_without_signature
from pipeline.warehouse.topics import (
    SQL_MATCHING_KEY,
    articles_without_topic_run,
    rebuild_article_topics,
    save_keyword_matches,
)

__all__ = [
    "CORE_TABLES",
    "FETCH_LOG_SCHEMA",
    "LOCK_WAIT_ENV",
    "PAGES_SCHEMA",
    "SQL_MATCHING_KEY",
    "Staging",
    "WarehouseError",
    "archived_documents",
    "article_signatures",
    "articles_without_entities",
    "articles_without_topic_run",
    "connect",
    "delete_for",
    "insert_frame",
    "known_entity_aliases",
    "known_pages",
    "load_staged",
    "merge_frame",
    "migrate",
    "pages_to_parse",
    "parsed_articles_frame",
    "parsed_headlines_frame",
    "rebuild_article_topics",
    "refresh_unknown_rubrics",
    "retrying",
    "save_crawl",
    "save_entities",
    "save_keyword_matches",
    "save_normalized",
    "save_parsed",
    "save_stories",
    "stage_chunk",
    "staging",
    "table_counts",
    "texts_without_signature",
    "transaction",
    "upsert_articles",
    "utc_naive",
    "writing",
]
