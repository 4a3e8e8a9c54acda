// One batch of a dead load is undone: forget its record.
MATCH (b:GraphMeta {id: $id}) DELETE b
