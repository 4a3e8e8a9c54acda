// Shortest paths (at most $max_length hops, never through articles) between two entities, as graph JSON parts.
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
OPTIONAL MATCH p = allShortestPaths((a)-[*..8]-(b))
WHERE length(p) <= $max_length AND none(x IN nodes(p) WHERE x:Article)
WITH a, b, collect(p)[..$limit] AS ps
WITH a, b, ps, [p IN ps | [x IN nodes(p) | x.id]] AS node_paths
UNWIND (CASE WHEN size(ps) = 0 THEN [null] ELSE ps END) AS p
UNWIND (CASE WHEN p IS NULL THEN [a, b] ELSE nodes(p) END) AS x
WITH a, b, ps, node_paths, collect(DISTINCT x) AS ns
UNWIND (CASE WHEN size(ps) = 0 THEN [null] ELSE ps END) AS p
UNWIND (CASE WHEN p IS NULL THEN [null] ELSE relationships(p) END) AS r
WITH ns, node_paths, [r IN collect(DISTINCT r) WHERE r IS NOT NULL] AS rs
RETURN node_paths AS paths,
       [x IN ns | {id: x.id, labels: labels(x), properties: x {.*}}] AS nodes,
       [r IN rs | {id: coalesce(r.fact_id, startNode(r).id + '|' + type(r) + '|' + endNode(r).id),
                   source: startNode(r).id, target: endNode(r).id, type: type(r), properties: r {.*}}] AS edges
