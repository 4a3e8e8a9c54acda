// Create or replace source articles.
UNWIND $rows AS row
MERGE (a:Article {id: row.id})
SET a = row
