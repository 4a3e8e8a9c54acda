// The Hospital Knowledge Graph explorer: search, a Cytoscape.js view of an entity's
// neighbourhood (click a node to expand it), a side panel with properties and source quotes,
// a hospital's honours timeline, a zh/en label toggle, PNG and JSON export.
import cytoscape from "cytoscape";
import "./style.css";
import { api, ApiError, apiBase, setApiBase } from "./api.js";
import { STRINGS, CLASS_NAMES, TYPE_NAMES } from "./i18n.js";

const $ = (sel) => document.querySelector(sel);

const state = {
  lang: localStorage.getItem("hkg-lang") === "en" ? "en" : "zh",
  query: "",
  type: "",
  results: null, // the last search page
  center: null, // the entity the graph was opened on
  current: null, // the entity (or statement) shown in the panel
  detail: null, // /entities/{id} of the current entity
  selected: null, // {kind: "entity"|"statement"|"edge", data}
  tab: "details",
  honours: null, // {id, page}
  message: null, // {kind, text}
};

const t = (key, ...args) => {
  const v = STRINGS[state.lang][key];
  return typeof v === "function" ? v(...args) : v;
};

// --- naming -----------------------------------------------------------------------------

const isStatement = (d) => Array.isArray(d.labels) && d.labels.includes("Statement");
const entityType = (d) => d.type || (d.labels || []).find((l) => l !== "Entity" && l !== "Organisation") || (d.labels || [])[1];

function nameOf(e) {
  if (!e) return "";
  const [first, second] = state.lang === "en" ? [e.name_en, e.name_zh] : [e.name_zh, e.name_en];
  return first || second || e.label || e.id;
}

function otherNameOf(e) {
  const [first, second] = state.lang === "en" ? [e.name_en, e.name_zh] : [e.name_zh, e.name_en];
  return first && second && first !== second ? second : "";
}

const typeName = (type) => (TYPE_NAMES[type] ? TYPE_NAMES[type][state.lang] : type || "");
const className = (cls) => (CLASS_NAMES[cls] ? CLASS_NAMES[cls][state.lang] : cls || "");

function displayLabel(d) {
  if (isStatement(d)) {
    const when = d.year || d.date || d.since || d.as_of || "";
    return `${className(d.class)}${when ? ` ${when}` : ""}`;
  }
  return nameOf(d);
}

const COLOURS = {
  Hospital: "#c0392b", Campus: "#e67e22", Department: "#d4a017", Centre: "#d68910", Laboratory: "#b9770e",
  Team: "#ca6f1e", Organisation: "#7d3c98", PartyCommittee: "#a93226", PartyBranch: "#cd6155",
  Alliance: "#138d75", Person: "#2471a3", Brand: "#229954", Honour: "#f1c40f", Programme: "#17a589",
  Place: "#7f8c8d",
};

// --- the graph --------------------------------------------------------------------------

const cy = cytoscape({
  container: $("#cy"),
  minZoom: 0.1,
  maxZoom: 4,
  style: [
    { selector: "node", style: {
      label: "data(display)", "font-size": 11, "font-family": "WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif",
      "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "wrap", "text-max-width": 110,
      "background-color": "data(colour)", width: 26, height: 26, color: "#1f2d3d",
      "text-background-color": "#ffffff", "text-background-opacity": 0.75, "text-background-padding": 1,
      "border-width": 1, "border-color": "#ffffff" } },
    { selector: "node.statement", style: {
      shape: "diamond", width: 13, height: 13, "font-size": 8, color: "#6c7a89", "background-color": "#aab7b8",
      "min-zoomed-font-size": 8 } },
    { selector: "node.Hospital", style: { width: 40, height: 40, "font-size": 13, "font-weight": "bold" } },
    { selector: "node.expanded", style: { "border-width": 3, "border-color": "#34495e" } },
    { selector: "node.center", style: { "border-width": 5, "border-color": "#111111" } },
    { selector: "node:selected", style: { "border-width": 5, "border-color": "#e74c3c", "overlay-opacity": 0 } },
    { selector: "edge", style: {
      width: 1.4, "line-color": "#c5ccd3", "target-arrow-color": "#c5ccd3", "target-arrow-shape": "triangle",
      "arrow-scale": 0.7, "curve-style": "bezier" } },
    { selector: "edge.structural", style: { width: 2.2, "line-color": "#85929e", "target-arrow-color": "#85929e" } },
    { selector: "edge:selected", style: {
      label: "data(type)", "font-size": 9, color: "#e74c3c", "line-color": "#e74c3c", "target-arrow-color": "#e74c3c",
      "text-background-color": "#fff", "text-background-opacity": 0.85 } },
  ],
});
window.cy = cy;

