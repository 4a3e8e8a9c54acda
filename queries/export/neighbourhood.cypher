// An entity's neighbourhood for the RDF export: the entity, its structural relationships and their other ends, the statements it takes part in with their participants and cited articles.
MATCH (c:Entity {id: $id})
CALL (c) {
  OPTIONAL MATCH (c)-[r]-(o:Entity) WHERE r.fact_id IS NOT NULL
  RETURN collect(DISTINCT r) AS links, collect(DISTINCT o) AS linked
}
CALL (c) {
  OPTIONAL MATCH (st:Statement)-->(c)
  RETURN collect(DISTINCT st) AS sts
}
CALL (sts) {
  UNWIND sts AS st
  MATCH (st)-[r]->(x)
  RETURN collect(DISTINCT r) AS roles, collect(DISTINCT x) AS ends
}
WITH [c] + linked + sts + ends AS ns, links + roles AS rs
// Nodes by id, relationships by their ends and type: never the store's order.
CALL (ns) {
  UNWIND ns AS n
  WITH DISTINCT n ORDER BY n.id
  RETURN collect(n) AS sorted_ns
}
CALL (rs) {
  UNWIND rs AS r
  WITH r ORDER BY startNode(r).id, type(r), endNode(r).id, r.fact_id
  RETURN collect(r) AS sorted_rs
}
WITH sorted_ns AS ns, sorted_rs AS rs
RETURN [n IN ns | {id: n.id, labels: labels(n), props: properties(n)}] AS nodes,
       [r IN rs | {source: startNode(r).id, target: endNode(r).id, type: type(r), props: properties(r)}] AS rels
