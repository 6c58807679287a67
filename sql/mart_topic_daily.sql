-- Grain: one row per (day, topic_kind, topic) with at least one article (sparse: days without the topic have no
-- row). `articles` counts distinct articles published that UTC day carrying the topic; `share` divides it by all
-- articles published that day (`day_articles`, every source). `articles_7d_avg` and `articles_28d_avg` are
-- calendar-window means (missing days count as zero).
WITH day_totals AS (
    SELECT day, count(DISTINCT article_id) AS day_articles
    FROM stg_articles
    GROUP BY day
),

topic_counts AS (
    SELECT day, topic_kind, topic, count(DISTINCT article_id) AS articles
    FROM int_article_topics
    GROUP BY day, topic_kind, topic
)

SELECT
    c.day,
    c.topic_kind,
    c.topic,
    c.articles,
    d.day_articles,
    c.articles / d.day_articles AS share,
    sum(c.articles) OVER (
        PARTITION BY c.topic_kind, c.topic ORDER BY c.day
        RANGE BETWEEN INTERVAL 6 DAYS PRECEDING AND CURRENT ROW
    ) / 7.0 AS articles_7d_avg,
    sum(c.articles) OVER (
        PARTITION BY c.topic_kind, c.topic ORDER BY c.day
        RANGE BETWEEN INTERVAL 27 DAYS PRECEDING AND CURRENT ROW
    ) / 28.0 AS articles_28d_avg
FROM topic_counts AS c
JOIN day_totals AS d ON d.day = c.day
ORDER BY c.day, c.topic_kind, c.articles DESC, c.topic
