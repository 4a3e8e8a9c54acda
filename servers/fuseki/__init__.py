"""Apache Jena Fuseki, the project's SPARQL engine: fetched from Maven Central by pom.xml,
configured by config.ttl, serving a TDB2 store built from the graph (store.py) and rebuilt
when the graph version changes (keeper.py). The API only proxies to it (api/routes/sparql.py)."""
