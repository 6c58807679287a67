-- Grain: one row per (ISO week, topic_kind, topic) with at least one article; `week` is the Monday that starts it.
--   articles             articles published that week carrying the topic
--   stories              the same without same-day repeats of a story
--   week_articles        all articles published that week: the denominator of `share`
--   articles_4w_avg      mean over this and the three weeks before (missing weeks count as zero)
--   wow_change           (this week - the week before) / the week before; NULL when the week before had none
-- incremental: by week, lookback 21 days
WITH week_totals AS (
    SELECT week, count(*) AS week_articles
    FROM stg_articles
    GROUP BY week
),

topic_counts AS (
    SELECT
        CAST(date_trunc('week', day) AS DATE) AS week,
        topic_kind,
        topic,
        sum(articles) AS articles,
        sum(stories) AS stories
    FROM int_topic_day_counts
    GROUP BY ALL
)

SELECT
    c.week,
    c.topic_kind,
    c.topic,
    c.articles,
    c.stories,
    w.week_articles,
    c.articles / w.week_articles AS share,
    sum(c.articles) OVER last_4 / 4.0 AS articles_4w_avg,
    (c.articles - sum(c.articles) OVER week_before) / sum(c.articles) OVER week_before AS wow_change
FROM topic_counts AS c
JOIN week_totals AS w ON w.week = c.week
WINDOW
    last_4 AS (PARTITION BY c.topic_kind, c.topic ORDER BY c.week
        RANGE BETWEEN INTERVAL 21 DAYS PRECEDING AND CURRENT ROW),
    week_before AS (PARTITION BY c.topic_kind, c.topic ORDER BY c.week
        RANGE BETWEEN INTERVAL 7 DAYS PRECEDING AND INTERVAL 7 DAYS PRECEDING)
