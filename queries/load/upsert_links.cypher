// Create or replace structural relationships of one type ({rel_type} checked against the ontology).
UNWIND $rows AS row
MATCH (s:Entity {id: row.subject})
MATCH (o:Entity {id: row.object})
MERGE (s)-[r:{rel_type} {fact_id: row.props.fact_id}]->(o)
SET r = row.props