function nodeElement(data) {
  const d = { ...data };
  d.colour = COLOURS[entityType(d)] || "#95a5a6";
  d.display = displayLabel(d);
  return { group: "nodes", data: d, classes: isStatement(d) ? "statement" : `entity ${entityType(d) || ""}` };
}

function edgeElement(data) {
  const structural = !!data.fact_id;
  return { group: "edges", data: { ...data }, classes: structural ? "structural" : "role" };
}

// Adds what is not in the graph yet; returns the added collection.
function merge(nodes, edges, around) {
  const toAdd = [];
  const seen = new Set();
  const pos = around && around.nonempty() ? around.position() : null;
  for (const n of nodes) {
    const id = n.data.id;
    if (seen.has(id)) continue;
    seen.add(id);
    const existing = cy.getElementById(id);
    if (existing.nonempty()) {
      // a fuller record (from a neighbourhood) replaces a participant's short one
      if (Object.keys(n.data).length > Object.keys(existing.data()).length) existing.data(nodeElement(n.data).data);
      continue;
    }
    const el = nodeElement(n.data);
    if (pos) el.position = { x: pos.x + (Math.random() - 0.5) * 80, y: pos.y + (Math.random() - 0.5) * 80 };
    toAdd.push(el);
  }
  for (const e of edges) {
    const id = e.data.id;
    if (seen.has(id) || cy.getElementById(id).nonempty()) continue;
    const ends = [e.data.source, e.data.target];
    if (!ends.every((x) => seen.has(x) || cy.getElementById(x).nonempty())) continue;
    seen.add(id);
    toAdd.push(edgeElement(e.data));
  }
  return cy.add(toAdd);
}

// An entity's statements name their other participants; the depth-1 neighbourhood stops at
// the statement nodes, so they are added from the entity's detail (ids as the API makes them).
function statementElements(detail) {
  const nodes = [];
  const edges = [];
  const me = detail.entity.id;
  for (const s of detail.statements) {
    const sid = s.statement.id;
    nodes.push({ data: { ...s.statement, labels: ["Statement", s.class] } });
    edges.push({ data: { id: `${sid}|${s.role}|${me}`, source: sid, target: me, type: s.role, label: s.role } });
    for (const p of s.participants) {
      nodes.push({ data: { ...p.entity, labels: ["Entity", p.entity.type] } });
      edges.push({ data: { id: `${sid}|${p.role}|${p.entity.id}`, source: sid, target: p.entity.id, type: p.role, label: p.role } });
    }
  }
  return { nodes, edges };
}

