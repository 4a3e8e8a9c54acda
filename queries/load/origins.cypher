// Every fact file (origin) the graph holds facts of.
MATCH (s:Statement) RETURN DISTINCT s.origin AS origin
UNION
MATCH ()-[r]->() WHERE r.origin IS NOT NULL RETURN DISTINCT r.origin AS origin
