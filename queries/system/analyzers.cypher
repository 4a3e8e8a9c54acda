// Full-text analyzers this server offers (the CJK one is needed for Chinese names).
CALL db.index.fulltext.listAvailableAnalyzers() YIELD analyzer
RETURN analyzer
