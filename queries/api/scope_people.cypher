// People who hold a position in, or are members of, a hospital or any of its units.
MATCH (h:Hospital {id: $id})
OPTIONAL MATCH (h)-[:HAS_CAMPUS|HAS_UNIT|HAS_PARTY_COMMITTEE|HAS_PARTY_BRANCH*0..3]->(x:Entity)
WITH collect(DISTINCT x) AS scope
UNWIND scope AS x
MATCH (x)<-[:ORGANISATION]-(s:Statement)-[:HOLDER|MEMBER]->(p:Person)
RETURN p {.*} AS person, s {.*} AS statement, x {.id, .name_zh, .name_en, .type} AS organisation
ORDER BY p.id, s.id
