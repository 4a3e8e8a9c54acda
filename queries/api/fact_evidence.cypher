// The quotes behind one fact (a statement node or a structural relationship), with their articles' metadata (the sentences are cut by api/sentences); found through the statement id constraint or the link_sources full-text index, never by a scan.
OPTIONAL MATCH (s:Statement {id: $id})-[c:CITES]->(a:Article) USING INDEX s:Statement(id)
WITH collect(CASE WHEN a IS NOT NULL THEN {article: a {.id, .title, .outlet, .date, .url}, quote: c.quote, start: c.start, end: c.end,
              predicate: s.predicate, subject_id: s.subject_id, object_id: s.object_id} END) AS from_statements
CALL () {
  // A Lucene phrase matches the id as one whitespace token; the exact comparison after it decides.
  CALL db.index.fulltext.queryRelationships('link_sources', 'fact_id:"' + replace(replace($id, '\\', '\\\\'), '"', '\\"') + '"')
    YIELD relationship AS r
  WITH r WHERE r.fact_id = $id
  UNWIND range(0, size(r.articles) - 1) AS i
  MATCH (a:Article {id: r.articles[i]}) USING INDEX a:Article(id)
  RETURN collect({article: a {.id, .title, .outlet, .date, .url}, quote: r.quotes[i], start: r.starts[i], end: r.ends[i],
                  predicate: r.predicate, subject_id: startNode(r).id, object_id: endNode(r).id}) AS from_links
}
RETURN from_statements + from_links AS evidence
