-- Grain: one row per (day, topic_kind, topic) flagged as a spike in mart_topic_daily, strongest first: the days
-- a topic was covered far more than in the four weeks before (method documented in mart_topic_daily).
SELECT
    day,
    topic_kind,
    topic,
    articles,
    baseline_median,
    baseline_mad,
    spike_score,
    share
FROM mart_topic_daily
WHERE is_spike
ORDER BY day DESC, spike_score DESC, topic
