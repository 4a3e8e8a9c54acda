// Undo a dead batched load, one batch: delete the nodes it created (marked with its id) with their relationships.
CALL () {
  MATCH (n:Entity) WHERE n._load = $load_id RETURN n
  UNION
  MATCH (n:Statement) WHERE n._load = $load_id RETURN n
  UNION
  MATCH (n:Article) WHERE n._load = $load_id RETURN n
}
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS done
