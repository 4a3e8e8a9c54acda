// Delete structural relationships of one type by fact id.
UNWIND $ids AS id
MATCH ()-[r:{rel_type} {fact_id: id}]->() DELETE r
