// After a batched load committed, one batch: remove its mark from the nodes it created.
CALL () {
  MATCH (n:Entity) WHERE n._load = $load_id RETURN n
  UNION
  MATCH (n:Statement) WHERE n._load = $load_id RETURN n
  UNION
  MATCH (n:Article) WHERE n._load = $load_id RETURN n
}
WITH n LIMIT $limit
REMOVE n._load
RETURN count(*) AS done
