// One article's metadata (never its text: the API serves quotes and sentences, not articles) and every fact it supports: statements that cite it (its CITES relationships) and structural relationships that name it (the link_sources full-text index).
MATCH (a:Article {id: $id})
CALL (a) {
  CALL db.index.fulltext.queryRelationships('link_sources', 'articles:"' + replace(replace(a.id, '\\', '\\\\'), '"', '\\"') + '"')
    YIELD relationship AS r
  WITH r WHERE a.id IN r.articles
  // Facts by id (never the index's or the store's order), then relation.
  WITH r ORDER BY r.fact_id, type(r)
  RETURN collect({fact_id: r.fact_id, predicate: r.predicate, subject_id: startNode(r).id, object_id: endNode(r).id,
                  relation: type(r), link: r {.*}}) AS links
}
RETURN a {.*, text: null, hash: null} AS article,
  COLLECT { MATCH (s:Statement)-[c:CITES]->(a)
            RETURN {fact_id: s.id, predicate: s.predicate, class: s.class, subject_id: s.subject_id,
                    object_id: s.object_id, statement: s {.*}, quote: c.quote, start: c.start, end: c.end}
            ORDER BY s.id, c.start, c.end, c.quote } AS statements,
  links
