-- Grain: one row per article with a known publication time. `day` is the UTC calendar day of publication, the
-- day every daily mart counts the article on.
SELECT
    article_id,
    source,
    language,
    rubric,
    category,
    published_at,
    CAST(published_at AS DATE) AS day
FROM articles
WHERE published_at IS NOT NULL
