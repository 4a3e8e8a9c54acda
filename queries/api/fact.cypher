// One fact as a citation: a statement node (its properties and participants) or a structural relationship (its two ends), with each source's article metadata, quote and offsets (never the article's text), or the dataset a link was read from; no row for an unknown id.
CALL () {
  MATCH (s:Statement {id: $id})
  RETURN s {.*, class: [l IN labels(s) WHERE l <> 'Statement'][0]} AS fact,
         // Entities by id then role, sources by article id then offset (never the store's order).
         COLLECT { MATCH (s)-[pr]->(p:Entity)
                   RETURN {role: type(pr), entity: p {.id, .name_zh, .name_en, .type}} ORDER BY p.id, type(pr) } AS entities,
         COLLECT { MATCH (s)-[c:CITES]->(a:Article)
                   RETURN {article_id: a.id, article_title: a.title, article_title_en: a.title_en,
                           article_date: a.date, article_outlet: a.outlet, article_url: a.url,
                           quote: c.quote, start: c.start, end: c.end} ORDER BY a.id, c.start, c.end, c.quote } AS sources
  UNION
  // A structural link, through the link_sources full-text index (the phrase finds, the equality decides).
  CALL db.index.fulltext.queryRelationships('link_sources', 'fact_id:"' + replace(replace($id, '\\', '\\\\'), '"', '\\"') + '"')
    YIELD relationship AS r
  WITH r, startNode(r) AS x, endNode(r) AS y WHERE r.fact_id = $id AND x:Entity AND y:Entity
  RETURN r {.fact_id, .predicate, .dataset, .dataset_version, .dataset_record, .inferred, .inferred_from,
            id: r.fact_id, class: type(r)} AS fact,
         [{role: 'SUBJECT', entity: x {.id, .name_zh, .name_en, .type}},
          {role: 'OBJECT', entity: y {.id, .name_zh, .name_en, .type}}] AS entities,
         [i IN range(0, size(coalesce(r.articles, [])) - 1) |
           {article_id: r.articles[i], quote: r.quotes[i], start: r.starts[i], end: r.ends[i]}] AS sources
}
WITH fact, entities, sources LIMIT 1
CALL (sources) {
  UNWIND sources AS src
  OPTIONAL MATCH (a:Article {id: src.article_id})
  RETURN collect(src {.*, article_title: a.title, article_title_en: a.title_en, article_date: a.date,
                      article_outlet: a.outlet, article_url: a.url}) AS cited
}
RETURN fact, entities, cited AS sources
