// Whether an entity with this id exists, and its labels.
MATCH (n:Entity {id: $id}) RETURN labels(n) AS labels
