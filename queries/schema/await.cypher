// Wait until every index is online (full-text indexes populate in the background).
CALL db.awaitIndexes(300)
