-- Grain: one row per (day, topic_kind, topic) for EVERY day from the first to the last publication day in the
-- warehouse, zeros included: continuous lines for dashboards. Dense for the small topic kinds only (rubric,
-- category, configured topic); entities stay in the sparse mart_topic_daily, where thousands of rare names
-- would otherwise multiply into millions of zero rows.
WITH calendar AS (
    SELECT CAST(range AS DATE) AS day
    FROM range(
        (SELECT min(day) FROM stg_articles),
        (SELECT max(day) FROM stg_articles) + INTERVAL 1 DAY,
        INTERVAL 1 DAY
    )
),

day_totals AS (
    SELECT day, count(*) AS day_articles
    FROM stg_articles
    GROUP BY day
),

topic_counts AS (
    SELECT day, topic_kind, topic, articles
    FROM int_topic_day_counts
    WHERE topic_kind IN ('rubric', 'category', 'topic')
),

topics AS (
    SELECT DISTINCT topic_kind, topic
    FROM topic_counts
),

grid AS (
    SELECT
        c.day,
        t.topic_kind,
        t.topic,
        coalesce(n.articles, 0) AS articles,
        coalesce(d.day_articles, 0) AS day_articles
    FROM calendar AS c
    CROSS JOIN topics AS t
    LEFT JOIN topic_counts AS n ON n.day = c.day AND n.topic_kind = t.topic_kind AND n.topic = t.topic
    LEFT JOIN day_totals AS d ON d.day = c.day
)

SELECT
    day,
    topic_kind,
    topic,
    articles,
    day_articles,
    coalesce(articles / nullif(day_articles, 0), 0) AS share,
    avg(articles) OVER (PARTITION BY topic_kind, topic ORDER BY day ROWS BETWEEN 6 PRECEDING AND CURRENT ROW)
        AS articles_7d_avg
FROM grid
