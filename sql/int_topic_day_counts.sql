-- Grain: one row per (day, topic_kind, topic) with at least one article: the counts every topic mart builds on.
--   articles   articles published that UTC day carrying the topic
--   stories    the same without same-day repeats of a story (see stg_articles.is_repeat)
--   topic_key  a hash of (topic_kind, topic): windows and joins over millions of rows sort a number, not strings
-- incremental: by day
SELECT
    day,
    topic_kind,
    topic,
    hash(topic_kind, topic) AS topic_key,
    count(*) AS articles,
    count(*) FILTER (WHERE NOT is_repeat) AS stories
FROM int_article_topics
GROUP BY day, topic_kind, topic
