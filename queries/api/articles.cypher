// Source articles with how many facts cite each, one page in id order: the total from the count store, the page from the id constraint's ordered index, the counts per article on the page only.
CALL () { MATCH (a:Article) RETURN count(a) AS total }
CALL () {
  MATCH (a:Article) WHERE a.id IS NOT NULL
  WITH a ORDER BY a.id SKIP $offset LIMIT $limit
  CALL (a) {
    CALL db.index.fulltext.queryRelationships('link_sources', 'articles:"' + replace(replace(a.id, '\\', '\\\\'), '"', '\\"') + '"')
      YIELD relationship AS r
    WITH r WHERE a.id IN r.articles
    RETURN count(r) AS links
  }
  WITH a, COUNT { MATCH (s:Statement)-[:CITES]->(a) RETURN DISTINCT s } + links AS facts
  RETURN collect(a {.id, .title, .title_en, .outlet, .reporters, .correspondents, .date, .date_basis, facts: facts}) AS items
}
RETURN total, items
