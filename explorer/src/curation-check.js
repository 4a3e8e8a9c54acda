// What a card must say before it can be accepted, checked in the page as the validator will
// check it on save (the server checks again; its messages land on the same card): a predicate
// of the ontology, known entities of the types the predicate takes, the required qualifiers,
// values from the closed lists, years as numbers, dates as dates; and a new entity's id.
import { cur } from "./curation-state.js";
import { t } from "./names.js";

const DATE = /^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$/;
const YEAR = /^[0-9]{4}$/;

export const predicateOf = (name) => (cur.ontology ? cur.ontology.predicates.find((p) => p.name === name) : null);
export const fieldsOf = (name) => (predicateOf(name) || { qualifiers: [] }).qualifiers;
// The type an entity id stands for: this article's entities (drafted, new, declared) or the graph's.
export const typeOf = (id) => (cur.entities.get(id) || {}).type || null;
const isA = (type, cls) => ((cur.ontology.classes || {})[type] || [type]).includes(cls);
const fits = (type, classes) => !classes.length || classes.some((c) => isA(type, c));

function entityProblems(label, id, classes) {
  if (!id) return [t("chkMissing", label)];
  const type = typeOf(id);
  if (!type) return [t("chkUnknownEntity", label, id)];
  return fits(type, classes) ? [] : [t("chkWrongType", label, type, classes.join(", "))];
}

// The messages of a card, empty when it can be accepted.
export function checkCard(card) {
  const p = predicateOf(card.predicate);
  if (!p) return [t("chkPredicate")];
  const out = [...entityProblems(t("subject"), card.subject, p.domain)];
  if (p.object_input === "entity") out.push(...entityProblems(t("object"), card.object, p.range));
  else if (card.object === "" || card.object === undefined || card.object === null) out.push(t("chkMissing", t("object")));
  else if (p.object_input === "number" && !Number.isFinite(Number(card.object))) out.push(t("chkNumber", card.object));
  const q = card.qualifiers || {};
  for (const f of p.qualifiers) {
    const v = q[f.key];
    const empty = v === undefined || v === null || v === "";
    if (empty) {
      if (f.required) out.push(t("chkRequired", f.key));
      continue;
    }
    if (f.input === "enum" && !f.values.some((x) => x.value === v)) out.push(t("chkEnum", f.key, v));
    if (f.input === "year" && !(Number.isInteger(v) && YEAR.test(String(v)))) out.push(t("chkYear", v));
    if (f.input === "date" && !DATE.test(String(v))) out.push(t("chkDate", f.key, v));
    if (f.input === "entity") out.push(...entityProblems(f.key, v, f.range || []));
  }
  for (const k of Object.keys(q)) if (!p.qualifiers.some((f) => f.key === k)) out.push(t("chkUnknownQualifier", k));
  return out;
}

// Why an id cannot be a new entity's (empty when it can): the id rule, its type's prefix,
// and no clash with an id this article or the graph already has (`taken`: the graph's answer).
export function checkId(id, type, { self = null, taken = false } = {}) {
  const rule = cur.ontology.id_rule;
  const prefix = (cur.ontology.id_prefixes || {})[type];
  if (!id) return [t("chkIdMissing")];
  if (!new RegExp(rule.pattern).test(id) || id.length > rule.max_length) return [t("chkIdRule", rule.max_length)];
  if (prefix && !id.startsWith(`${prefix}-`)) return [t("chkIdPrefix", type, prefix)];
  const other = cur.entities.get(id);
  if ((other && other !== self) || taken) return [t("chkIdTaken", id, other ? other.name_zh || "" : "")];
  return [];
}
