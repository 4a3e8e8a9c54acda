// Extend our load lease (run while the load works and as the last statement of each of its write transactions); held = 0 when the lease was lost.
OPTIONAL MATCH (l:GraphMeta {id: 'lock:load'}) WHERE l.token = $token
SET l.expires = datetime() + duration({seconds: $ttl})
RETURN count(l) AS held
