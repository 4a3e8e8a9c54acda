// Everything about a hospital and its units as timeline material: each statement about the hospital, its campuses, units, Party bodies, brands and their people (with participants and sources with article metadata), and its campus and Party-branch links; no row for an unknown hospital.
MATCH (h:Hospital {id: $id})
OPTIONAL MATCH (h)-[:HAS_CAMPUS|HAS_UNIT|HAS_PARTY_COMMITTEE|HAS_PARTY_BRANCH|HAS_BRAND*0..3]->(x:Entity)
WITH h, collect(DISTINCT x) AS scope
CALL (scope) {
  UNWIND scope AS x
  OPTIONAL MATCH (x)<-[:ORGANISATION]-(:Tenure|Membership)-[:HOLDER|MEMBER]->(p:Person)
  RETURN collect(DISTINCT p) AS people
}
CALL (scope, people) {
  UNWIND scope + people AS x
  MATCH (s:Statement)-[role]->(x) WHERE type(role) <> 'CITES'
  WITH DISTINCT s
  // One order, never the store's: statements by year, date, id; participants by entity id then
  // role; sources by article id then offset.
  ORDER BY s.year IS NULL, s.year, s.date, s.id
  RETURN collect(s {.*, class: [l IN labels(s) WHERE l <> 'Statement'][0],
     participants: COLLECT { MATCH (s)-[pr]->(p:Entity)
                             RETURN {role: type(pr), entity: p {.id, .name_zh, .name_en, .type}} ORDER BY p.id, type(pr) },
     sources: COLLECT { MATCH (s)-[c:CITES]->(a:Article)
                        RETURN {article_id: a.id, article_title: a.title, article_date: a.date, article_outlet: a.outlet,
                                article_url: a.url, quote: c.quote, start: c.start, end: c.end}
                        ORDER BY a.id, c.start, c.end, c.quote }}) AS statements
}
CALL (scope) {
  UNWIND scope AS x
  MATCH (x)-[r:HAS_CAMPUS|HAS_PARTY_BRANCH]->(y:Entity)
  WITH x, r, y ORDER BY x.id, y.id, type(r)
  RETURN collect({relation: type(r), parent: x {.id, .name_zh, .name_en, .type}, entity: y {.id, .name_zh, .name_en, .type},
                  fact_id: r.fact_id, quotes: r.quotes, starts: r.starts, ends: r.ends,
                  articles: COLLECT { MATCH (a:Article) WHERE a.id IN r.articles
                                      RETURN a {.id, .title, .date, .outlet, .url} ORDER BY a.id }}) AS links
}
RETURN h {.id, .name_zh, .name_en, .type} AS hospital, statements, links
