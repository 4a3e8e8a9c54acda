// Batched loads that have not finished: 'writing' ones died before their final commit (to undo), 'committed' ones before removing their marks.
MATCH (j:GraphMeta) WHERE j.id STARTS WITH 'load:'
RETURN j.load_id AS load_id, j.state AS state, j.holder AS holder
