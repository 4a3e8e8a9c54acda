// Nodes within $depth (1..3) hops of an entity (articles excluded: every fact cites one), at most $max_nodes besides it, and the relationships among them, as graph JSON parts; statements carry their participants (to be labelled by what they say) and the answer says how many nodes there were before the cap.
MATCH (start:Entity {id: $id})
OPTIONAL MATCH p = (start)-[*1..3]-(n)
WHERE length(p) <= $depth AND none(x IN nodes(p) WHERE x:Article)
WITH start, [x IN collect(DISTINCT n) WHERE x <> start] AS reached
WITH [start] + reached[..$max_nodes] AS ns, size(reached) + 1 AS total_nodes
UNWIND ns AS a
OPTIONAL MATCH (a)-[r]->(b) WHERE b IN ns
WITH ns, total_nodes, collect(DISTINCT r) AS rs
RETURN total_nodes,
       [x IN ns | {id: x.id, labels: labels(x), properties: x {.*},
                   participants: CASE WHEN x:Statement
                     THEN [(x)-[pr]->(q:Entity) | {role: type(pr), entity: q {.id, .name_zh, .name_en, .type}}]
                     ELSE [] END}] AS nodes,
       [r IN rs | {id: coalesce(r.fact_id, startNode(r).id + '|' + type(r) + '|' + endNode(r).id),
                   source: startNode(r).id, target: endNode(r).id, type: type(r), properties: r {.*}}] AS edges
