// A batched load starts: its journal entry, before any of its batches commits.
CREATE (j:GraphMeta {id: 'load:' + $load_id, load_id: $load_id, state: 'writing', started: datetime(), holder: $holder})
