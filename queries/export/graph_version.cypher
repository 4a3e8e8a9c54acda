// The graph version a committed load set (loaders: load/bump_version); null before any load.
OPTIONAL MATCH (m:GraphMeta {id: 'graph'})
RETURN m.version AS version
