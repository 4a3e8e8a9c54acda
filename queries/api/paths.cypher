// Shortest paths (at most {max_length} hops, never through articles) between two entities, at most $limit of them, as graph JSON parts; statements carry their participants, and `total_paths` counts the paths before the limit. The bound is in the pattern ({max_length}: an integer the route validated) because Cypher takes no parameter there, and a fixed bound of 8 made the search between two unrelated entities of the national graph run past every deadline (0.2-0.5 s with the bound 4).
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
OPTIONAL MATCH p = allShortestPaths((a)-[*0..{max_length}]-(b))
WHERE length(p) <= $max_length AND none(x IN nodes(p) WHERE x:Article)
// Paths by their ids (never the store's order, which would change which $limit are kept); nodes and edges then follow them.
WITH a, b, p ORDER BY [x IN nodes(p) | x.id], [r IN relationships(p) | type(r)]
WITH a, b, collect(p) AS all_ps
WITH a, b, all_ps[..$limit] AS ps, size(all_ps) AS total_paths
WITH a, b, ps, total_paths, [p IN ps | [x IN nodes(p) | x.id]] AS node_paths
UNWIND (CASE WHEN size(ps) = 0 THEN [null] ELSE ps END) AS p
UNWIND (CASE WHEN p IS NULL THEN [a, b] ELSE nodes(p) END) AS x
WITH a, b, ps, total_paths, node_paths, collect(DISTINCT x) AS ns
UNWIND (CASE WHEN size(ps) = 0 THEN [null] ELSE ps END) AS p
UNWIND (CASE WHEN p IS NULL OR length(p) = 0 THEN [null] ELSE relationships(p) END) AS r
WITH ns, total_paths, node_paths, [r IN collect(DISTINCT r) WHERE r IS NOT NULL] AS rs
RETURN node_paths AS paths, total_paths,
       [x IN ns | {id: x.id, labels: labels(x), properties: x {.*},
                   participants: CASE WHEN x:Statement
                     THEN COLLECT { MATCH (x)-[pr]->(q:Entity)
                                    RETURN {role: type(pr), entity: q {.id, .name_zh, .name_en, .type}} ORDER BY q.id, type(pr) }
                     ELSE [] END}] AS nodes,
       [r IN rs | {id: coalesce(r.fact_id, startNode(r).id + '|' + type(r) + '|' + endNode(r).id),
                   source: startNode(r).id, target: endNode(r).id, type: type(r), properties: r {.*}}] AS edges
