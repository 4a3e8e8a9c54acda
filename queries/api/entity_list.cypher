// Entities carrying a label (a class of the ontology), paginated, optionally filtered by kind.
MATCH (n:Entity) WHERE $label IN labels(n) AND ($kind IS NULL OR n.kind = $kind)
WITH n ORDER BY n.id
WITH collect(n {.*}) AS rows
RETURN size(rows) AS total, rows[$offset..$offset + $limit] AS items
