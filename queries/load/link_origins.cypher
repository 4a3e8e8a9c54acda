// The fact files (origins) of the structural relationships of one type ({rel_type} checked against the ontology).
MATCH ()-[r:{rel_type}]->() RETURN DISTINCT r.origin AS origin
