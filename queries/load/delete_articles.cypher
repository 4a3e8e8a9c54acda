// Delete articles (no longer in the data folder) by id.
UNWIND $ids AS id
MATCH (a:Article {id: id}) DETACH DELETE a
