// Uniqueness constraints and lookup indexes every load relies on (idempotent; statements separated by ';').
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT statement_id IF NOT EXISTS FOR (n:Statement) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT article_id IF NOT EXISTS FOR (n:Article) REQUIRE n.id IS UNIQUE;
CREATE INDEX entity_origin IF NOT EXISTS FOR (n:Entity) ON (n.origin);
CREATE INDEX entity_type IF NOT EXISTS FOR (n:Entity) ON (n.type);
CREATE INDEX statement_origin IF NOT EXISTS FOR (n:Statement) ON (n.origin);
CREATE INDEX statement_year IF NOT EXISTS FOR (n:Statement) ON (n.year);
CREATE INDEX statement_predicate IF NOT EXISTS FOR (n:Statement) ON (n.predicate);
CREATE INDEX place_name_zh IF NOT EXISTS FOR (n:Place) ON (n.name_zh);
CREATE INDEX place_name_en IF NOT EXISTS FOR (n:Place) ON (n.name_en);
CREATE TEXT INDEX entity_search_text IF NOT EXISTS FOR (n:Entity) ON (n.search_text);
CREATE FULLTEXT INDEX entity_names_zh IF NOT EXISTS FOR (n:Entity) ON EACH [n.name_zh, n.search_zh]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};
CREATE FULLTEXT INDEX entity_names_en IF NOT EXISTS FOR (n:Entity) ON EACH [n.name_en, n.search_en]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}};
CREATE CONSTRAINT graph_meta_id IF NOT EXISTS FOR (n:GraphMeta) REQUIRE n.id IS UNIQUE
