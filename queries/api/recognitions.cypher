// Recognitions (honours, titles, certifications, designations, rankings, selections) to one hospital, its units, brands and people ($id), or across the graph ($id null), filtered by kind, level, conferrer, years and recipient kind, ordered by year; `found` is false for an unknown hospital.
OPTIONAL MATCH (h:Hospital {id: $id})
CALL (h) {
  CALL (h) {
    // The guard runs before the scan (as a list to unwind), so a per-hospital call reads no label.
    UNWIND CASE WHEN $id IS NULL THEN [h] ELSE [] END AS unused
    MATCH (s:HonourConferral|Designation)
    RETURN s
    UNION
    WITH h WHERE h IS NOT NULL
    OPTIONAL MATCH (h)-[:HAS_CAMPUS|HAS_UNIT|HAS_PARTY_COMMITTEE|HAS_PARTY_BRANCH|HAS_BRAND*0..3]->(x:Entity)
    WITH collect(DISTINCT x) AS scope
    CALL (scope) {
      UNWIND scope AS x
      OPTIONAL MATCH (x)<-[:ORGANISATION]-(:Tenure|Membership)-[:HOLDER|MEMBER]->(p:Person)
      RETURN collect(DISTINCT p) AS people
    }
    UNWIND scope + people AS r
    MATCH (s:HonourConferral|Designation)-[:RECIPIENT|HOLDER]->(r)
    RETURN s
  }
  WITH DISTINCT s
  MATCH (s)-[:RECIPIENT|HOLDER]->(r:Entity)
  MATCH (s)-[:HONOUR|PROGRAMME]->(t:Entity)
  OPTIONAL MATCH (s)-[:CONFERRED_BY]->(by:Entity)
  WITH s, r, t, by,
    coalesce(s.kind, CASE WHEN s:HonourConferral THEN 'award' ELSE 'designation' END) AS kind,
    coalesce(s.year_basis, CASE WHEN s.year IS NULL THEN 'unknown' END) AS year_basis,
    coalesce(s.level, t.level) AS level,
    CASE WHEN r:Hospital THEN 'hospital' WHEN r:Person THEN 'person' WHEN r:Team THEN 'team'
         WHEN r:PartyCommittee OR r:PartyBranch THEN 'party' WHEN r:Brand THEN 'brand'
         WHEN r:OrganisationalUnit THEN 'department' WHEN r:Campus THEN 'campus' ELSE 'other' END AS recipient_kind
  WHERE ($from_year IS NULL OR s.year >= $from_year) AND ($to_year IS NULL OR s.year <= $to_year)
    AND ($recipient_kind IS NULL OR recipient_kind = $recipient_kind)
    AND ($kind IS NULL OR kind = $kind)
    AND ($level IS NULL OR level = $level)
    AND ($conferrer IS NULL OR (by IS NOT NULL AND (by.id = $conferrer OR by.name_zh CONTAINS $conferrer
         OR toLower(by.name_en) CONTAINS toLower($conferrer))))
  WITH s, r, t, by, kind, year_basis, level, recipient_kind
  ORDER BY s.year IS NULL, s.year, s.date, s.id
  RETURN collect({s: s, r: r, t: t, by: by, kind: kind, year_basis: year_basis, level: level,
                  recipient_kind: recipient_kind}) AS rows
}
// Only the page's entries get their sources and hospitals: a long history costs its sort, not its details.
WITH h, size(rows) AS total, rows[$offset..$offset + $limit] AS page
CALL (page) {
  UNWIND page AS row
  WITH row, row.s AS s, row.r AS r, row.t AS t, row.by AS by
  CALL (s) {
    MATCH (s)-[cite:CITES]->(a:Article)
    WITH a, cite ORDER BY a.id, cite.start, cite.end, cite.quote  // never the store's order
    RETURN collect({article_id: a.id, article_title: a.title, article_date: a.date, article_outlet: a.outlet,
                    article_url: a.url, quote: cite.quote, start: cite.start, end: cite.end}) AS sources
  }
  WITH row, s, r, t, by, sources,
    COLLECT {
      CALL (r) {
        MATCH (hh:Hospital)-[:HAS_CAMPUS|HAS_UNIT|HAS_PARTY_COMMITTEE|HAS_PARTY_BRANCH|HAS_BRAND*0..3]->(r)
        RETURN hh
        UNION
        MATCH (hh:Hospital)-[:HAS_CAMPUS|HAS_UNIT|HAS_PARTY_COMMITTEE|HAS_PARTY_BRANCH*0..3]->(:Entity)<-[:ORGANISATION]-(:Tenure|Membership)-[:HOLDER|MEMBER]->(r:Person)
        RETURN hh
      }
      RETURN hh {.id, .name_zh, .name_en, .type} AS hh ORDER BY hh.id
    } AS hospitals
  RETURN collect({fact_id: s.id, statement_class: CASE WHEN s:HonourConferral THEN 'HonourConferral' ELSE 'Designation' END,
                  kind: row.kind, year: s.year, date: s.date, year_basis: row.year_basis, level: row.level, rank: s.rank,
                  note: s.note, honour: t {.id, .name_zh, .name_en, .level, .type},
                  recipient: r {.id, .name_zh, .name_en, .type}, recipient_kind: row.recipient_kind,
                  conferrer: CASE WHEN by IS NULL THEN null ELSE by {.id, .name_zh, .name_en, .type} END,
                  hospitals: hospitals, sources: sources}) AS items
}
RETURN h IS NOT NULL OR $id IS NULL AS found, total, items
