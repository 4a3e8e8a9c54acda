// The curation view's cards: one per proposed (or selected) fact — predicate from the
// ontology, subject and object by search-as-you-type or as a new entity, qualifiers, the quote
// and where it came from; accept / reject; the validator's messages on the card they concern.
import { el } from "./dom.js";
import { api } from "./api.js";
import { state } from "./state.js";
import { nameOf, t, typeName } from "./names.js";

// The facts of the article being curated, proposals and selections alike:
// {id, subject, predicate, object, qualifiers, quote, start, end, status, confidence, rule, problems}
export const cur = { token: sessionStorage.getItem("hkg-curator") || "", article: null, text: "", etag: null,
  ontology: null, entities: new Map(), declared: [], existing: [], cards: [], newEntityCount: 0 };

const qualifierText = (q) => Object.entries(q || {}).map(([k, v]) => `${k}: ${v}`).join("; ");
// A typed value as the fact file stores it: "2024" is the year 2024 (an xsd:gYear, an integer
// in YAML), not the string "2024", which the validator refuses; "2023-11" stays a date string.
function typed(v) {
  return /^-?\d+$/.test(v) ? Number(v) : /^-?\d+\.\d+$/.test(v) ? Number(v) : v;
}

function parseQualifiers(s) {
  const out = {};
  for (const part of s.split(/[;；]/)) {
    const i = part.search(/[:：]/);
    if (i > 0) out[part.slice(0, i).trim()] = typed(part.slice(i + 1).trim());
  }
  return out;
}

// Entity names the curator can type: this article's entities, and the graph's by search.
function entityInput(card, field, listId) {
  const input = el("input", { type: "text", value: card[field] ?? "", list: listId, "aria-label": t(field),
    class: `cur-${field}`, autocomplete: "off" });
  let timer = null;
  input.addEventListener("input", () => {
    card[field] = input.value.trim();
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) return;
    timer = setTimeout(async () => {
      try {
        const page = await api.search(q);
        const list = document.getElementById(listId);
        for (const item of page.items.slice(0, 8)) {
          if (!cur.entities.has(item.id)) cur.entities.set(item.id, { ...item, linked: true });
          if (!list.querySelector(`option[value="${CSS.escape(item.id)}"]`)) list.append(el("option", { value: item.id }, `${nameOf(item)} · ${typeName(item.type)}`));
        }
      } catch { /* suggestions are a help, not a need */ }
    }, 200);
  });
  return input;
}

// The name behind an id the curator typed or the draft linked.
function named(id) {
  const e = cur.entities.get(id);
  return el("span", { class: "muted cur-named" }, e ? `${nameOf(e)} · ${typeName(e.type)}` : "");
}

function newEntityForm(card, rerender) {
  const type = el("select", { "aria-label": t("entityType"), class: "cur-new-type" },
    ...(cur.ontology ? cur.ontology.entity_types : []).filter((x) => x !== "OrganisationalUnit").map((x) => el("option", { value: x }, typeName(x))));
  const zh = el("input", { type: "text", "aria-label": "name_zh", class: "cur-new-zh", value: card.quote || "" });
  const en = el("input", { type: "text", "aria-label": t("nameEn"), class: "cur-new-en" });
  const make = el("button", { type: "button", class: "cur-new-make", onclick: () => {
    const prefix = (cur.ontology.id_prefixes || {})[type.value] || "ent";
    cur.newEntityCount += 1;
    const id = `${prefix}-${cur.article.toLowerCase()}-n${cur.newEntityCount}`;
    cur.entities.set(id, { id, type: type.value, name_zh: zh.value.trim(), name_en: en.value.trim(), linked: false, used: true });
    card.object = id;
    rerender();
  } }, t("newEntity"));
  return el("div", { class: "cur-new-entity" }, type, zh, en, make);
}

