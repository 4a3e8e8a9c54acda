// Hospitals, optionally filtered by places (the ids the name resolver gave for city, district, province), one page in id order: unfiltered from the Hospital id index and the count store, filtered from the named places back to their hospitals; each place with the source of the link that reaches it, inferred when any link on the way is.
CALL () {
  WITH 1 AS unfiltered WHERE $city_ids IS NULL AND $district_ids IS NULL AND $province_ids IS NULL
  CALL () {
    MATCH (h:Hospital) WHERE h.id IS NOT NULL
    WITH h ORDER BY h.id SKIP $offset LIMIT $limit
    RETURN collect(h) AS page
  }
  RETURN COUNT { (:Hospital) } AS total, page
  UNION ALL
  WITH 1 AS filtered WHERE $city_ids IS NOT NULL OR $district_ids IS NOT NULL OR $province_ids IS NOT NULL
  CALL () {
    OPTIONAL MATCH (c:Place) WHERE c.id IN coalesce($city_ids, []) AND c.kind IN ['city', 'district', 'county']
    WITH collect(c) AS cities
    OPTIONAL MATCH (d:Place) WHERE d.id IN coalesce($district_ids, []) AND d.kind IN ['district', 'county']
    WITH cities, collect(d) AS districts
    OPTIONAL MATCH (p:Place) WHERE p.id IN coalesce($province_ids, []) AND p.kind = 'province'
    RETURN cities, districts, collect(p) AS provinces
  }
  CALL (cities, districts, provinces) {
    UNWIND (CASE WHEN $city_ids IS NOT NULL THEN cities WHEN $district_ids IS NOT NULL THEN districts ELSE provinces END) AS anchor
    MATCH (h:Hospital)-[:LOCATED_IN*1..5]->(anchor)
    WITH DISTINCT h
    WHERE ($city_ids IS NULL OR EXISTS { (h)-[:LOCATED_IN*1..5]->(x) WHERE x IN cities })
      AND ($district_ids IS NULL OR EXISTS { (h)-[:LOCATED_IN*1..5]->(x) WHERE x IN districts })
      AND ($province_ids IS NULL OR EXISTS { (h)-[:LOCATED_IN*1..5]->(x) WHERE x IN provinces })
    WITH h ORDER BY h.id
    RETURN collect(h) AS hs
  }
  RETURN size(hs) AS total, hs[$offset..$offset + $limit] AS page
}
RETURN total, [h IN page | h {.*, places: COLLECT {
  MATCH path = (h)-[:LOCATED_IN*1..5]->(p:Place)
  // A place reached through an inferred link (单县 read from the hospital's name, then 菏泽市 and
  // 山东省 from the dataset) is inferred too, from what the first guess was.
  WITH p, last(relationships(path)) AS link, [r IN relationships(path) WHERE r.inferred][0] AS guess ORDER BY length(path), p.id
  RETURN p {.id, .name_zh, .name_en, .kind,
            source: CASE WHEN link.dataset IS NOT NULL
                         THEN {dataset: link.dataset, version: link.dataset_version, record: link.dataset_record}
                         ELSE {articles: link.articles, quotes: link.quotes} END,
            inferred: guess IS NOT NULL, inferred_from: guess.inferred_from}
}}] AS items
