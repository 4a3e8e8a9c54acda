// Every honour to a hospital, its campuses, units, Party bodies, brands and people, ordered by year, with conferrer and sources; `found` is false for an unknown hospital.
OPTIONAL MATCH (h:Hospital {id: $id})
CALL (h) {
  OPTIONAL MATCH (h)-[:HAS_CAMPUS|HAS_UNIT|HAS_PARTY_COMMITTEE|HAS_PARTY_BRANCH|HAS_BRAND*0..3]->(x:Entity)
  WITH collect(DISTINCT x) AS scope
  CALL (scope) {
    UNWIND scope AS x
    OPTIONAL MATCH (x)<-[:ORGANISATION]-(:Statement)-[:HOLDER|MEMBER]->(p:Person)
    RETURN collect(DISTINCT p) AS people
  }
  UNWIND scope + people AS r
  MATCH (c:HonourConferral)-[:RECIPIENT]->(r)
  MATCH (c)-[:HONOUR]->(hon:Honour)
  OPTIONAL MATCH (c)-[:CONFERRED_BY]->(by:Entity)
  WITH DISTINCT c, r, hon, by,
    CASE WHEN r:Hospital THEN 'hospital' WHEN r:Person THEN 'person' WHEN r:Team THEN 'team'
         WHEN r:PartyCommittee OR r:PartyBranch THEN 'party' WHEN r:Brand THEN 'brand'
         WHEN r:OrganisationalUnit THEN 'department' WHEN r:Campus THEN 'campus' ELSE 'other' END AS recipient_kind
  WHERE ($from_year IS NULL OR c.year >= $from_year) AND ($to_year IS NULL OR c.year <= $to_year)
    AND ($recipient_kind IS NULL OR recipient_kind = $recipient_kind)
  CALL (c) {
    MATCH (c)-[cite:CITES]->(a:Article)
    RETURN collect({article_id: a.id, article_title: a.title, quote: cite.quote, start: cite.start, end: cite.end}) AS sources
  }
  WITH c, r, hon, by, recipient_kind, sources
  ORDER BY c.year IS NULL, c.year, c.date, c.id
  RETURN collect({fact_id: c.id, year: c.year, date: c.date, level: coalesce(c.level, hon.level), rank: c.rank, note: c.note,
                  honour: hon {.id, .name_zh, .name_en, .level},
                  recipient: r {.id, .name_zh, .name_en, .type}, recipient_kind: recipient_kind,
                  conferrer: CASE WHEN by IS NULL THEN null ELSE by {.id, .name_zh, .name_en, .type} END,
                  sources: sources}) AS rows
}
RETURN h IS NOT NULL AS found, size(rows) AS total, rows[$offset..$offset + $limit] AS items
