// Entities whose Chinese, English, pinyin or alias names match $q, ranked: the name resolver's sure matches ($resolved, by id index) > exact name > substring > full-text score; every branch reads an index, none scans the entities.
// Each way of matching keeps its best $candidates (the full-text ones by score), so that a word most names share costs what a page costs, not the graph: `total` counts those candidates.
CALL () {
  CALL db.index.fulltext.queryNodes('entity_names_zh', $lucene, {limit: $candidates}) YIELD node, score RETURN node, score
  UNION ALL
  CALL db.index.fulltext.queryNodes('entity_names_en', $lucene, {limit: $candidates}) YIELD node, score RETURN node, score
  UNION ALL
  // Substrings: the trigram TEXT index on the lower-cased names finds the candidates, the exact
  // per-name test keeps those a name, alias or pinyin of which contains $q.
  MATCH (node:Entity) WHERE node.search_text CONTAINS toLower($q)
  WITH node
  WHERE node.name_zh CONTAINS $q OR toLower(node.name_en) CONTAINS toLower($q)
     OR any(a IN node.aliases WHERE toLower(a) CONTAINS toLower($q))
     OR toLower(coalesce(node.search_en, '')) CONTAINS toLower($q)
  WITH node LIMIT $candidates
  RETURN node, 5.0 AS score
  UNION ALL
  // Traditional characters, abbreviations, pinyin: what the name resolver (names/) matched surely.
  UNWIND $resolved AS r
  MATCH (node:Entity {id: r.id})
  RETURN node, 100.0 + r.score AS score
}
WITH node, sum(score) AS score
WHERE $type IS NULL OR $type IN labels(node)
WITH node, score + CASE WHEN node.name_zh = $q OR node.name_en = $q OR $q IN node.aliases THEN 100.0 ELSE 0.0 END AS score
ORDER BY score DESC, node.id
WITH collect({node: node, score: score}) AS hits
CALL (hits) {   // only the page's nodes are read whole
  UNWIND hits[$offset..$offset + $limit] AS h
  WITH h.node AS n, h.score AS score
  RETURN collect(n {.*, score: score}) AS items
}
RETURN size(hits) AS total, items
