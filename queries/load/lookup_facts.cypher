// Origin of the statement facts with the given ids: a fact id must be unique across files, read or not.
UNWIND $ids AS id
MATCH (s:Statement {id: id})
RETURN s.id AS id, s.origin AS origin
