// The load manifest: the loader fingerprint and, per fact file, the hash of its bytes and of its article text, its origin and what it holds.
OPTIONAL MATCH (m:GraphMeta {id: 'manifest'})
OPTIONAL MATCH (f:GraphMeta) WHERE f.id STARTS WITH 'file:'
RETURN m.fingerprint AS fingerprint,
       collect(f {.name, .sha, .origin, .article, .text_sha, .counts}) AS files
