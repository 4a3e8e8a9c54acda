// Index on one property of one structural relationship type ({rel_type}, {prop} from the ontology and the loader).
CREATE INDEX {index_name} IF NOT EXISTS FOR ()-[r:{rel_type}]-() ON (r.{prop})
