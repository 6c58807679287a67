-- Grain: one row per (UTC day, source, topic_kind, topic) shown on that source's rails that day. A rail item
-- carries its own rubric and category; when the warehouse holds the article it links to, it also carries that
-- article's entities and configured topics. `headlines` counts distinct headlines, `sightings` every (page,
-- position) that showed one, `best_position` the highest place any of them reached.
WITH rail_topics AS (
    SELECT page_id, headline_id, position, day, source, 'rubric' AS topic_kind, rubric AS topic
    FROM int_rail_sightings
    WHERE rubric IS NOT NULL
    UNION ALL
    SELECT page_id, headline_id, position, day, source, 'category', category
    FROM int_rail_sightings
    WHERE category IS NOT NULL
    UNION ALL
    SELECT r.page_id, r.headline_id, r.position, r.day, r.source, t.topic_kind, t.topic
    FROM int_rail_sightings AS r
    JOIN articles AS a ON a.canonical_url = r.url
    JOIN int_article_topics AS t ON t.article_id = a.article_id
    WHERE t.topic_kind IN ('entity', 'topic')
)

SELECT
    day,
    source,
    topic_kind,
    topic,
    count(DISTINCT headline_id) AS headlines,
    count(*) AS sightings,
    min(position) AS best_position
FROM rail_topics
GROUP BY day, source, topic_kind, topic
