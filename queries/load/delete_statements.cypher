// Delete statement nodes (and their links) by id.
UNWIND $ids AS id
MATCH (s:Statement {id: id}) DETACH DELETE s
