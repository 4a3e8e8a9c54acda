// The quotes behind one fact (a statement node or a structural relationship), with their articles' metadata (the sentences are cut by api/sentences); found through the statement id constraint or the link_sources full-text index, never by a scan; or the dataset a link was read from.
OPTIONAL MATCH (s:Statement {id: $id})-[c:CITES]->(a:Article) USING INDEX s:Statement(id)
// By article id then offset, never the store's order; a link's quotes keep the order it lists them in.
WITH s, c, a ORDER BY a.id, c.start, c.end, c.quote
WITH collect(CASE WHEN a IS NOT NULL THEN {article: a {.id, .title, .outlet, .date, .url}, quote: c.quote, start: c.start, end: c.end,
              predicate: s.predicate, subject_id: s.subject_id, object_id: s.object_id} END) AS from_statements
CALL () {
  // A Lucene phrase matches the id as one whitespace token; the exact comparison after it decides.
  CALL db.index.fulltext.queryRelationships('link_sources', 'fact_id:"' + replace(replace($id, '\\', '\\\\'), '"', '\\"') + '"')
    YIELD relationship AS r
  WITH r WHERE r.fact_id = $id AND r.articles IS NOT NULL
  UNWIND range(0, size(r.articles) - 1) AS i
  MATCH (a:Article {id: r.articles[i]}) USING INDEX a:Article(id)
  RETURN collect({article: a {.id, .title, .outlet, .date, .url}, quote: r.quotes[i], start: r.starts[i], end: r.ends[i],
                  predicate: r.predicate, subject_id: startNode(r).id, object_id: endNode(r).id}) AS from_links
}
CALL () {
  CALL db.index.fulltext.queryRelationships('link_sources', 'fact_id:"' + replace(replace($id, '\\', '\\\\'), '"', '\\"') + '"')
    YIELD relationship AS r
  WITH r WHERE r.fact_id = $id AND r.dataset IS NOT NULL
  RETURN collect({dataset: {name: r.dataset, version: r.dataset_version, record: r.dataset_record,
                            inferred: coalesce(r.inferred, false), inferred_from: r.inferred_from},
                  predicate: r.predicate, subject_id: startNode(r).id, object_id: endNode(r).id}) AS from_datasets
}
RETURN from_statements + from_links + from_datasets AS evidence
