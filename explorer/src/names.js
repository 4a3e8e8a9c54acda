// How things are named on the page, in the current language: interface strings, entities,
// the ontology's terms (vocab.json) and statements. Nothing raw reaches the reader.
import { STRINGS } from "./i18n.js";
import VOCAB from "./vocab.json";
import { state } from "./state.js";

const L = () => (state.lang === "en" ? 1 : 0);

export function t(key, ...args) {
  const v = STRINGS[state.lang][key];
  return typeof v === "function" ? v(...args) : v;
}

export const isStatement = (d) => Array.isArray(d.labels) && d.labels.includes("Statement");
export const entityType = (d) =>
  d.type || (d.labels || []).find((l) => !["Entity", "Organisation", "OrganisationalUnit"].includes(l)) || (d.labels || [])[1];

export function nameOf(e) {
  if (!e) return "";
  const [first, second] = state.lang === "en" ? [e.name_en, e.name_zh] : [e.name_zh, e.name_en];
  return first || second || (state.lang === "en" ? e.label_en : e.label_zh) || e.label || e.id;
}

export function otherNameOf(e) {
  const [first, second] = state.lang === "en" ? [e.name_en, e.name_zh] : [e.name_zh, e.name_en];
  return first && second && first !== second ? second : "";
}

const term = (table, key) => (table[key] ? table[key][L()] : null);
export const typeName = (type) => term(VOCAB.types, type) || type || "";
export const className = (cls) => term(VOCAB.classes, cls) || cls || "";
export const relationName = (rel) => term(VOCAB.relations, rel) || term(VOCAB.roles, rel) || rel || "";
export const roleName = (role) => term(VOCAB.roles, role) || role || "";
export const propName = (key) => term(VOCAB.properties, key) || key;

// An enumerated value (level, kind, rank, year basis, status), named; free text is kept as is.
export function enumName(field, value) {
  if (value === null || value === undefined || value === "") return "";
  const table = VOCAB.enums[field];
  return (table && table[value] ? table[value][L()] : null) || String(value);
}
export const ENUM_FIELDS = new Set(Object.keys(VOCAB.enums));

// A position: the English title where the English page has one.
export const roleText = (st) => (state.lang === "en" && st.role_en ? st.role_en : st.role) || "";

// A statement by what it says, e.g. "中国医师奖 → 单瑞萍" (from the API's labels when it sends them).
export function statementLabel(d) {
  const own = state.lang === "en" ? d.label_en : d.label_zh;
  if (own) return own;
  const when = d.year || d.date || d.since || d.as_of || "";
  const what = d.class === "Figure" && d.value !== undefined ? `${d.value}${d.unit || ""}`
    : d.class === "Milestone" ? enumName("kind", d.kind)
      : d.class === "Tenure" ? roleText(d)
        : d.class === "Partnership" ? enumName("kind", d.kind) : "";
  return [className(d.class), what, when].filter(Boolean).join(" · ");
}

export function displayLabel(d) {
  if (d.group) return t("groupOf", groupName(d.group), d.count);
  return isStatement(d) ? statementLabel(d) : nameOf(d);
}

// Groups of a hub's neighbours (see groups.js): named after a type, a class or a relation.
export function groupName(key) {
  const [kind, value] = key.split(":");
  if (kind === "type") return typeName(value);
  if (kind === "class") return className(value);
  return relationName(value);
}
