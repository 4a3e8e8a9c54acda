// Every relationship of the knowledge graph (structural links, statement roles, citations) with its type and properties, for the exports.
MATCH (s)-[r]->(o) WHERE (s:Entity OR s:Statement) AND (o:Entity OR o:Article)
RETURN s.id AS source, o.id AS target, type(r) AS type, properties(r) AS props
ORDER BY source, type, target, coalesce(r.fact_id, ''), coalesce(r.start, -1)