let layoutRun = null;
function relayout(randomize = true) {
  if (layoutRun) layoutRun.stop();
  $("#graph-empty").hidden = cy.nodes().nonempty();
  if (cy.nodes().empty()) return;
  layoutRun = cy.layout({
    name: "cose", animate: false, randomize, fit: true, padding: 30, nodeRepulsion: () => 60000,
    idealEdgeLength: (e) => (e.hasClass("structural") ? 110 : 60), edgeElasticity: () => 80, nodeOverlap: 20,
    gravity: 0.4, numIter: 2500,
  });
  layoutRun.run();
  if (cy.zoom() > 1.3) cy.zoom({ level: 1.3, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
}

// --- messages ---------------------------------------------------------------------------

function showMessage(kind, text) {
  state.message = kind ? { kind, text } : null;
  const box = $("#message");
  box.hidden = !kind;
  box.dataset.kind = kind || "";
  box.className = kind ? (["info", "ok"].includes(kind) ? kind : `error ${kind}`) : "";
  box.textContent = text || "";
}

function showError(err, id) {
  if (!(err instanceof ApiError)) {
    console.error(err);
    showMessage("error", String(err));
    return;
  }
  if (err.kind === "down") showMessage("api-down", t("apiDown", apiBase()));
  else if (err.kind === "unavailable") showMessage("unavailable", t("unavailable"));
  else if (err.kind === "not-found") showMessage("not-found", t("notFound", id ?? err.detail));
  else if (err.kind === "invalid") showMessage("invalid", t("badRequest", typeof err.detail === "string" ? err.detail : JSON.stringify(err.detail)));
  else showMessage("http", t("httpError", err.status));
}

// --- routing: #q=...&type=... | #entity=...&tab=honours ---------------------------------

function setHash(params, replace = false) {
  const hash = `#${new URLSearchParams(params)}`;
  if (replace) history.replaceState(null, "", hash);
  else if (location.hash === hash) route();
  else location.hash = hash;
}

function route() {
  const p = new URLSearchParams(location.hash.slice(1));
  if (p.get("q")) {
    runSearch(p.get("q"), p.get("type") || "");
  } else if (p.get("entity")) {
    openEntity(p.get("entity"), { fresh: true, tab: p.get("tab") || "details" });
  }
}

window.addEventListener("hashchange", route);

// --- search -----------------------------------------------------------------------------

async function runSearch(q, type) {
  state.query = q;
  state.type = type;
  $("#search-input").value = q;
  $("#search-type").value = type;
  showMessage("info", t("loading"));
  $("#results").replaceChildren();
  try {
    state.results = await api.search(q, type || undefined);
  } catch (err) {
    state.results = null;
    showError(err);
    renderResults();
    return;
  }
  if (state.results.total === 0) showMessage("no-results", t("noResults", q));
  else showMessage("ok", t("found", state.results.total, q));
  renderResults();
}

function renderResults() {
  const list = $("#results");
  list.replaceChildren();
  if (!state.results) return;
  if (!state.results.items.length) {
    const li = document.createElement("li");
    li.className = "empty";
    li.textContent = t("noResults", state.query);
    list.append(li);
    return;
  }
  for (const item of state.results.items) {
    const li = document.createElement("li");
    li.dataset.id = item.id;
    li.className = "result";
    const name = document.createElement("button");
    name.type = "button";
    name.className = "result-name";
    name.textContent = nameOf(item);
    name.addEventListener("click", () => setHash({ entity: item.id }));
    const sub = document.createElement("div");
    sub.className = "result-sub";
    sub.innerHTML = `<span class="badge" style="background:${COLOURS[item.type] || "#95a5a6"}"></span>`;
    sub.append(`${typeName(item.type)} · ${otherNameOf(item) || item.id}`);
    li.append(name, sub);
    if (item.id === state.current) li.classList.add("active");
    list.append(li);
  }
}

// --- opening and expanding entities ------------------------------------------------------

async function openEntity(id, { fresh = false, tab = "details" } = {}) {
  showMessage("info", t("loading"));
  let hood, detail;
  try {
    [hood, detail] = await Promise.all([api.neighbourhood(id, 1), api.entity(id)]);
  } catch (err) {
    showError(err, id);
    return;
  }
  if (fresh) {
    cy.elements().remove();
    state.center = id;
  }
  const node = cy.getElementById(id);
  const before = cy.nodes().length;
  cy.batch(() => {
    merge(hood.elements.nodes, hood.elements.edges, node);
    const extra = statementElements(detail);
    merge(extra.nodes, extra.edges, cy.getElementById(id));
  });
  const added = cy.nodes().length - before;
  cy.getElementById(id).addClass("expanded");
  cy.nodes().removeClass("center");
  cy.getElementById(state.center).addClass("center");
  relayout(fresh);
  cy.$(":selected").unselect();
  cy.getElementById(id).select();
  state.current = id;
  state.detail = detail;
  state.selected = { kind: "entity", data: detail.entity };
  state.honours = null;
  if (fresh) showMessage(null);
  else showMessage("ok", t("expanded", added));
  renderResults();
  renderDetails();
  if (isHospital(detail.entity)) {
    $("#tab-honours").disabled = false;
  } else {
    $("#tab-honours").disabled = true;
  }
  await selectTab(tab === "honours" && isHospital(detail.entity) ? "honours" : "details");
}

const isHospital = (e) => e && (e.type === "Hospital" || (e.labels || []).includes("Hospital"));

cy.on("tap", "node", (evt) => {
  const d = evt.target.data();
  if (isStatement(d)) {
    showStatement(d);
  } else {
    history.replaceState(null, "", `#${new URLSearchParams({ entity: d.id })}`);
    openEntity(d.id);
  }
});

cy.on("tap", "edge", (evt) => {
  const d = evt.target.data();
  if (d.fact_id) showLink(d);
  else showStatement(cy.getElementById(d.source).data());
});

// --- the side panel ---------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

function entityLink(e) {
  if (!e) return "";
  return el("a", { href: `#${new URLSearchParams({ entity: e.id })}`, class: "entity-link", title: e.id,
    onclick: (ev) => { ev.preventDefault(); history.replaceState(null, "", `#${new URLSearchParams({ entity: e.id })}`); openEntity(e.id); } },
  nameOf(e));
}

const SKIP_PROPS = new Set(["labels", "names", "label", "display", "colour", "starts", "ends", "quotes"]);

function propsTable(obj) {
  const table = el("table", { class: "props" });
  for (const [k, v] of Object.entries(obj)) {
    if (SKIP_PROPS.has(k) || v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length)) continue;
    const value = Array.isArray(v) ? v.join("；") : typeof v === "object" ? JSON.stringify(v) : String(v);
    table.append(el("tr", {}, el("th", {}, k), el("td", {}, value)));
  }
  return table;
}

function evidenceButton(factId) {
  const out = el("div", { class: "sentence", dataset: { fact: factId } });
  const button = el("button", { type: "button", class: "evidence", dataset: { fact: factId },
    onclick: async () => {
      button.disabled = true;
      try {
        const rows = await api.evidence(factId);
        out.replaceChildren(...rows.map((r) => sentenceBlock(r)));
      } catch (err) {
        showError(err, factId);
        button.disabled = false;
      }
    } }, t("showSentence"));
  return [button, out];
}

// The sentence with the quote marked.
function sentenceBlock(r) {
  const p = el("p", { class: "evidence-sentence" });
  const i = r.sentence.indexOf(r.quote);
  if (i >= 0) p.append(r.sentence.slice(0, i), el("mark", {}, r.quote), r.sentence.slice(i + r.quote.length));
  else p.append(r.sentence);
  p.append(el("cite", {}, ` — ${r.article.title || r.article.id}${r.article.outlet ? `（${r.article.outlet}）` : ""}`));
  return p;
}

function quoteBlock(quote, articleId, articleTitle) {
  return el("blockquote", { class: "quote" }, quote, el("cite", {}, ` — ${articleTitle || articleId}`));
}

function renderDetails() {
  const box = $("#details");
  box.replaceChildren();
  const sel = state.selected;
  if (!sel) return;
  if (sel.kind === "statement") return renderStatement(box, sel.data);
  if (sel.kind === "edge") return renderLink(box, sel.data);
  const d = state.detail;
  const e = d.entity;
  box.append(
    el("h2", { class: "entity-name" }, nameOf(e)),
    otherNameOf(e) ? el("div", { class: "other-name" }, otherNameOf(e)) : "",
    el("div", { class: "entity-type" }, el("span", { class: "badge", style: `background:${COLOURS[e.type] || "#95a5a6"}` }), typeName(e.type), el("code", {}, e.id)),
    el("h3", {}, t("properties")), propsTable(e),
  );
  box.append(el("h3", {}, `${t("links")} (${d.links.length})`));
  if (!d.links.length) box.append(el("p", { class: "none" }, t("noLinks")));
  const links = el("ul", { class: "links" });
  for (const l of d.links) {
    const arrow = l.direction === "out" ? "→" : "←";
    const li = el("li", { dataset: { fact: l.link.fact_id } }, el("div", {}, el("span", { class: "rel" }, `${l.relation} ${arrow}`), " ", entityLink(l.entity)));
    (l.link.quotes || []).forEach((q, i) => li.append(quoteBlock(q, (l.link.articles || [])[i])));
    li.append(...evidenceButton(l.link.fact_id));
    links.append(li);
  }
  box.append(links);
  box.append(el("h3", {}, `${t("statements")} (${d.statements.length})`));
  if (!d.statements.length) box.append(el("p", { class: "none" }, t("noStatements")));
  const stmts = el("ul", { class: "statements" });
  for (const s of d.statements) stmts.append(statementItem(s));
  box.append(stmts);
}

function statementSummary(st) {
  const bits = [];
  for (const k of ["role", "role_en", "kind", "label", "metric", "level", "rank", "year", "date", "since", "until", "as_of"]) {
    if (st[k] !== undefined && st[k] !== null && st[k] !== "") bits.push(String(st[k]));
  }
  if (st.value !== undefined && st.value !== null) bits.push(`${st.value}${st.unit ? ` ${st.unit}` : ""}`);
  if (st.description) bits.push(st.description);
  return bits.join(" · ");
}

function statementItem(s) {
  const st = s.statement;
  const li = el("li", { dataset: { fact: st.id } },
    el("div", {}, el("span", { class: "rel" }, className(s.class)), " ", el("span", { class: "role" }, s.role)),
    el("div", { class: "participants" }, ...s.participants.flatMap((p) => [el("span", { class: "role" }, p.role), " ", entityLink(p.entity), " "])));
  const summary = statementSummary(st);
  if (summary) li.append(el("div", { class: "summary" }, summary));
  for (const src of s.sources || []) li.append(quoteBlock(src.quote, src.article_id, src.article_title));
  li.append(...evidenceButton(st.id));
  return li;
}

function showStatement(d) {
  state.selected = { kind: "statement", data: d };
  state.current = d.id;
  selectTab("details");
  renderDetails();
}

function renderStatement(box, d) {
  // The statement as the panel's entity knows it (with participants and sources), when it does.
  const known = state.detail && state.detail.statements.find((s) => s.statement.id === d.id);
  box.append(el("h2", { class: "entity-name" }, `${className(d.class)}`), el("div", { class: "entity-type" }, t("statement"), el("code", {}, d.id)));
  box.append(el("h3", {}, t("properties")), propsTable(Object.fromEntries(Object.entries(d).filter(([k]) => !["id"].includes(k)))));
  if (known) {
    box.append(el("h3", {}, t("participants")), el("ul", { class: "statements" }, statementItem(known)));
  }
  box.append(el("h3", {}, t("evidence")));
  const [button, out] = evidenceButton(d.id);
  box.append(button, out);
  button.click();
}

function showLink(d) {
  state.selected = { kind: "edge", data: d };
  selectTab("details");
  renderDetails();
}

function renderLink(box, d) {
  const src = cy.getElementById(d.source).data();
  const dst = cy.getElementById(d.target).data();
  box.append(el("h2", { class: "entity-name" }, d.type),
    el("div", { class: "participants" }, entityLink(src), " → ", entityLink(dst)),
    el("h3", {}, t("properties")), propsTable(d));
  (d.quotes || []).forEach((q, i) => box.append(quoteBlock(q, (d.articles || [])[i])));
  box.append(el("h3", {}, t("evidence")));
  const [button, out] = evidenceButton(d.fact_id);
  box.append(button, out);
  button.click();
}

// --- the honours timeline ---------------------------------------------------------------

async function selectTab(tab) {
  state.tab = tab;
  $("#tab-details").classList.toggle("active", tab === "details");
  $("#tab-honours").classList.toggle("active", tab === "honours");
  $("#details").hidden = tab !== "details";
  $("#timeline").hidden = tab !== "honours";
  if (tab === "honours") await loadHonours();
}

async function loadHonours() {
  const e = state.detail && state.detail.entity;
  const box = $("#timeline");
  if (!isHospital(e)) {
    box.replaceChildren(el("p", { class: "none" }, t("pickHospital")));
    return;
  }
  history.replaceState(null, "", `#${new URLSearchParams({ entity: e.id, tab: "honours" })}`);
  if (!state.honours || state.honours.id !== e.id) {
    box.replaceChildren(el("p", { class: "none" }, t("loading")));
    try {
      state.honours = { id: e.id, page: await api.honours(e.id) };
    } catch (err) {
      showError(err, e.id);
      box.replaceChildren();
      return;
    }
  }
  renderTimeline();
}

function renderTimeline() {
  const box = $("#timeline");
  box.replaceChildren();
  if (!state.honours) return;
  const e = state.detail.entity;
  box.append(el("h2", { class: "entity-name" }, t("honoursOf", nameOf(e))));
  const items = state.honours.page.items;
  if (!items.length) {
    box.append(el("p", { class: "none" }, t("noHonours")));
    return;
  }
  const byYear = new Map();
  for (const item of items) {
    const key = item.year ?? null;
    if (!byYear.has(key)) byYear.set(key, []);
    byYear.get(key).push(item);
  }
  const list = el("ol", { class: "timeline" });
  for (const [year, entries] of byYear) {
    const section = el("li", { class: "year", dataset: { year: year ?? "" } }, el("h3", {}, year ?? t("yearUnknown")));
    const ul = el("ul", {});
    for (const h of entries) {
      const meta = el("div", { class: "meta" }, `${t("recipient")}：`, entityLink(h.recipient));
      if (h.conferrer) meta.append(` · ${t("conferrer")}：`, entityLink(h.conferrer));
      if (h.level) meta.append(` · ${t("level")}：${h.level}`);
      if (h.date && h.date !== String(h.year)) meta.append(` · ${h.date}`);
      const li = el("li", { class: "honour-entry", dataset: { fact: h.fact_id } },
        el("div", { class: "honour-name" }, entityLink(h.honour), h.rank ? ` (${h.rank})` : "", h.note ? el("span", { class: "note" }, ` ${h.note}`) : ""),
        meta);
      for (const src of h.sources) li.append(quoteBlock(src.quote, src.article_id, src.article_title));
      ul.append(li);
    }
    section.append(ul);
    list.append(section);
  }
  box.append(list);
}

// --- language ---------------------------------------------------------------------------

function applyLanguage() {
  document.documentElement.lang = state.lang === "zh" ? "zh" : "en";
  document.title = `${t("title")} · Explorer`;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
  for (const b of document.querySelectorAll("[data-lang]")) b.setAttribute("aria-pressed", String(b.dataset.lang === state.lang));
  for (const o of $("#search-type").options) if (o.value) o.textContent = typeName(o.value);
  cy.batch(() => cy.nodes().forEach((n) => n.data("display", displayLabel(n.data()))));
  renderLegend();
  renderResults();
  renderDetails();
  renderTimeline();
  if (state.message && state.message.kind === "no-results") showMessage("no-results", t("noResults", state.query));
}

function setLanguage(lang) {
  state.lang = lang === "en" ? "en" : "zh";
  localStorage.setItem("hkg-lang", state.lang);
  applyLanguage();
}

function renderLegend() {
  const present = new Set(cy.nodes(".entity").map((n) => entityType(n.data())));
  const legend = $("#legend");
  legend.replaceChildren(...Object.keys(COLOURS).filter((k) => present.has(k)).map((k) =>
    el("span", { class: "legend-item" }, el("span", { class: "badge", style: `background:${COLOURS[k]}` }), typeName(k))));
  if (cy.nodes(".statement").nonempty()) {
    legend.append(el("span", { class: "legend-item" }, el("span", { class: "badge diamond" }), typeName("Statement")));
  }
}
cy.on("add remove", "node", () => {
  clearTimeout(renderLegend.timer);
  renderLegend.timer = setTimeout(renderLegend, 50);
});

// --- export -----------------------------------------------------------------------------

function download(filename, href) {
  const a = el("a", { href, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
}

function exportName(ext) {
  return `hkg-${state.center || "graph"}.${ext}`;
}

function exportPng() {
  if (cy.elements().empty()) return showMessage("info", t("nothingToExport"));
  download(exportName("png"), cy.png({ output: "base64uri", full: true, scale: 2, bg: "#ffffff" }));
  showMessage("ok", t("exportedPng"));
}

function exportJson() {
  if (cy.elements().empty()) return showMessage("info", t("nothingToExport"));
  const json = cy.json();
  const doc = { format: "cytoscape", center: state.center, lang: state.lang, exported: new Date().toISOString(),
    elements: json.elements };
  const blob = new Blob([JSON.stringify(doc, null, 2)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  download(exportName("json"), url);
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  showMessage("ok", t("exportedJson"));
}

// --- wiring -----------------------------------------------------------------------------

for (const type of Object.keys(TYPE_NAMES).filter((k) => k !== "Statement")) {
  $("#search-type").append(el("option", { value: type }, typeName(type)));
}
$("#search-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const q = $("#search-input").value.trim();
  if (!q) return;
  const type = $("#search-type").value;
  setHash(type ? { q, type } : { q });
});
for (const b of document.querySelectorAll("[data-lang]")) b.addEventListener("click", () => setLanguage(b.dataset.lang));
for (const b of document.querySelectorAll("[data-tab]")) b.addEventListener("click", () => selectTab(b.dataset.tab));
$("#fit").addEventListener("click", () => cy.fit(undefined, 30));
$("#clear").addEventListener("click", () => {
  cy.elements().remove();
  state.center = null;
  relayout();
});
$("#export-png").addEventListener("click", exportPng);
$("#export-json").addEventListener("click", exportJson);

window.hkgExplorer = { state, cy, api, setApiBase, openEntity, runSearch, selectTab, setLanguage, exportJson, exportPng };

applyLanguage();
relayout();
document.body.dataset.ready = "true";
route();
