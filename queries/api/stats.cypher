// Node counts per label and relationship counts per type, each by name (the loader's own bookkeeping, :GraphMeta, is not the graph's content).
CALL () { MATCH (n) WHERE NOT n:GraphMeta UNWIND labels(n) AS label WITH label, count(*) AS c ORDER BY label RETURN collect({name: label, count: c}) AS labels }
CALL () { MATCH ()-[r]->() WITH type(r) AS t, count(*) AS c ORDER BY t RETURN collect({name: t, count: c}) AS types }
RETURN labels, types
