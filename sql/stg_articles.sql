-- Grain: one row per article with a known publication time. `day` is the UTC calendar day of publication and
-- `week` the Monday of its ISO week: every mart counts an article on these. `story_id` identifies the story an
-- article tells (its normalized text), and `is_repeat` marks an article that repeats, on the same day, a story
-- another article told first (syndicated copies), so marts can count stories once.
-- incremental: by day
SELECT
    article_id,
    source,
    language,
    rubric,
    category,
    published_at,
    CAST(published_at AS DATE) AS day,
    CAST(date_trunc('week', published_at) AS DATE) AS week,
    content_hash AS story_id,
    row_number() OVER (
        PARTITION BY content_hash, CAST(published_at AS DATE) ORDER BY published_at, article_id
    ) > 1 AS is_repeat
FROM articles
WHERE published_at IS NOT NULL
