// Index on the id of one entity class ({label} is checked against the ontology): a lookup or an id-ordered page of that class reads only its own nodes.
CREATE INDEX {index_name} IF NOT EXISTS FOR (n:{label}) ON (n.id)
