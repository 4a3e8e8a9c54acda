// A hospital with everything a profile shows: places, parents, campuses, units, Party bodies, brands, and every statement about it or its units (with participants and sources).
MATCH (h:Hospital {id: $id})
OPTIONAL MATCH (h)-[:HAS_CAMPUS|HAS_UNIT|HAS_PARTY_COMMITTEE|HAS_PARTY_BRANCH*0..3]->(x:Entity)
WITH h, collect(DISTINCT x) AS scope
CALL (scope) {
  UNWIND scope AS x
  MATCH (x)-[r:HAS_CAMPUS|HAS_UNIT|HAS_PARTY_COMMITTEE|HAS_PARTY_BRANCH|HAS_BRAND]->(y)
  RETURN collect({relation: type(r), parent: x.id, entity: y {.*, labels: labels(y)}, link: r {.*}}) AS structure
}
CALL (scope) {
  UNWIND scope AS x
  MATCH (s:Statement)-[role]->(x) WHERE type(role) <> 'CITES'
  WITH DISTINCT s
  ORDER BY s.year IS NULL, s.year, s.date, s.id
  RETURN collect(s {.*, labels: labels(s),
     participants: [(s)-[pr]->(p:Entity) | {role: type(pr), entity: p {.id, .name_zh, .name_en, .type}}],
     sources: [(s)-[c:CITES]->(a:Article) | {article_id: a.id, article_title: a.title, quote: c.quote, start: c.start, end: c.end}]}) AS statements
}
RETURN h {.*} AS hospital,
  [path = (h)-[:LOCATED_IN*1..5]->(p:Place) | p {.id, .name_zh, .name_en, .kind,
     source: CASE WHEN last(relationships(path)).dataset IS NOT NULL
                  THEN {dataset: last(relationships(path)).dataset, version: last(relationships(path)).dataset_version,
                        record: last(relationships(path)).dataset_record}
                  ELSE {articles: last(relationships(path)).articles, quotes: last(relationships(path)).quotes} END,
     inferred: any(r IN relationships(path) WHERE coalesce(r.inferred, false)),
     inferred_from: [r IN relationships(path) WHERE r.inferred | r.inferred_from][0]}] AS places,
  [(h)-[r:AFFILIATED_WITH|SUBORDINATE_TO|LOCATED_IN]->(o) | {relation: type(r), entity: o {.id, .name_zh, .name_en, .type}, link: r {.*}}] AS parents,
  structure, statements
