// The batches a dead batched load committed, newest first (what it created, to undo).
MATCH (b:GraphMeta) WHERE b.id STARTS WITH 'load:' + $load_id + ':'
RETURN b.id AS id, b.kind AS kind, b.rel_type AS rel_type, b.ids AS ids
ORDER BY b.batch DESC
