// Text of the given articles: quotes of a file read alone that cite an article not read.
UNWIND $ids AS id
MATCH (a:Article {id: id})
RETURN a.id AS id, a.text AS text
