// Create or replace entities of one class: properties replaced, labels reset to the class's ({labels}, {all_labels} checked against the ontology).
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n = row
REMOVE n:{all_labels}
SET n:{labels}
