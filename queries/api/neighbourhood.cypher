// Nodes within $depth (1..3) hops of an entity (articles excluded: every fact cites one) and the relationships among them, as graph JSON parts.
MATCH (start:Entity {id: $id})
OPTIONAL MATCH p = (start)-[*1..3]-(n)
WHERE length(p) <= $depth AND none(x IN nodes(p) WHERE x:Article)
WITH start, collect(DISTINCT n)[..$max_nodes] AS found
WITH [start] + [x IN found WHERE x <> start] AS ns
UNWIND ns AS a
OPTIONAL MATCH (a)-[r]->(b) WHERE b IN ns
WITH ns, collect(DISTINCT r) AS rs
RETURN [x IN ns | {id: x.id, labels: labels(x), properties: x {.*}}] AS nodes,
       [r IN rs | {id: coalesce(r.fact_id, startNode(r).id + '|' + type(r) + '|' + endNode(r).id),
                   source: startNode(r).id, target: endNode(r).id, type: type(r), properties: r {.*}}] AS edges
