// One entity with its structural relationships (both directions) and every statement it takes part in, with the statements' other participants and sources.
// In one order, never the store's: links by direction, then the other end's id, then relation; statements by year, date, id, then role; participants by entity id then role; sources by article id then offset.
MATCH (n:Entity {id: $id})
RETURN n {.*, labels: labels(n)} AS entity,
  COLLECT {
    MATCH (n)-[r]->(o:Entity)
    RETURN {direction: 'out', relation: type(r), entity: o {.id, .name_zh, .name_en, .type}, link: r {.*}} ORDER BY o.id, type(r)
  } +
  COLLECT {
    MATCH (n)<-[r]-(o:Entity)
    RETURN {direction: 'in', relation: type(r), entity: o {.id, .name_zh, .name_en, .type}, link: r {.*}} ORDER BY o.id, type(r)
  } AS links,
  COLLECT {
    MATCH (s:Statement)-[role]->(n)
    RETURN {role: type(role), statement: s {.*, labels: labels(s)},
     participants: COLLECT { MATCH (s)-[pr]->(p:Entity) WHERE p <> n
                             RETURN {role: type(pr), entity: p {.id, .name_zh, .name_en, .type}} ORDER BY p.id, type(pr) },
     sources: COLLECT { MATCH (s)-[c:CITES]->(a:Article)
                        RETURN {article_id: a.id, article_title: a.title, quote: c.quote, start: c.start, end: c.end}
                        ORDER BY a.id, c.start, c.end, c.quote }}
    ORDER BY s.year IS NULL, s.year, s.date, s.id, type(role)
  } AS statements
