// Entities of one class ({label}, an ontology class filled in by the caller), one page in id order, optionally filtered by kind: the class's id index gives the order, the count store the unfiltered total.
CALL () {
  MATCH (n:{label})
  WHERE n.id IS NOT NULL AND ($kind IS NULL OR n.kind = $kind)
  WITH n ORDER BY n.id SKIP $offset LIMIT $limit
  RETURN collect(n {.*}) AS items
}
RETURN CASE WHEN $kind IS NULL THEN COUNT { (:{label}) } ELSE COUNT { (n:{label}) WHERE n.kind = $kind } END AS total, items
