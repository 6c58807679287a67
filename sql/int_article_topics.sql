-- Grain: one row per (article, topic_kind, topic), unique. Every way an article can be "about" something, in one
-- shape: its rubric as printed (`rubric`), its normalized category (`category`), each entity it mentions under
-- the entity's canonical name (`entity`; two entities of different types sharing a name count once), each
-- configured topic it matches (`topic`).
-- incremental: by day
WITH rubric_topics AS (
    SELECT article_id, 'rubric' AS topic_kind, rubric AS topic
    FROM stg_articles
    WHERE rubric IS NOT NULL
),

category_topics AS (
    SELECT article_id, 'category' AS topic_kind, category AS topic
    FROM article_categories
),

entity_topics AS (
    SELECT DISTINCT ae.article_id, 'entity' AS topic_kind, e.canonical AS topic
    FROM article_entities AS ae
    JOIN entities AS e ON e.entity_id = ae.entity_id
),

configured_topics AS (
    SELECT article_id, 'topic' AS topic_kind, topic
    FROM article_topics
),

all_topics AS (
    SELECT * FROM rubric_topics
    UNION ALL SELECT * FROM category_topics
    UNION ALL SELECT * FROM entity_topics
    UNION ALL SELECT * FROM configured_topics
)

SELECT
    a.article_id,
    a.source,
    a.day,
    a.is_repeat,
    t.topic_kind,
    t.topic
FROM all_topics AS t
JOIN stg_articles AS a ON a.article_id = t.article_id
