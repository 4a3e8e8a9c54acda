// Full-text index over the structural relationships' fact ids and source articles ({rel_types} is checked against the ontology): finds a link by its fact or its article without scanning every relationship (list properties have no range index).
CREATE FULLTEXT INDEX link_sources IF NOT EXISTS FOR ()-[r:{rel_types}]-() ON EACH [r.fact_id, r.articles]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}}
