// The graph version the last committed load set (null before the first versioned load); read by a download when the app has no version watcher.
OPTIONAL MATCH (m:GraphMeta {id: 'graph'})
RETURN m.version AS version, toString(m.updated_at) AS updated_at
