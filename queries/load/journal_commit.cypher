// In the batched load's final transaction: its batches are now part of the graph.
MATCH (j:GraphMeta {id: 'load:' + $load_id}) SET j.state = 'committed', j.committed = datetime()
