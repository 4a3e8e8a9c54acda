// The graph version: set by every committed load on the one (:GraphMeta {id:'graph'}) node; null before the first.
OPTIONAL MATCH (m:GraphMeta {id: 'graph'})
RETURN m.version AS version, m.load_id AS load_id, toString(m.updated_at) AS updated_at
