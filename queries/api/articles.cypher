// Source articles with how many facts cite each.
MATCH (a:Article)
CALL (a) { OPTIONAL MATCH (s:Statement)-[:CITES]->(a) RETURN count(DISTINCT s) AS statements }
CALL (a) { OPTIONAL MATCH ()-[r]->() WHERE a.id IN r.articles RETURN count(r) AS links }
WITH a, statements + links AS facts ORDER BY a.id
WITH collect(a {.id, .title, .title_en, .outlet, .reporters, .correspondents, .date, .date_basis, facts: facts}) AS rows
RETURN size(rows) AS total, rows[$offset..$offset + $limit] AS items
