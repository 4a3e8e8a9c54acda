// After a batched load committed, one batch: remove its mark from the structural relationships of one type ({rel_type} checked against the ontology).
MATCH ()-[r:{rel_type}]->() WHERE r._load = $load_id
WITH r LIMIT $limit
REMOVE r._load
RETURN count(*) AS done
