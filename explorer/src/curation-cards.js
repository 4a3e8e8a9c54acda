// The curation view's cards: one per proposed (or selected) fact — the predicate from the
// ontology's list (a selection starts with none: the drafts' guess is offered as a suggestion),
// subject and object by search-as-you-type or as a new entity, the qualifiers the predicate
// takes as inputs of their kind (closed lists as selects, years as numbers), the quote and
// where it came from; accept / reject; the page's and the validator's messages on the card.
import { el } from "./dom.js";
import { state } from "./state.js";
import { enumName, nameOf, t, typeName } from "./names.js";
import { cur } from "./curation-state.js";
import { checkCard, fieldsOf, predicateOf } from "./curation-check.js";
import { entityPicker, newEntityForm } from "./curation-entities.js";

export { cur };

const label = (p) => `${state.lang === "en" ? p.label_en : p.label_zh} (${p.name})`;

// An enumerated value's name: the page's vocabulary, else the ontology's label, else the value.
function valueName(field, v) {
  const named = enumName(field.key, v.value);
  return named !== String(v.value) ? named : (state.lang === "en" ? v.label_en : v.label_zh) || v.value;
}

// The name behind an id the curator typed or the draft linked.
function named(id) {
  const e = cur.entities.get(id);
  return el("span", { class: "muted cur-named" }, e ? `${nameOf(e)} · ${typeName(e.type)}` : "");
}

function qualifierInput(card, f, rerender) {
  const q = card.qualifiers || (card.qualifiers = {});
  const v = q[f.key];
  const set = (value) => {
    if (value === "" || value === null || value === undefined) delete q[f.key];
    else q[f.key] = value;
    rerender();
  };
  const aria = { "aria-label": f.key, class: `cur-q cur-q-${f.key}`, dataset: { key: f.key } };
  if (f.input === "enum") {
    return el("select", { ...aria, onchange: (ev) => set(ev.target.value) },
      el("option", { value: "" }, t("chooseValue")),
      ...f.values.map((x) => el("option", { value: x.value, selected: x.value === v || undefined }, valueName(f, x))));
  }
  if (f.input === "year") {
    return el("input", { ...aria, type: "number", min: "1800", max: "2100", step: "1", inputmode: "numeric", value: v ?? "",
      onchange: (ev) => set(ev.target.value === "" ? "" : Number(ev.target.value)) });
  }
  if (f.input === "entity") return entityPicker({ get [f.key]() { return q[f.key]; }, set [f.key](x) { q[f.key] = x; } }, f.key, f.key, f.range || [], rerender);
  return el("input", { ...aria, type: "text", value: v ?? "", placeholder: f.input === "date" ? "YYYY-MM-DD" : "",
    onchange: (ev) => set(ev.target.value.trim()) });
}

// The qualifiers the predicate takes: the required ones and those with a value, and a list to add others.
function qualifierRows(card, rerender) {
  const fields = fieldsOf(card.predicate);
  if (!fields.length) return "";
  const q = card.qualifiers || {};
  const shown = fields.filter((f) => f.required || (q[f.key] !== undefined && q[f.key] !== ""));
  const rest = fields.filter((f) => !shown.includes(f));
  const add = el("select", { class: "cur-add-qualifier", "aria-label": t("addQualifier"),
    onchange: (ev) => { if (ev.target.value) { card.qualifiers = { ...q, [ev.target.value]: "" }; card.adding = ev.target.value; rerender(); } } },
  el("option", { value: "" }, t("addQualifier")), ...rest.map((f) => el("option", { value: f.key }, f.key)));
  if (card.adding && !shown.some((f) => f.key === card.adding)) shown.push(fields.find((f) => f.key === card.adding));
  return el("div", { class: "cur-qualifiers" },
    ...shown.map((f) => el("div", { class: "cur-row cur-qualifier" },
      el("label", {}, `${f.key}${f.required ? " *" : ""}`, qualifierInput(card, f, rerender)),
      f.required ? "" : el("button", { type: "button", class: "cur-q-remove", "aria-label": `${t("remove")} ${f.key}`,
        onclick: () => { delete q[f.key]; card.adding = null; rerender(); } }, "×"))),
    rest.length ? add : "");
}

function objectRow(card, p, rerender) {
  if (p && p.object_input !== "entity") {
    return el("div", { class: "cur-row" }, el("label", {}, t("object"),
      el("input", { type: p.object_input === "number" ? "number" : "text", class: "cur-object", "aria-label": t("object"),
        value: card.object ?? "", onchange: (ev) => {
          card.object = p.object_input === "number" && ev.target.value !== "" ? Number(ev.target.value) : ev.target.value.trim();
          rerender();
        } })));
  }
  const range = p ? p.range : [];
  return el("div", {}, el("div", { class: "cur-row" }, el("label", {}, t("object"), entityPicker(card, "object", t("object"), range, rerender)),
    named(card.object)),
  card.selection && !cur.entities.has(card.object) ? newEntityForm(card, "object", range, rerender) : "");
}

