// A new graph version in a load's final transaction (the loader's own copy until graph/version.py lands; same node and properties).
MERGE (m:GraphMeta {id: 'graph'})
SET m.version = $version, m.load_id = $load_id, m.updated_at = datetime()
RETURN m.version AS version
