// Batched loads that died before their final commit (their journal entry is still there).
MATCH (j:GraphMeta) WHERE j.id STARTS WITH 'load:' AND j.state = 'writing'
RETURN j.load_id AS load_id, j.holder AS holder
