// The details tab: an entity (properties, relationships, statements with their sources), a
// statement, a relationship, a group of a hub's neighbours, or one fact (#fact=ID).
import { $, el, isChinese } from "./dom.js";
import { actions, state } from "./state.js";
import { COLOURS, cy } from "./graph.js";
import { className, ENUM_FIELDS, enumName, groupName, nameOf, otherNameOf, propName, relationName, roleName,
  roleText, statementLabel, t, typeName } from "./names.js";
import { evidenceControls, quoteBlock, sentenceBlock, citeButton } from "./evidence.js";

export function entityLink(e) {
  if (!e) return "";
  return el("a", { href: `#${new URLSearchParams({ entity: e.id })}`, class: "entity-link", title: e.id,
    onclick: (ev) => { ev.preventDefault(); actions.openEntity(e.id, { push: true }); } },
  nameOf(e));
}

const badge = (type) => el("span", { class: "badge", style: `background:${COLOURS[type] || "#95a5a6"}`, "aria-hidden": "true" });

const SKIP_PROPS = new Set(["labels", "names", "label", "display", "colour", "starts", "ends", "quotes", "parent",
  "subject_id", "object_id", "class", "predicate", "name_zh", "name_en", "label_zh", "label_en", "group", "hub", "count",
  "source", "target", "toGroup", "sources", "participants"]);

// A value as a reader reads it: enums named, notes and labels marked with their language.
function valueNode(key, v) {
  if (ENUM_FIELDS.has(key)) return enumName(key, v);
  if (key === "role" || key === "note" || key === "label" || key === "description" || key === "aliases") {
    const text = Array.isArray(v) ? v.join("；") : String(v);
    const lang = isChinese(text) ? "zh" : "en";
    return el("span", { lang }, text, key === "note" && lang !== state.lang ? el("span", { class: "muted" }, t("noteIn", lang)) : "");
  }
  return Array.isArray(v) ? v.join("；") : typeof v === "object" ? JSON.stringify(v) : String(v);
}

export function propsTable(obj) {
  const table = el("table", { class: "props" });
  for (const [k, v] of Object.entries(obj)) {
    if (SKIP_PROPS.has(k) || v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length)) continue;
    if (k === "type") {
      table.append(el("tr", {}, el("th", { scope: "row" }, propName(k)), el("td", {}, typeName(v))));
      continue;
    }
    table.append(el("tr", {}, el("th", { scope: "row" }, propName(k)), el("td", {}, valueNode(k, v))));
  }
  return table;
}

export function statementSummary(st) {
  const bits = [];
  if (roleText(st)) bits.push(el("span", { lang: isChinese(roleText(st)) ? "zh" : "en" }, roleText(st)));
  for (const k of ["kind", "level", "rank"]) if (st[k]) bits.push(enumName(k, st[k]));
  if (st.label) bits.push(el("span", { lang: "zh" }, st.label));
  for (const k of ["year", "date", "since", "until", "as_of"]) if (st[k]) bits.push(`${propName(k)} ${st[k]}`);
  if (st.value !== undefined && st.value !== null) bits.push(`${st.value}${st.unit ? ` ${st.unit}` : ""}`);
  if (st.description) bits.push(el("span", { lang: isChinese(st.description) ? "zh" : "en" }, st.description));
  if (st.note) bits.push(valueNode("note", st.note));
  const out = el("div", { class: "summary" });
  bits.forEach((b, i) => out.append(...(i ? [" · ", b] : [b])));
  return bits.length ? out : "";
}

function statementItem(s) {
  const st = s.statement;
  const li = el("li", { dataset: { fact: st.id } },
    el("div", {}, el("span", { class: "rel" }, className(s.class)), " ", el("span", { class: "role" }, roleName(s.role))),
    el("div", { class: "participants" }, ...s.participants.flatMap((p) => [el("span", { class: "role" }, roleName(p.role)), " ", entityLink(p.entity), " "])),
    statementSummary(st));
  for (const src of s.sources || []) li.append(quoteBlock(src.quote, src.article_id, src.article_title));
  li.append(...evidenceControls(st.id));
  return li;
}

