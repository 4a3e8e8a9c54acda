// For entities a load would delete: one fact of a fact file outside the load that still uses each (statement role or structural link), the first by file and fact id so that the answer does not depend on storage order.
UNWIND $ids AS id
MATCH (e:Entity {id: id})
CALL (e) {
  MATCH (e)<--(s:Statement) WHERE NOT s.origin IN $origins
  RETURN s.origin AS origin, s.id AS fact ORDER BY origin, fact LIMIT 1
  UNION
  MATCH (e)-[r]-(:Entity) WHERE r.fact_id IS NOT NULL AND NOT r.origin IN $origins
  RETURN r.origin AS origin, r.fact_id AS fact ORDER BY origin, fact LIMIT 1
}
RETURN id, origin, fact
