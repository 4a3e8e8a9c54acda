// One entity with its structural relationships (both directions) and every statement it takes part in, with the statements' other participants and sources.
MATCH (n:Entity {id: $id})
RETURN n {.*, labels: labels(n)} AS entity,
  [(n)-[r]->(o:Entity) | {direction: 'out', relation: type(r), entity: o {.id, .name_zh, .name_en, .type}, link: r {.*}}] +
  [(n)<-[r]-(o:Entity) | {direction: 'in', relation: type(r), entity: o {.id, .name_zh, .name_en, .type}, link: r {.*}}] AS links,
  [(s:Statement)-[role]->(n) | {role: type(role), statement: s {.*, labels: labels(s)},
     participants: [(s)-[pr]->(p:Entity) WHERE p <> n | {role: type(pr), entity: p {.id, .name_zh, .name_en, .type}}],
     sources: [(s)-[c:CITES]->(a:Article) | {article_id: a.id, article_title: a.title, quote: c.quote, start: c.start, end: c.end}]}] AS statements
