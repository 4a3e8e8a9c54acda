// Create or replace statement nodes of one predicate, linked to subject, object, conferrer and cited articles ({labels}, {subject_role}, {object_role} checked against the ontology).
UNWIND $rows AS row
MERGE (st:Statement {id: row.props.id})
SET st = row.props
SET st:{labels}
WITH st, row
MATCH (s:Entity {id: row.subject})
MERGE (st)-[:{subject_role}]->(s)
WITH st, row
CALL (st, row) {
  MATCH (o:Entity {id: row.object})
  MERGE (st)-[:{object_role}]->(o)
}
CALL (st, row) {
  MATCH (c:Entity {id: row.conferrer})
  MERGE (st)-[:CONFERRED_BY]->(c)
}
CALL (st, row) {
  UNWIND row.sources AS src
  MATCH (a:Article {id: src.article})
  MERGE (st)-[c:CITES {start: src.start}]->(a)
  SET c += src
}
