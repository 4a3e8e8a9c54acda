// Index on the fact id of one structural relationship type ({rel_type} is checked against the ontology).
CREATE INDEX {index_name} IF NOT EXISTS FOR ()-[r:{rel_type}]-() ON (r.fact_id)
