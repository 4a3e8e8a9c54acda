// Id, hash and class of the statement facts of the given origins (fact files).
MATCH (s:Statement) WHERE s.origin IN $origins
RETURN s.id AS id, s.hash AS hash, s.class AS kind, s.origin AS origin
