-- Grain: one row per (article, topic_kind, topic), unique. Every way an article can be "about" something, in one
-- shape: its rubric as printed (`rubric`), its normalized category (`category`), each entity it mentions under
-- the entity's canonical name (`entity`; two entities of different types sharing a name count once), each
-- configured topic it matches (`topic`).
-- Each kind starts from stg_articles, so a partial build (stg_articles cut to a few days) joins only those days'
-- articles to the millions of entity mentions instead of deduplicating all of them first.
-- incremental: by day
WITH dated AS (
    SELECT article_id, source, day, is_repeat, rubric
    FROM stg_articles
),

rubric_topics AS (
    SELECT article_id, source, day, is_repeat, 'rubric' AS topic_kind, rubric AS topic
    FROM dated
    WHERE rubric IS NOT NULL
),

category_topics AS (
    SELECT a.article_id, a.source, a.day, a.is_repeat, 'category' AS topic_kind, c.category AS topic
    FROM dated AS a
    JOIN article_categories AS c ON c.article_id = a.article_id
),

entity_topics AS (
    SELECT DISTINCT a.article_id, a.source, a.day, a.is_repeat, 'entity' AS topic_kind, e.canonical AS topic
    FROM dated AS a
    JOIN article_entities AS ae ON ae.article_id = a.article_id
    JOIN entities AS e ON e.entity_id = ae.entity_id
),

configured_topics AS (
    SELECT a.article_id, a.source, a.day, a.is_repeat, 'topic' AS topic_kind, t.topic
    FROM dated AS a
    JOIN article_topics AS t ON t.article_id = a.article_id
)

SELECT * FROM rubric_topics
UNION ALL SELECT * FROM category_topics
UNION ALL SELECT * FROM entity_topics
UNION ALL SELECT * FROM configured_topics
