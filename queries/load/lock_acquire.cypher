// Take the load lease if it is free, expired or already ours; the first SET takes the node's write lock, so the check that follows sees the last committed holder.
MERGE (l:GraphMeta {id: 'lock:load'})
SET l.probe = $token
WITH l, (l.token IS NULL OR l.expires < datetime() OR l.token = $token) AS free
SET l.token = CASE WHEN free THEN $token ELSE l.token END,
    l.holder = CASE WHEN free THEN $holder ELSE l.holder END,
    l.since = CASE WHEN free THEN datetime() ELSE l.since END,
    l.expires = CASE WHEN free THEN datetime() + duration({seconds: $ttl}) ELSE l.expires END
REMOVE l.probe
RETURN free, l.holder AS holder, toString(l.since) AS since,
       duration.inSeconds(datetime(), l.expires).seconds AS expires_in
