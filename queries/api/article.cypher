// One article's metadata (never its text: the API serves quotes and sentences, not articles) and every fact it supports (statements that cite it and structural relationships that name it).
MATCH (a:Article {id: $id})
RETURN a {.*, text: null, hash: null} AS article,
  [(s:Statement)-[c:CITES]->(a) | {fact_id: s.id, predicate: s.predicate, class: s.class, subject_id: s.subject_id,
     object_id: s.object_id, statement: s {.*}, quote: c.quote, start: c.start, end: c.end}] AS statements,
  [(x)-[r]->(y) WHERE a.id IN r.articles | {fact_id: r.fact_id, predicate: r.predicate, subject_id: x.id, object_id: y.id,
     relation: type(r), link: r {.*}}] AS links
