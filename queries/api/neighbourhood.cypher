// Nodes within $depth (1..3) hops of an entity (articles excluded: every fact cites one), at most $max_nodes besides it, and the relationships among them, as graph JSON parts; statements carry their participants (to be labelled by what they say) and the answer says how many nodes there were before the cap.
// Level by level (nearest first, so the cap keeps the closest): each node is expanded once however many paths lead to it, and a level past $depth is never expanded.
// Within a level by id (never the store's order, which changes after a reload and would change what the cap keeps); edges by id, participants by entity id then role.
MATCH (start:Entity {id: $id})
OPTIONAL MATCH (start)--(a) WHERE NOT a:Article AND a <> start
WITH start, a ORDER BY a.id
WITH start, collect(DISTINCT a) AS l1
CALL (start, l1) {
  WITH start, l1 WHERE $depth >= 2
  UNWIND l1 AS x
  MATCH (x)--(b) WHERE NOT b:Article AND b <> start
  WITH b ORDER BY b.id
  RETURN collect(DISTINCT b) AS near2
}
WITH start, l1, [b IN near2 WHERE NOT b IN l1] AS l2
CALL (start, l2) {
  WITH start, l2 WHERE $depth >= 3
  UNWIND l2 AS x
  MATCH (x)--(c) WHERE NOT c:Article AND c <> start
  WITH c ORDER BY c.id
  RETURN collect(DISTINCT c) AS near3
}
WITH start, l1, l2, [c IN near3 WHERE NOT c IN l1 AND NOT c IN l2] AS l3
WITH start, l1 + l2 + l3 AS reached
WITH [start] + reached[..$max_nodes] AS ns, size(reached) + 1 AS total_nodes
UNWIND ns AS a
OPTIONAL MATCH (a)-[r]->(b) WHERE b IN ns
WITH ns, total_nodes, r ORDER BY coalesce(r.fact_id, startNode(r).id + '|' + type(r) + '|' + endNode(r).id)
WITH ns, total_nodes, collect(DISTINCT r) AS rs
RETURN total_nodes,
       [x IN ns | {id: x.id, labels: labels(x), properties: x {.*},
                   participants: CASE WHEN x:Statement
                     THEN COLLECT { MATCH (x)-[pr]->(q:Entity)
                                    RETURN {role: type(pr), entity: q {.id, .name_zh, .name_en, .type}} ORDER BY q.id, type(pr) }
                     ELSE [] END}] AS nodes,
       [r IN rs | {id: coalesce(r.fact_id, startNode(r).id + '|' + type(r) + '|' + endNode(r).id),
                   source: startNode(r).id, target: endNode(r).id, type: type(r), properties: r {.*}}] AS edges
