-- Grain: one row per (day, source, topic_kind, topic) with at least one article, to compare outlets.
--   share divides by all articles that source published that day (`source_day_articles`), so an outlet that
--   publishes little is not drowned by one that publishes a lot.
-- incremental: by day, lookback 6 days
WITH source_days AS (
    SELECT day, source, count(*) AS source_day_articles
    FROM stg_articles
    GROUP BY day, source
),

topic_counts AS (
    SELECT day, source, topic_kind, topic, hash(source, topic_kind, topic) AS series_key, count(*) AS articles
    FROM int_article_topics
    GROUP BY day, source, topic_kind, topic
)

SELECT
    c.day,
    c.source,
    c.topic_kind,
    c.topic,
    c.articles,
    s.source_day_articles,
    c.articles / s.source_day_articles AS share,
    sum(c.articles) OVER (
        PARTITION BY c.series_key ORDER BY c.day
        RANGE BETWEEN INTERVAL 6 DAYS PRECEDING AND CURRENT ROW
    ) / 7.0 AS articles_7d_avg
FROM topic_counts AS c
JOIN source_days AS s ON s.day = c.day AND s.source = c.source
