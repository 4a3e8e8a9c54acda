// A batched load is finished or undone: forget its journal entry.
MATCH (j:GraphMeta {id: 'load:' + $load_id}) DELETE j
