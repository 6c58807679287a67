-- Grain: one row per article with a known publication time. `day` is the UTC calendar day of publication and
-- `week` the Monday of its ISO week: every mart counts an article on these. `story_id` identifies the story an
-- article tells, so syndicated copies (the same text under several URLs) can be counted once.
SELECT
    article_id,
    source,
    language,
    rubric,
    category,
    published_at,
    CAST(published_at AS DATE) AS day,
    CAST(date_trunc('week', published_at) AS DATE) AS week,
    content_hash AS story_id
FROM articles
WHERE published_at IS NOT NULL
