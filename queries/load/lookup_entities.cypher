// Type and origin of the entities with the given ids: what a fact file read alone refers to in the files not read.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n.id AS id, n.type AS type, n.origin AS origin
