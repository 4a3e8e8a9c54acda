// The state of the curation view: the token, the article being curated, the ontology's
// answer, the entities the cards may name, and the cards (drafts and selections):
// {id, subject, predicate, object, qualifiers, quote, start, end, status, saved, fact,
//  confidence, rule, problems, selection, suggestion}
export const cur = { token: sessionStorage.getItem("hkg-curator") || "", article: null, text: "", etag: null,
  ontology: null, entities: new Map(), declared: [], existing: [], cards: [], newEntityCount: 0 };
