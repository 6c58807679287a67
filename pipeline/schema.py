"""The warehouse schema, in one place, as forward migrations.

Times are TIMESTAMP in UTC (the original UTC offset is kept beside the publication time in minutes), so a day is the
same day whatever the session's time zone. Lists are DuckDB lists, not joined strings.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE TABLE sources (
            source VARCHAR PRIMARY KEY,
            start_urls VARCHAR[] NOT NULL,
            rate_limit DOUBLE NOT NULL
        );
        CREATE TABLE fetch_log (
            source VARCHAR,
            kind VARCHAR NOT NULL,
            url VARCHAR NOT NULL,
            final_url VARCHAR,
            status INTEGER,
            error VARCHAR,
            attempt INTEGER NOT NULL,
            bytes BIGINT NOT NULL,
            elapsed_ms DOUBLE NOT NULL,
            fetched_at TIMESTAMP NOT NULL,
            content_type VARCHAR,
            -- where the response of this attempt sits in the WARC archive: the archive's index
            warc_file VARCHAR,
            warc_offset BIGINT,
            -- validators of feeds and sitemaps, sent back on the next run as a conditional GET
            etag VARCHAR,
            last_modified VARCHAR
        );
        CREATE TABLE pages (
            page_id VARCHAR PRIMARY KEY,
            source VARCHAR NOT NULL,
            url VARCHAR NOT NULL,
            canonical_url VARCHAR NOT NULL,
            final_url VARCHAR NOT NULL,
            status INTEGER NOT NULL,
            content_type VARCHAR,
            fetched_at TIMESTAMP NOT NULL,
            warc_file VARCHAR NOT NULL,
            warc_offset BIGINT NOT NULL
        );
        CREATE TABLE parsed_articles (
            page_id VARCHAR PRIMARY KEY,
            parser_version VARCHAR NOT NULL,
            url VARCHAR,
            canonical_url VARCHAR,
            title VARCHAR,
            lead VARCHAR,
            body VARCHAR,
            published_at TIMESTAMP,
            published_offset_minutes INTEGER,
            updated_at TIMESTAMP,
            authors VARCHAR[] NOT NULL,
            rubric VARCHAR,
            tags VARCHAR[] NOT NULL,
            language VARCHAR
        );
        CREATE TABLE parsed_headlines (
            page_id VARCHAR NOT NULL,
            position INTEGER NOT NULL,
            title VARCHAR NOT NULL,
            url VARCHAR,
            rubric VARCHAR,
            PRIMARY KEY (page_id, position)
        );
        CREATE TABLE parse_errors (
            page_id VARCHAR PRIMARY KEY,
            source VARCHAR,
            url VARCHAR NOT NULL,
            parser_version VARCHAR NOT NULL,
            error VARCHAR NOT NULL
        );
        CREATE TABLE articles (
            article_id VARCHAR PRIMARY KEY,
            source VARCHAR NOT NULL,
            url VARCHAR NOT NULL,
            canonical_url VARCHAR NOT NULL,
            title VARCHAR,
            lead VARCHAR,
            body VARCHAR,
            published_at TIMESTAMP,
            published_offset_minutes INTEGER,
            updated_at TIMESTAMP,
            language VARCHAR,
            rubric VARCHAR,
            category VARCHAR,
            authors VARCHAR[] NOT NULL,
            tags VARCHAR[] NOT NULL,
            content_hash VARCHAR NOT NULL,
            first_seen TIMESTAMP NOT NULL,
            last_seen TIMESTAMP NOT NULL,
            parser_version VARCHAR
        );
        CREATE TABLE categories (
            category VARCHAR PRIMARY KEY,
            label VARCHAR NOT NULL,
            rubrics VARCHAR[] NOT NULL
        );
        CREATE TABLE article_categories (
            article_id VARCHAR NOT NULL,
            category VARCHAR NOT NULL,
            PRIMARY KEY (article_id, category)
        );
        CREATE TABLE unknown_rubrics (
            rubric VARCHAR PRIMARY KEY,
            articles BIGINT NOT NULL,
            headlines BIGINT NOT NULL
        );
        CREATE TABLE headlines (
            headline_id VARCHAR PRIMARY KEY,
            source VARCHAR NOT NULL,
            url VARCHAR,
            title VARCHAR NOT NULL,
            rubric VARCHAR,
            category VARCHAR,
            first_seen TIMESTAMP NOT NULL,
            last_seen TIMESTAMP NOT NULL,
            times_seen BIGINT NOT NULL
        );
        CREATE TABLE headline_sightings (
            page_id VARCHAR NOT NULL,
            headline_id VARCHAR NOT NULL,
            position INTEGER NOT NULL,
            seen_at TIMESTAMP NOT NULL,
            PRIMARY KEY (page_id, position)
        );
        CREATE TABLE entities (
            entity_id VARCHAR PRIMARY KEY,
            canonical VARCHAR NOT NULL,
            type VARCHAR NOT NULL
        );
        CREATE TABLE entity_aliases (
            entity_id VARCHAR NOT NULL,
            alias VARCHAR NOT NULL,
            mentions BIGINT NOT NULL,
            PRIMARY KEY (entity_id, alias)
        );
        CREATE TABLE article_entities (
            article_id VARCHAR NOT NULL,
            entity_id VARCHAR NOT NULL,
            mentions INTEGER NOT NULL,
            first_offset INTEGER NOT NULL,
            in_title BOOLEAN NOT NULL,
            PRIMARY KEY (article_id, entity_id)
        );
        CREATE TABLE entity_mentions (
            article_id VARCHAR NOT NULL,
            entity_id VARCHAR NOT NULL,
            start_offset INTEGER NOT NULL,
            end_offset INTEGER NOT NULL,
            text VARCHAR NOT NULL,
            lemma VARCHAR NOT NULL,
            in_title BOOLEAN NOT NULL,
            PRIMARY KEY (article_id, start_offset)
        );
        CREATE TABLE entity_runs (
            article_id VARCHAR PRIMARY KEY,
            content_hash VARCHAR NOT NULL,
            model_version VARCHAR NOT NULL
        );
        CREATE TABLE import_errors (
            file VARCHAR NOT NULL,
            record BIGINT NOT NULL,
            error VARCHAR NOT NULL,
            imported_at TIMESTAMP NOT NULL,
            PRIMARY KEY (file, record)
        );
        -- MinHash of each article's current text (word 3-shingles), kept so only new or changed texts are hashed
        CREATE TABLE article_signatures (
            article_id VARCHAR PRIMARY KEY,
            content_hash VARCHAR NOT NULL,
            method VARCHAR NOT NULL,
            minhash UINTEGER[32]
        );
        -- One row per article: the story it tells. story_id is the article_id of the cluster's earliest article;
        -- duplicate is 'original', 'same_text' (same content_hash as an earlier member) or 'near' (rewritten copy)
        CREATE TABLE story_clusters (
            article_id VARCHAR PRIMARY KEY,
            story_id VARCHAR NOT NULL,
            duplicate VARCHAR NOT NULL,
            similarity DOUBLE NOT NULL
        );
        CREATE TABLE article_topics (
            article_id VARCHAR NOT NULL,
            topic VARCHAR NOT NULL,
            matched_by VARCHAR[] NOT NULL,
            PRIMARY KEY (article_id, topic)
        );
        """,
    ),
    (
        2,
        """
        CREATE TABLE topic_rules (
            topic VARCHAR NOT NULL,
            rule_kind VARCHAR NOT NULL,
            value VARCHAR NOT NULL,
            match_key VARCHAR NOT NULL,
            PRIMARY KEY (topic, rule_kind, value)
        );
        CREATE TABLE article_keyword_matches (
            article_id VARCHAR NOT NULL,
            topic VARCHAR NOT NULL,
            keyword VARCHAR NOT NULL,
            PRIMARY KEY (article_id, topic, keyword)
        );
        CREATE TABLE topic_runs (
            article_id VARCHAR PRIMARY KEY,
            content_hash VARCHAR NOT NULL,
            rules_version VARCHAR NOT NULL
        );
        """,
    ),
    (
        3,
        """
        ALTER TABLE parsed_articles ADD COLUMN access VARCHAR;
        ALTER TABLE parse_errors ADD COLUMN access VARCHAR;
        """,
    ),
]

LATEST_VERSION = MIGRATIONS[-1][0]

# The columns of `articles`, in table order: normalization produces exactly these.
ARTICLE_COLUMNS = (
    "article_id",
    "source",
    "url",
    "canonical_url",
    "title",
    "lead",
    "body",
    "published_at",
    "published_offset_minutes",
    "updated_at",
    "language",
    "rubric",
    "category",
    "authors",
    "tags",
    "content_hash",
    "first_seen",
    "last_seen",
    "parser_version",
)
