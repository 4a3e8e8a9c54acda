// A hospital with everything a profile shows: places, parents, campuses, units, Party bodies, brands, and every statement about it or its units (with participants and sources).
// Every list in one documented order, never the store's (which changes after a reload): places nearest first then by id;
// parents and structure by id then relation; statements by year, date, id; participants by entity id then role; sources by article id then offset.
MATCH (h:Hospital {id: $id})
OPTIONAL MATCH (h)-[:HAS_CAMPUS|HAS_UNIT|HAS_PARTY_COMMITTEE|HAS_PARTY_BRANCH*0..3]->(x:Entity)
WITH h, collect(DISTINCT x) AS scope
CALL (scope) {
  UNWIND scope AS x
  MATCH (x)-[r:HAS_CAMPUS|HAS_UNIT|HAS_PARTY_COMMITTEE|HAS_PARTY_BRANCH|HAS_BRAND]->(y)
  WITH x, r, y ORDER BY x.id, y.id, type(r)
  RETURN collect({relation: type(r), parent: x.id, entity: y {.*, labels: labels(y)}, link: r {.*}}) AS structure
}
CALL (scope) {
  UNWIND scope AS x
  MATCH (s:Statement)-[role]->(x) WHERE type(role) <> 'CITES'
  WITH DISTINCT s
  ORDER BY s.year IS NULL, s.year, s.date, s.id
  RETURN collect(s {.*, labels: labels(s),
     participants: COLLECT { MATCH (s)-[pr]->(p:Entity)
                             RETURN {role: type(pr), entity: p {.id, .name_zh, .name_en, .type}} ORDER BY p.id, type(pr) },
     sources: COLLECT { MATCH (s)-[c:CITES]->(a:Article)
                        RETURN {article_id: a.id, article_title: a.title, quote: c.quote, start: c.start, end: c.end}
                        ORDER BY a.id, c.start, c.end, c.quote }}) AS statements
}
RETURN h {.*} AS hospital,
  COLLECT {
    MATCH path = (h)-[:LOCATED_IN*1..5]->(p:Place)
    WITH p, path, last(relationships(path)) AS link
    RETURN p {.id, .name_zh, .name_en, .kind,
       source: CASE WHEN link.dataset IS NOT NULL
                    THEN {dataset: link.dataset, version: link.dataset_version, record: link.dataset_record}
                    ELSE {articles: link.articles, quotes: link.quotes} END,
       inferred: any(r IN relationships(path) WHERE coalesce(r.inferred, false)),
       inferred_from: [r IN relationships(path) WHERE r.inferred | r.inferred_from][0]}
    ORDER BY length(path), p.id
  } AS places,
  COLLECT {
    MATCH (h)-[r:AFFILIATED_WITH|SUBORDINATE_TO|LOCATED_IN]->(o)
    RETURN {relation: type(r), entity: o {.id, .name_zh, .name_en, .type}, link: r {.*}} ORDER BY o.id, type(r)
  } AS parents,
  structure, statements
