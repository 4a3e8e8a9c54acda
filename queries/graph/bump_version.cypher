// A new graph version, written in a load's final transaction so that it changes exactly when the load commits.
MERGE (m:GraphMeta {id: 'graph'})
SET m.version = $version, m.load_id = $load_id, m.updated_at = datetime()
RETURN m.version AS version
