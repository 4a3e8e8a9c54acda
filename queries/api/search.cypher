// Entities whose Chinese, English, pinyin or alias names match $q, ranked: exact name > substring > full-text score; every branch reads an index, none scans the entities.
CALL () {
  CALL db.index.fulltext.queryNodes('entity_names_zh', $lucene) YIELD node, score RETURN node, score
  UNION ALL
  CALL db.index.fulltext.queryNodes('entity_names_en', $lucene) YIELD node, score RETURN node, score
  UNION ALL
  // Substrings: the trigram TEXT index on the lower-cased names finds the candidates, the exact
  // per-name test keeps those a name, alias or pinyin of which contains $q.
  MATCH (node:Entity) WHERE node.search_text CONTAINS toLower($q)
  WITH node
  WHERE node.name_zh CONTAINS $q OR toLower(node.name_en) CONTAINS toLower($q)
     OR any(a IN node.aliases WHERE toLower(a) CONTAINS toLower($q))
     OR toLower(coalesce(node.search_en, '')) CONTAINS toLower($q)
  RETURN node, 5.0 AS score
}
WITH node, sum(score) AS score
WHERE $type IS NULL OR $type IN labels(node)
WITH node, score + CASE WHEN node.name_zh = $q OR node.name_en = $q OR $q IN node.aliases THEN 100.0 ELSE 0.0 END AS score
ORDER BY score DESC, node.id
WITH collect(node {.*, score: score}) AS hits
RETURN size(hits) AS total, hits[$offset..$offset + $limit] AS items
