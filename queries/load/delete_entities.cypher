// Delete entities (no longer declared in any fact file) by id.
UNWIND $ids AS id
MATCH (n:Entity {id: id}) DETACH DELETE n
