// In a batch transaction of a batched load: the ids of the items it created, so that a dead load can be undone.
CREATE (b:GraphMeta {id: 'load:' + $load_id + ':' + toString($n), load_id: $load_id, batch: $n,
                     kind: $kind, rel_type: $rel_type, ids: $ids})
