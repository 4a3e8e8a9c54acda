// Id and content hash of the given articles (those of the fact files this load reads or removes).
MATCH (a:Article) WHERE a.id IN $ids
RETURN a.id AS id, a.hash AS hash