function renderEntity(box) {
  const d = state.detail;
  const e = d.entity;
  box.append(
    el("h2", { class: "entity-name" }, nameOf(e)),
    otherNameOf(e) ? el("div", { class: "other-name", lang: state.lang === "en" ? "zh" : "en" }, otherNameOf(e)) : "",
    el("div", { class: "entity-type" }, badge(e.type), typeName(e.type), el("code", {}, e.id)),
    el("h3", {}, t("properties")), propsTable(e),
    el("h3", {}, `${t("links")} (${d.links.length})`));
  if (!d.links.length) box.append(el("p", { class: "none" }, t("noLinks")));
  const links = el("ul", { class: "links" });
  for (const l of d.links) {
    const arrow = l.direction === "out" ? "→" : "←";
    const li = el("li", { dataset: { fact: l.link.fact_id } },
      el("div", {}, el("span", { class: "rel" }, `${relationName(l.relation)} ${arrow}`), " ", entityLink(l.entity)));
    (l.link.quotes || []).forEach((q, i) => li.append(quoteBlock(q, (l.link.articles || [])[i])));
    li.append(...evidenceControls(l.link.fact_id));
    links.append(li);
  }
  box.append(links, el("h3", {}, `${t("statements")} (${d.statements.length})`));
  if (!d.statements.length) box.append(el("p", { class: "none" }, t("noStatements")));
  box.append(el("ul", { class: "statements" }, ...d.statements.map(statementItem)));
}

function renderStatement(box, d) {
  // The statement as the panel's entity knows it (with participants and sources), when it does.
  const known = state.detail && state.detail.statements.find((s) => s.statement.id === d.id);
  box.append(el("h2", { class: "entity-name" }, statementLabel(d)),
    el("div", { class: "entity-type" }, className(d.class), el("code", {}, d.id)),
    el("h3", {}, t("properties")), propsTable(Object.fromEntries(Object.entries(d).filter(([k]) => k !== "id"))));
  if (known) box.append(el("h3", {}, t("participants")), el("ul", { class: "statements" }, statementItem(known)));
  box.append(el("h3", {}, t("evidence")), ...evidenceControls(d.id, { open: true }));
}

function renderLink(box, d) {
  const src = cy.getElementById(d.source).data();
  const dst = cy.getElementById(d.target).data();
  box.append(el("h2", { class: "entity-name" }, relationName(d.type)),
    el("div", { class: "participants" }, entityLink(src), " → ", entityLink(dst)),
    el("h3", {}, t("properties")), propsTable(d));
  (d.quotes || []).forEach((q, i) => box.append(quoteBlock(q, (d.articles || [])[i])));
  box.append(el("h3", {}, t("evidence")), ...evidenceControls(d.fact_id, { open: true }));
}

function renderGroup(box, d) {
  const node = cy.getElementById(d.id);
  const members = node.children();
  box.append(el("h2", { class: "entity-name" }, t("groupOf", groupName(d.group), d.count)),
    el("div", { class: "entity-type" }, t("groupHint")),
    el("button", { type: "button", class: "group-toggle", "aria-expanded": String(node.hasClass("open")),
      onclick: () => actions.toggleGroup(d.id) }, node.hasClass("open") ? t("closePanel") : t("open")));
  if (members.nonempty()) {
    box.append(el("ul", { class: "links" }, ...members.map((m) => el("li", {},
      m.hasClass("statement") ? el("a", { href: "#", class: "entity-link", onclick: (ev) => { ev.preventDefault(); actions.showStatement(m.data()); } }, statementLabel(m.data()))
        : entityLink(m.data())))));
  }
}

// One fact (#fact=ID): what /facts/{id} says, or its evidence when that is all the API has.
function renderFact(box, f) {
  const x = f.fact;
  const label = x ? (state.lang === "en" ? x.label_en : x.label_zh) : "";
  box.append(el("h2", { class: "entity-name" }, label || `${t("fact")} ${f.id}`),
    el("div", { class: "entity-type" }, t("fact"), x ? ` · ${/^[A-Z_]+$/.test(x.statement_class) ? relationName(x.statement_class) : className(x.statement_class)}` : "", el("code", {}, f.id)));
  if (x) {
    box.append(el("ul", { class: "links" }, ...x.entities.map((e) => el("li", {},
      el("span", { class: "role" }, roleName(e.role)), " ", entityLink(e.entity)))),
    propsTable(x.properties || {}));
  }
  // A fact read from a dataset (a place) names the dataset and its version instead of a quote.
  const sources = x ? [...x.sources, ...(x.dataset ? [{ dataset: x.dataset }] : [])] : f.evidence || [];
  box.append(el("h3", {}, t("evidence")), ...sources.map(sentenceBlock), citeButton(f.id));
}

export function renderDetails() {
  const box = $("#details");
  box.replaceChildren();
  const sel = state.selected;
  if (!sel) return;
  if (sel.kind === "statement") renderStatement(box, sel.data);
  else if (sel.kind === "edge") renderLink(box, sel.data);
  else if (sel.kind === "group") renderGroup(box, sel.data);
  else if (sel.kind === "fact") renderFact(box, sel.data);
  else if (state.detail) renderEntity(box);
}
