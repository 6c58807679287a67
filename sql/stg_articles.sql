-- Grain: one row per article with a known publication time. `day` is the UTC calendar day of publication and
-- `week` the Monday of its ISO week: every mart counts an article on these. `story_id` identifies the story an
-- article tells: its near-duplicate cluster in story_clusters (same text or a light rewrite, under any URL), or
-- the article itself until the clustering has seen it. `is_repeat` marks an article that repeats, on the same
-- day, a story another article told first (syndicated copies), so marts can count stories once.
-- incremental: by day, narrow articles on published_at
WITH dated AS (
    SELECT
        a.article_id,
        a.source,
        a.language,
        a.rubric,
        a.category,
        a.published_at,
        CAST(a.published_at AS DATE) AS day,
        coalesce(s.story_id, a.article_id) AS story_id
    FROM articles AS a
    LEFT JOIN story_clusters AS s ON s.article_id = a.article_id
    WHERE a.published_at IS NOT NULL
)

SELECT
    article_id,
    source,
    language,
    rubric,
    category,
    published_at,
    day,
    CAST(date_trunc('week', published_at) AS DATE) AS week,
    story_id,
    row_number() OVER (PARTITION BY story_id, day ORDER BY published_at, article_id) > 1 AS is_repeat
FROM dated
