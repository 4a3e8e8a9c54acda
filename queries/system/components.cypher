// The server's name, version and edition (Neo4j's dbms.components()).
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions[0] AS version, edition
