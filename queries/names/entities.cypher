// Every entity's names for the name resolver: Chinese, English, pinyin and the curated names with their kind.
MATCH (n:Entity)
RETURN n.id AS id, n.type AS type, n.name_zh AS name_zh, n.name_en AS name_en, n.pinyin AS pinyin,
       n.names_json AS names_json, n.kind AS kind
ORDER BY n.id
