// A trivial read: its bookmark (the database's last committed transaction) is the version key of the export, SPARQL and analytics caches.
RETURN 1 AS ok
