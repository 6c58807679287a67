-- Grain: one row per headline shown on a fetched page's rail (page, position). The UTC day and time the rail
-- was seen (the fetch time: a rail shows what the editors push when the page is fetched, not when the article
-- under it was written), and the headline's own rubric and category.
SELECT
    s.page_id,
    s.headline_id,
    s.position,
    s.seen_at,
    CAST(s.seen_at AS DATE) AS day,
    h.source,
    h.url,
    h.title,
    h.rubric,
    h.category
FROM headline_sightings AS s
JOIN headlines AS h ON h.headline_id = s.headline_id
