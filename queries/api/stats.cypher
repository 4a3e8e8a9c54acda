// Node counts per label and relationship counts per type.
CALL () { MATCH (n) UNWIND labels(n) AS label RETURN collect({name: label, count: 1}) AS raw_labels }
CALL () { MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c }
WITH raw_labels, collect({name: t, count: c}) AS types
UNWIND raw_labels AS l
WITH types, l.name AS label, count(*) AS c
RETURN collect({name: label, count: c}) AS labels, types
