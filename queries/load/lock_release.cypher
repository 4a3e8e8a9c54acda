// Give the load lease back (only if it is still ours).
MATCH (l:GraphMeta {id: 'lock:load'}) WHERE l.token = $token
SET l.last_holder = l.holder, l.released = datetime()
REMOVE l.token, l.holder, l.since, l.expires
