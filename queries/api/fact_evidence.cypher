// The quotes behind one fact (a statement node or a structural relationship), with their articles' metadata (the sentences are cut by api/sentences).
OPTIONAL MATCH (s:Statement {id: $id})-[c:CITES]->(a:Article)
WITH collect({article: a {.id, .title, .outlet, .date, .url}, quote: c.quote, start: c.start, end: c.end,
              predicate: s.predicate, subject_id: s.subject_id, object_id: s.object_id}) AS from_statements
OPTIONAL MATCH (x)-[r {fact_id: $id}]->(y)
WITH from_statements, r, x, y
OPTIONAL MATCH (a:Article) WHERE r IS NOT NULL AND a.id IN r.articles
WITH from_statements, r, x, y, collect(a) AS arts
RETURN [e IN from_statements WHERE e.article.id IS NOT NULL] +
       CASE WHEN r IS NULL THEN [] ELSE
         [i IN range(0, size(coalesce(r.articles, [])) - 1) |
           {article: head([a IN arts WHERE a.id = r.articles[i] | a {.id, .title, .outlet, .date, .url}]),
            quote: r.quotes[i], start: r.starts[i], end: r.ends[i], predicate: r.predicate,
            subject_id: x.id, object_id: y.id}] END AS evidence
