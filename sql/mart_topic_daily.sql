-- Grain: one row per (day, topic_kind, topic) with at least one article. Sparse: a day without the topic has no
-- row, but every windowed measure counts such days as zero (windows are calendar ranges, not row counts).
--   articles       distinct articles published that UTC day carrying the topic
--   stories        the same without same-day repeats of a story (copies and light rewrites count once)
--   day_articles   all articles published that day, every source and topic: the denominator of `share`
--   share          articles / day_articles
--   articles_7d_avg, articles_28d_avg   calendar-window means ending on the day
--   wow_change     (last 7 days - the 7 days before) / the 7 days before; NULL when the week before had none
-- Spikes: a robust z-score of the day against the 28 days before it (zeros included):
--   spike_score = (articles - median) / max(1.4826 * MAD, 1), computed for days with at least 3 articles (the
--   count floor: below it a "spike" is noise) once the warehouse holds the 28 days before; NULL otherwise;
--   is_spike when spike_score >= 3.5 (Iglewicz and Hoaglin's outlier cut-off).
-- incremental: by day, lookback 28 days
WITH day_totals AS (
    SELECT day, count(*) AS day_articles
    FROM stg_articles
    GROUP BY day
),

first_day AS (
    SELECT min(CAST(published_at AS DATE)) AS day FROM articles
),

topic_counts AS (
    SELECT * FROM int_topic_day_counts
),

windowed AS (
    SELECT
        *,
        sum(articles) OVER last_7 AS articles_7d,
        sum(articles) OVER last_28 / 28.0 AS articles_28d_avg,
        sum(articles) OVER week_before AS articles_prev_7d
    FROM topic_counts
    WINDOW
        last_7 AS (PARTITION BY topic_key ORDER BY day
            RANGE BETWEEN INTERVAL 6 DAYS PRECEDING AND CURRENT ROW),
        last_28 AS (PARTITION BY topic_key ORDER BY day
            RANGE BETWEEN INTERVAL 27 DAYS PRECEDING AND CURRENT ROW),
        week_before AS (PARTITION BY topic_key ORDER BY day
            RANGE BETWEEN INTERVAL 13 DAYS PRECEDING AND INTERVAL 7 DAYS PRECEDING)
),

-- Only days at or above the count floor can be spikes, and they are few: their 28-day baselines come from a
-- range join instead of a list window over every row.
baselines AS (
    SELECT
        c.day,
        c.topic_key,
        list_resize(coalesce(list(p.articles) FILTER (WHERE p.articles IS NOT NULL), []), 28, 0) AS baseline
    FROM topic_counts AS c
    LEFT JOIN topic_counts AS p
        ON p.topic_key = c.topic_key AND p.day >= c.day - 28 AND p.day < c.day
    WHERE c.articles >= 3 AND c.day - 28 >= (SELECT day FROM first_day)
    GROUP BY c.day, c.topic_key
),

medians AS (
    SELECT *, list_aggregate(baseline, 'median') AS median
    FROM baselines
),

scored AS (
    SELECT
        day,
        topic_key,
        median,
        list_aggregate(list_transform(baseline, x -> abs(x - median)), 'median') AS mad
    FROM medians
)

SELECT
    w.day,
    w.topic_kind,
    w.topic,
    w.articles,
    w.stories,
    d.day_articles,
    w.articles / d.day_articles AS share,
    w.articles_7d / 7.0 AS articles_7d_avg,
    w.articles_28d_avg,
    (w.articles_7d - w.articles_prev_7d) / w.articles_prev_7d AS wow_change,
    s.median AS baseline_median,
    s.mad AS baseline_mad,
    (w.articles - s.median) / greatest(1.4826 * s.mad, 1.0) AS spike_score,
    coalesce((w.articles - s.median) / greatest(1.4826 * s.mad, 1.0) >= 3.5, false) AS is_spike
FROM windowed AS w
JOIN day_totals AS d ON d.day = w.day
LEFT JOIN scored AS s ON s.day = w.day AND s.topic_key = w.topic_key
