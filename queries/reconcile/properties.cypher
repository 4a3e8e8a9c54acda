// Reconciliation properties of entities by id: places up the LOCATED_IN chain, grade, level, honours to it and its units and people, leaders, roles held.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
CALL (n) {
  // Nearest first, then by id; every list here in one order, never the store's.
  OPTIONAL MATCH path = (n)-[:LOCATED_IN*1..5]->(pl:Place)
  WITH pl, min(length(path)) AS d ORDER BY d, pl.id
  RETURN collect(pl {.id, .name_zh, .name_en, .kind}) AS places
}
CALL (n) {
  // A hospital's grade in the national grading (一级..三级, 甲乙丙等) is a qualification it is designated as.
  OPTIONAL MATCH (n)<-[:HOLDER]-(:Designation)-[:PROGRAMME]->(g:Programme)
  WHERE g.name_zh =~ '[一二三]级[特甲乙丙]等'
  WITH DISTINCT g ORDER BY g.id
  RETURN collect(g {.id, .name_zh, .name_en}) AS grades
}
CALL (n) {
  OPTIONAL MATCH (n)-[:HAS_CAMPUS|HAS_UNIT|HAS_PARTY_COMMITTEE|HAS_PARTY_BRANCH|HAS_BRAND*0..3]->(x:Entity)
  WITH collect(DISTINCT x) AS scope
  CALL (scope) {
    UNWIND scope AS x
    OPTIONAL MATCH (x)<-[:ORGANISATION]-(:Statement)-[:HOLDER|MEMBER]->(p:Person)
    RETURN collect(DISTINCT p) AS people
  }
  UNWIND scope + people AS r
  // Every recognition, as in the hospital's honours history (/hospitals/{id}/honours).
  OPTIONAL MATCH (c:HonourConferral|Designation)-[:RECIPIENT|HOLDER]->(r)
  RETURN count(DISTINCT c) AS honours
}
CALL (n) {
  OPTIONAL MATCH (n)-[:HAS_PARTY_COMMITTEE*0..1]->(:Entity)<-[:ORGANISATION]-(t:Tenure)-[:HOLDER]->(p:Person)
  WITH p, t ORDER BY p.id, t.role
  RETURN collect(DISTINCT p {.id, .name_zh, .name_en, role: t.role}) AS leaders
}
CALL (n) {
  OPTIONAL MATCH (n)<-[:HOLDER]-(t:Tenure)
  WITH t ORDER BY t.role, t.role_en
  RETURN [r IN collect(DISTINCT t.role) + collect(DISTINCT t.role_en) WHERE r IS NOT NULL] AS roles
}
RETURN n.id AS id, n.type AS type, n.name_zh AS name_zh, n.name_en AS name_en, n.kind AS kind, n.level AS level,
       places, grades, honours, leaders, roles
