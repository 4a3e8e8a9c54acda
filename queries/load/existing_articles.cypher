// Id and content hash of every article.
MATCH (a:Article) RETURN a.id AS id, a.hash AS hash
