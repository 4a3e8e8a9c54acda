// Hospitals, optionally filtered by city and province (id, Chinese or English name or alias of the place), one page in id order: unfiltered from the Hospital id index and the count store, filtered from the matching places back to their hospitals.
CALL () {
  WITH 1 AS unfiltered WHERE $city IS NULL AND $province IS NULL
  CALL () {
    MATCH (h:Hospital) WHERE h.id IS NOT NULL
    WITH h ORDER BY h.id SKIP $offset LIMIT $limit
    RETURN collect(h) AS page
  }
  RETURN COUNT { (:Hospital) } AS total, page
  UNION ALL
  WITH 1 AS filtered WHERE $city IS NOT NULL OR $province IS NOT NULL
  CALL () {
    // The places a filter names: by id or name through their indexes, by alias through the full-text index.
    UNWIND [['city', $city], ['province', $province]] AS f
    WITH f[0] AS level, f[1] AS name WHERE name IS NOT NULL
    CALL (name) {
      MATCH (x:Place {id: name}) RETURN x
      UNION
      MATCH (x:Place {name_zh: name}) RETURN x
      UNION
      MATCH (x:Place {name_en: name}) RETURN x
      UNION
      CALL db.index.fulltext.queryNodes('entity_names_zh', 'search_zh:"' + replace(replace(name, '\\', '\\\\'), '"', '\\"') + '"')
        YIELD node AS x RETURN x
      UNION
      CALL db.index.fulltext.queryNodes('entity_names_en', 'search_en:"' + replace(replace(name, '\\', '\\\\'), '"', '\\"') + '"')
        YIELD node AS x RETURN x
    }
    WITH level, name, x
    WHERE x:Place AND (name IN [x.id, x.name_zh, x.name_en] OR name IN x.aliases)
      AND CASE level WHEN 'city' THEN x.kind IN ['city', 'district', 'county'] ELSE x.kind = 'province' END
    RETURN collect(CASE WHEN level = 'city' THEN x END) AS cities, collect(CASE WHEN level = 'province' THEN x END) AS provinces
  }
  CALL (cities, provinces) {
    UNWIND (CASE WHEN $city IS NOT NULL THEN cities ELSE provinces END) AS anchor
    MATCH (h:Hospital)-[:LOCATED_IN*1..4]->(anchor)
    WITH DISTINCT h
    WHERE ($city IS NULL OR EXISTS { (h)-[:LOCATED_IN*1..4]->(x) WHERE x IN cities })
      AND ($province IS NULL OR EXISTS { (h)-[:LOCATED_IN*1..4]->(x) WHERE x IN provinces })
    WITH h ORDER BY h.id
    RETURN collect(h) AS hs
  }
  RETURN size(hs) AS total, hs[$offset..$offset + $limit] AS page
}
RETURN total, [h IN page | h {.*, places: COLLECT { MATCH (h)-[:LOCATED_IN*1..4]->(p:Place) RETURN DISTINCT p {.id, .name_zh, .name_en, .kind} }}] AS items
