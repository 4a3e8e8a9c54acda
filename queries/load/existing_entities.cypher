// Id and content hash of every entity, to diff a load against the graph.
MATCH (n:Entity) RETURN n.id AS id, n.hash AS hash, n.type AS type
