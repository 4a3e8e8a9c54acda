// Undo a dead batched load, one batch: delete the structural relationships of one type it created ({rel_type} checked against the ontology).
MATCH ()-[r:{rel_type}]->() WHERE r._load = $load_id
WITH r LIMIT $limit
DELETE r
RETURN count(*) AS done
