// People who hold a position in, or are members of, a hospital or any of its units: one page
// of them (ordered by person, then statement) and how many there are.
MATCH (h:Hospital {id: $id})
OPTIONAL MATCH (h)-[:HAS_CAMPUS|HAS_UNIT|HAS_PARTY_COMMITTEE|HAS_PARTY_BRANCH*0..3]->(x:Entity)
WITH collect(DISTINCT x) AS scope
UNWIND scope AS x
MATCH (x)<-[:ORGANISATION]-(s:Statement)-[:HOLDER|MEMBER]->(p:Person)
WITH p, s, x ORDER BY p.id, s.id
WITH collect({person: p {.*}, statement: s {.*}, organisation: x {.id, .name_zh, .name_en, .type}}) AS rows
RETURN size(rows) AS total, rows[$offset..$offset + $limit] AS items