export function cardNode(card, rerender) {
  const predicates = cur.ontology ? cur.ontology.predicates : [];
  const predicate = el("select", { class: "cur-predicate", "aria-label": t("predicate"),
    onchange: () => { card.predicate = predicate.value; } },
  ...predicates.map((p) => el("option", { value: p.name, selected: p.name === card.predicate || undefined },
    `${state.lang === "en" ? p.label_en : p.label_zh} (${p.name})`)));
  const qualifiers = el("input", { type: "text", class: "cur-qualifiers", value: qualifierText(card.qualifiers),
    "aria-label": t("qualifiers"), onchange: () => { card.qualifiers = parseQualifiers(qualifiers.value); } });
  const status = card.status === "accepted" ? t("accepted") : card.status === "rejected" ? t("rejected") : "";
  const node = el("li", { class: `cur-card ${card.status || "pending"}`, dataset: { card: card.id, rule: card.rule || "" } },
    el("blockquote", { class: "quote", lang: "zh" }, card.quote),
    el("div", { class: "cur-row" }, el("label", {}, t("subject"), entityInput(card, "subject", "cur-entities-list")), named(card.subject)),
    el("div", { class: "cur-row" }, el("label", {}, t("predicate"), predicate)),
    el("div", { class: "cur-row" }, el("label", {}, t("object"), entityInput(card, "object", "cur-entities-list")), named(card.object)),
    card.selection && !cur.entities.has(card.object) ? newEntityForm(card, rerender) : "",
    el("div", { class: "cur-row" }, el("label", {}, t("qualifiers"), qualifiers)),
    card.rule ? el("div", { class: "muted" }, t("confidence", card.confidence, card.rule)) : "",
    el("ul", { class: "cur-problems", role: "alert" }, ...(card.problems || []).map((p) => el("li", {}, p))),
    el("div", { class: "fact-tools" },
      el("button", { type: "button", class: "cur-accept", "aria-pressed": String(card.status === "accepted"),
        onclick: () => { card.status = card.status === "accepted" ? null : "accepted"; rerender(); } },
      card.status === "accepted" ? t("undo") : t("accept")),
      el("button", { type: "button", class: "cur-reject", "aria-pressed": String(card.status === "rejected"),
        onclick: () => { card.status = card.status === "rejected" ? null : "rejected"; rerender(); } }, t("reject")),
      status ? el("span", { class: "muted" }, status) : ""));
  return node;
}

// New entities the accepted facts use, with their English names (and pinyin for people) to fill.
export function entityForms(rerender) {
  const used = new Set(cur.cards.filter((c) => c.status === "accepted").flatMap((c) => [c.subject, c.object, c.qualifiers?.conferrer]));
  const fresh = [...cur.entities.values()].filter((e) => !e.linked && used.has(e.id));
  return el("ul", { class: "cur-entities" }, ...fresh.map((e) => el("li", { dataset: { entity: e.id } },
    el("span", {}, `${e.name_zh} · ${typeName(e.type)} `), el("code", {}, e.id),
    el("input", { type: "text", value: e.name_en || "", "aria-label": `${t("nameEn")} ${e.name_zh}`, class: "cur-name-en",
      onchange: (ev) => { e.name_en = ev.target.value.trim(); } }),
    e.type === "Person" ? el("input", { type: "text", value: e.pinyin || "", "aria-label": `${t("pinyin")} ${e.name_zh}`,
      onchange: (ev) => { e.pinyin = ev.target.value.trim(); } }) : "",
    el("ul", { class: "cur-problems" }, ...(e.problems || []).map((p) => el("li", {}, p))))));
}

const ENTITY_KEYS = ["id", "type", "name_zh", "name_en", "pinyin", "kind", "level", "aliases"];
const FACT_KEYS = ["id", "subject", "predicate", "object", "qualifiers", "quote", "start", "end", "occurrence", "also"];
const only = (o, keys) => Object.fromEntries(keys.filter((k) => o[k] !== undefined && o[k] !== null).map((k) => [k, o[k]]));

// The article's whole curated content: what was there, and the accepted cards with ids.
export function saveBody() {
  let n = Math.max(0, ...cur.existing.map((f) => Number(String(f.id).split("-")[1]) || 0));
  const accepted = cur.cards.filter((c) => c.status === "accepted");
  for (const c of accepted) if (!c.savedId) c.savedId = `${cur.article}-${String(++n).padStart(3, "0")}`;
  const used = new Set(accepted.flatMap((c) => [c.subject, c.object, c.qualifiers?.conferrer]));
  const declared = new Set(cur.declared.map((e) => e.id));
  const entities = [...cur.declared, ...[...cur.entities.values()].filter((e) => !e.linked && used.has(e.id) && !declared.has(e.id))
    .map((e) => Object.fromEntries(ENTITY_KEYS.filter((k) => e[k] !== undefined && e[k] !== "").map((k) => [k, e[k]])))];
  const facts = [...cur.existing.map((f) => only(f, FACT_KEYS)), ...accepted.map((c) => ({ id: c.savedId, subject: c.subject, predicate: c.predicate,
    object: /^-?\d+(\.\d+)?$/.test(String(c.object)) ? Number(c.object) : c.object,
    ...(Object.keys(c.qualifiers || {}).length ? { qualifiers: c.qualifiers } : {}),
    quote: c.quote, start: c.start, end: c.end }))];
  return { entities, facts, summary: `accepted ${accepted.filter((c) => c.rule).length} drafts, ${accepted.filter((c) => c.selection).length} by selection` };
}
