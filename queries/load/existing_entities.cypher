// Id, content hash, type and origin of the entities declared by the given fact files, or having the given ids (through the origin index and the id constraint).
CALL () {
  MATCH (n:Entity) WHERE n.origin IN $origins RETURN n
  UNION
  MATCH (n:Entity) WHERE n.id IN $ids RETURN n
}
RETURN n.id AS id, n.hash AS hash, n.type AS type, n.origin AS origin
