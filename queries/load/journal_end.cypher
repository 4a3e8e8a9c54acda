// A batched load committed (in its final transaction) or was undone: forget its journal.
MATCH (j:GraphMeta) WHERE j.id = 'load:' + $load_id OR j.id STARTS WITH 'load:' + $load_id + ':'
DELETE j
