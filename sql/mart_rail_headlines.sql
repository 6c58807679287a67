-- Grain: one row per distinct headline a source's rail showed. `hours_on_rail` spans the first to the last fetch
-- that showed it (a lower bound of its time on the rail: it was there at least that long); `fetches` counts the
-- pages whose rail showed it; `best_position` is its highest place (1 = top). `article_id` links to the article
-- when the warehouse holds it.
SELECT
    r.source,
    r.headline_id,
    any_value(r.title) AS title,
    any_value(r.rubric) AS rubric,
    any_value(r.category) AS category,
    any_value(a.article_id) AS article_id,
    min(r.seen_at) AS first_seen,
    max(r.seen_at) AS last_seen,
    date_diff('second', min(r.seen_at), max(r.seen_at)) / 3600.0 AS hours_on_rail,
    count(DISTINCT r.page_id) AS fetches,
    min(r.position) AS best_position,
    avg(r.position) AS avg_position
FROM int_rail_sightings AS r
LEFT JOIN articles AS a ON a.canonical_url = r.url
GROUP BY r.source, r.headline_id
ORDER BY fetches DESC, best_position, r.source, r.headline_id
