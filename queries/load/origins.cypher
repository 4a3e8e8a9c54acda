// Every fact file (origin) the graph holds statements, entities or articles of (a full rescan; structural links: load/link_origins).
MATCH (s:Statement) RETURN DISTINCT s.origin AS origin
UNION
MATCH (n:Entity) RETURN DISTINCT n.origin AS origin
UNION
MATCH (a:Article) RETURN a.id AS origin
