// Every node of the knowledge graph (entities, statements, articles) with its labels and properties, for the exports.
MATCH (n) WHERE n:Entity OR n:Statement OR n:Article
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
ORDER BY id
