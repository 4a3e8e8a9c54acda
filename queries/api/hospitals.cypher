// Hospitals, optionally filtered by city and province (id, Chinese or English name of the place).
MATCH (h:Hospital)
OPTIONAL MATCH (h)-[:LOCATED_IN*1..4]->(pl:Place)
WITH h, collect(DISTINCT pl) AS places
WITH h, places,
     [p IN places WHERE p.kind IN ['city', 'district', 'county']] AS cities,
     [p IN places WHERE p.kind = 'province'] AS provinces
WHERE ($city IS NULL OR any(p IN cities WHERE $city IN [p.id, p.name_zh, p.name_en] OR $city IN p.aliases))
  AND ($province IS NULL OR any(p IN provinces WHERE $province IN [p.id, p.name_zh, p.name_en] OR $province IN p.aliases))
ORDER BY h.id
WITH collect(h {.*, places: [p IN places | p {.id, .name_zh, .name_en, .kind}]}) AS rows
RETURN size(rows) AS total, rows[$offset..$offset + $limit] AS items
