-- Grain: one row per (ISO week, topic_kind, topic) with at least one article. `week` is the Monday that starts
-- the ISO week; `share` divides the topic's distinct articles by all articles published that week.
WITH weekly_articles AS (
    SELECT article_id, date_trunc('week', day) AS week
    FROM stg_articles
),

week_totals AS (
    SELECT week, count(DISTINCT article_id) AS week_articles
    FROM weekly_articles
    GROUP BY week
),

topic_counts AS (
    SELECT date_trunc('week', day) AS week, topic_kind, topic, count(DISTINCT article_id) AS articles
    FROM int_article_topics
    GROUP BY ALL
)

SELECT
    CAST(c.week AS DATE) AS week,
    c.topic_kind,
    c.topic,
    c.articles,
    w.week_articles,
    c.articles / w.week_articles AS share
FROM topic_counts AS c
JOIN week_totals AS w ON w.week = c.week
ORDER BY c.week, c.topic_kind, c.articles DESC, c.topic
