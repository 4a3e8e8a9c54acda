// Node counts per label and relationship counts per type.
CALL () { MATCH (n) UNWIND labels(n) AS label WITH label, count(*) AS c RETURN collect({name: label, count: c}) AS labels }
CALL () { MATCH ()-[r]->() WITH type(r) AS t, count(*) AS c RETURN collect({name: t, count: c}) AS types }
RETURN labels, types
