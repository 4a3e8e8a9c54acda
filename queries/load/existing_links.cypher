// Fact id, hash and origin of the structural relationships of one type from the given fact files, through the type's origin index ({rel_type} checked against the ontology).
MATCH ()-[r:{rel_type}]->() WHERE r.origin IN $origins
RETURN r.fact_id AS id, r.hash AS hash, type(r) AS kind, r.origin AS origin
