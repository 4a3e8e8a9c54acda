// Record the fact files a load read (in its final transaction) and forget the removed ones.
MERGE (m:GraphMeta {id: 'manifest'})
SET m.fingerprint = $fingerprint
WITH m
CALL (m) {
  UNWIND $files AS f
  MERGE (n:GraphMeta {id: 'file:' + f.name})
  SET n += f
}
CALL (m) {
  UNWIND $removed AS name
  MATCH (n:GraphMeta {id: 'file:' + name})
  DELETE n
}
RETURN count(*) AS ok
