// Fact id, hash and type of the structural relationships of the given origins.
MATCH ()-[r]->() WHERE r.origin IN $origins AND r.fact_id IS NOT NULL
RETURN r.fact_id AS id, r.hash AS hash, type(r) AS kind, r.origin AS origin