export function cardNode(card, rerender) {
  const p = predicateOf(card.predicate);
  const predicates = cur.ontology ? cur.ontology.predicates : [];
  const predicate = el("select", { class: "cur-predicate", "aria-label": t("predicate"), disabled: card.saved || undefined,
    onchange: () => { card.predicate = predicate.value; rerender(); } },
  el("option", { value: "", selected: !card.predicate || undefined }, t("choosePredicate")),
  ...predicates.map((x) => el("option", { value: x.name, selected: x.name === card.predicate || undefined }, label(x))));
  const suggestion = card.suggestion && card.suggestion !== card.predicate && predicateOf(card.suggestion);
  const checks = card.saved || card.status === "rejected" ? [] : checkCard(card);
  card.checks = checks;
  const statusText = card.saved ? t("savedAs", card.fact || card.savedId) : card.status === "accepted" ? t("accepted")
    : card.status === "rejected" ? t("rejected") : "";
  return el("li", { class: `cur-card ${card.status || "pending"}${card.saved ? " saved" : ""}`, tabindex: "0",
    dataset: { card: card.id, rule: card.rule || "", status: card.status || "pending" } },
  el("blockquote", { class: "quote", lang: "zh" }, card.quote),
  el("div", { class: "cur-row" }, el("label", {}, t("subject"), entityPicker(card, "subject", t("subject"), p ? p.domain : [], rerender)), named(card.subject)),
  card.selection && card.subject && !cur.entities.has(card.subject) ? newEntityForm(card, "subject", p ? p.domain : [], rerender) : "",
  el("div", { class: "cur-row" }, el("label", {}, t("predicate"), predicate)),
  suggestion ? el("p", { class: "cur-suggestion muted" }, t("suggested", label(suggestion)),
    el("button", { type: "button", class: "cur-use-suggestion", onclick: () => { card.predicate = suggestion.name; rerender(); } }, t("useSuggestion"))) : "",
  objectRow(card, p, rerender),
  p ? qualifierRows(card, rerender) : "",
  card.rule ? el("div", { class: "muted" }, t("confidence", card.confidence, card.rule)) : "",
  el("ul", { class: "cur-problems cur-checks", role: "status" }, ...checks.map((m) => el("li", {}, m))),
  el("ul", { class: "cur-problems", role: "alert" }, ...(card.problems || []).map((m) => el("li", {}, m))),
  el("div", { class: "fact-tools" },
    card.saved ? "" : el("button", { type: "button", class: "cur-accept", "aria-pressed": String(card.status === "accepted"),
      disabled: card.status !== "accepted" && checks.length ? true : undefined, title: checks.join("; ") || undefined,
      onclick: () => { card.status = card.status === "accepted" ? null : "accepted"; rerender(); } },
    card.status === "accepted" ? t("undo") : t("accept")),
    card.saved ? "" : el("button", { type: "button", class: "cur-reject", "aria-pressed": String(card.status === "rejected"),
      onclick: () => rerender({ reject: card }) }, card.status === "rejected" ? t("undo") : t("reject")),
    statusText ? el("span", { class: "muted cur-status" }, statusText) : ""));
}

// Whether the accepted, unsaved cards can be saved: at least one, and every one complete.
export function saveState() {
  const todo = cur.cards.filter((c) => c.status === "accepted" && !c.saved);
  const bad = todo.filter((c) => checkCard(c).length);
  return { todo: todo.length, bad: bad.length };
}

const ENTITY_KEYS = ["id", "type", "name_zh", "name_en", "pinyin", "kind", "level", "aliases"];
const FACT_KEYS = ["id", "subject", "predicate", "object", "qualifiers", "quote", "start", "end", "occurrence", "also"];
const only = (o, keys) => Object.fromEntries(keys.filter((k) => o[k] !== undefined && o[k] !== null).map((k) => [k, o[k]]));

// The article's whole curated content: what was there, and the accepted unsaved cards with ids;
// and which drafts they came from, so that reopening the article shows those drafts accepted.
export function saveBody() {
  let n = Math.max(0, ...cur.existing.map((f) => Number(String(f.id).split("-")[1]) || 0));
  const accepted = cur.cards.filter((c) => c.status === "accepted" && !c.saved);
  for (const c of accepted) if (!c.savedId) c.savedId = `${cur.article}-${String(++n).padStart(3, "0")}`;
  const used = new Set(accepted.flatMap((c) => [c.subject, c.object, c.qualifiers?.conferrer]));
  const declared = new Set(cur.declared.map((e) => e.id));
  const entities = [...cur.declared, ...[...cur.entities.values()].filter((e) => !e.linked && used.has(e.id) && !declared.has(e.id))
    .map((e) => Object.fromEntries(ENTITY_KEYS.filter((k) => e[k] !== undefined && e[k] !== "").map((k) => [k, e[k]])))];
  const qualifiers = (c) => Object.fromEntries(Object.entries(c.qualifiers || {}).filter(([, v]) => v !== "" && v !== null && v !== undefined));
  const facts = [...cur.existing.map((f) => only(f, FACT_KEYS)), ...accepted.map((c) => ({ id: c.savedId, subject: c.subject, predicate: c.predicate,
    object: c.object, ...(Object.keys(qualifiers(c)).length ? { qualifiers: qualifiers(c) } : {}),
    quote: c.quote, start: c.start, end: c.end }))];
  const fromProposals = Object.fromEntries(accepted.filter((c) => c.rule).map((c) => [c.id, c.savedId]));
  return { entities, facts, from_proposals: fromProposals,
    summary: `accepted ${accepted.filter((c) => c.rule).length} drafts, ${accepted.filter((c) => c.selection).length} by selection` };
}
