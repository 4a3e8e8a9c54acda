// The Hospital Knowledge Graph explorer: search, a Cytoscape.js view of an entity's
// neighbourhood (hubs in groups the reader opens), a panel (a bottom sheet on phones) with
// details, sources and a hospital's timeline, zh/en, citations, PNG and JSON export.
// This file wires the modules together and routes #q= / #entity= / #fact= addresses.
import "./style.css";
import { $, el } from "./dom.js";
import { api, setApiBase } from "./api.js";
import { actions, state } from "./state.js";
import { COLOURS, cy, merge, relayout, statementElements } from "./graph.js";
import { addGroups, closeGroup, forgetGroups, isGroup, isOpen, openGroup, plan } from "./groups.js";
import { displayLabel, entityType, groupName, isStatement, relationName, t, typeName } from "./names.js";
import { renderMessage, showError, showMessage } from "./messages.js";
import { renderDetails } from "./panel.js";
import { isHospital, loadTimeline, renderTimeline } from "./timeline.js";
import { renderResults, runSearch } from "./search.js";
import { exportJson, exportPng } from "./exporter.js";
import { installKeyboard } from "./keyboard.js";
import { evidenceOf, factOf } from "./evidence.js";
import { hideCuration, installCuration, showCuration } from "./curation.js";
import VOCAB from "./vocab.json";

// --- opening and expanding ----------------------------------------------------------------

async function openEntity(id, { fresh = false, tab = "details", push = false } = {}) {
  if (push) history.replaceState(null, "", `#${new URLSearchParams({ entity: id })}`);
  showMessage("info", "loading");
  let hood, detail;
  try {
    [hood, detail] = await Promise.all([api.neighbourhood(id, 1), api.entity(id)]);
  } catch (err) {
    showError(err, id);
    return;
  }
  if (fresh || !state.center) {
    cy.elements().remove();
    forgetGroups();
    state.center = id;
  }
  const { flat, groups } = plan(id, hood, statementElements(detail));
  let added = 0;
  let groupsAdded = 0;
  cy.batch(() => {
    added = merge(flat.nodes, flat.edges, { around: cy.getElementById(id) }).nodes().length;
    groupsAdded = addGroups(groups);
  });
  cy.getElementById(id).addClass("expanded");
  cy.nodes().removeClass("center");
  cy.getElementById(state.center).addClass("center");
  relayout(fresh);
  cy.$(":selected").unselect();
  cy.getElementById(id).select();
  Object.assign(state, { current: id, detail, selected: { kind: "entity", data: detail.entity } });
  if (state.timeline && state.timeline.id !== id) state.timeline = null;
  if (groupsAdded) showMessage("ok", "expandedGroups", groupsAdded, groups.reduce((n, g) => n + g.count, 0));
  else if (fresh) showMessage(null);
  else if (added) showMessage("ok", "expanded", added);
  else showMessage("ok", "nothingNew");
  renderResults();
  renderDetails();
  $("#tab-timeline").disabled = !isHospital(detail.entity);
  openSheet();
  await selectTab(tab === "timeline" && isHospital(detail.entity) ? "timeline" : "details");
}

function toggleGroup(groupId) {
  const node = cy.getElementById(groupId);
  if (node.empty()) return;
  if (isOpen(node)) closeGroup(node);
  else {
    const members = openGroup(node);
    showMessage("ok", "groupOpened", groupName(node.data("group")), members.length);
  }
  relayout(false);
  cy.$(":selected").unselect();
  node.select();
  state.selected = { kind: "group", data: node.data() };
  renderDetails();
}

function showStatement(d) {
  state.selected = { kind: "statement", data: d };
  state.current = d.id;
  openSheet();
  selectTab("details");
  renderDetails();
}

// #fact=ID: the fact (GET /facts/{id}; its evidence from an API without that route) with its
// sentences and a cite button, and the graph around it.
const SUBJECT_ROLES = ["SUBJECT", "RECIPIENT", "HOLDER", "MEMBER", "PARTY", "MEASURES", "ABOUT"];
async function showFact(id) {
  showMessage("info", "loading");
  let fact, evidence = null;
  try {
    fact = await factOf(id);
    if (!fact) evidence = await evidenceOf(id);
  } catch (err) {
    showError(err, id);
    return;
  }
  showMessage(null);
  state.selected = { kind: "fact", data: { id, fact, evidence } };
  state.current = id;
  openSheet();
  await selectTab("details");
  renderDetails();
  const ents = fact ? fact.entities : [];
  const subject = fact ? (ents.find((e) => SUBJECT_ROLES.includes(e.role)) || ents[0] || {}).entity?.id : evidence[0].subject_id;
  if (subject && cy.getElementById(subject).empty()) await showNeighbourhoodOf(subject, id);
}

// The graph behind a fact opened by address: its subject's neighbourhood, the fact selected.
async function showNeighbourhoodOf(entityId, factId) {
  const keep = state.selected;
  await openEntity(entityId, { fresh: true });
  state.selected = keep;
  const node = cy.getElementById(factId);
  if (node.nonempty()) { cy.$(":selected").unselect(); node.select(); }
  renderDetails();
}

function activate(node) {
  const d = node.data();
  if (isGroup(node)) toggleGroup(d.id);
  else if (isStatement(d)) showStatement(d);
  else openEntity(d.id, { push: true });
}

cy.on("tap", "node", (evt) => activate(evt.target));
cy.on("tap", "edge", (evt) => {
  const d = evt.target.data();
  if (d.toGroup) return toggleGroup(d.target);
  if (d.fact_id) {
    state.selected = { kind: "edge", data: d };
    openSheet();
    selectTab("details");
    renderDetails();
  } else showStatement(cy.getElementById(d.source).data());
});

// --- panel: tabs and the bottom sheet (phones) ---------------------------------------------

async function selectTab(tab) {
  state.tab = tab;
  for (const b of document.querySelectorAll("[data-tab]")) {
    const on = b.dataset.tab === tab;
    b.classList.toggle("active", on);
    b.setAttribute("aria-selected", String(on));
    b.tabIndex = on ? 0 : -1;
  }
  $("#details").hidden = tab !== "details";
  $("#timeline").hidden = tab !== "timeline";
  if (tab === "timeline") {
    if (state.detail) history.replaceState(null, "", `#${new URLSearchParams({ entity: state.detail.entity.id, tab: "timeline" })}`);
    await loadTimeline();
  }
}

function openSheet(open = true) {
  document.body.dataset.sheet = open ? "open" : "peek";
  const b = $("#sheet-toggle");
  b.setAttribute("aria-expanded", String(open));
  b.textContent = open ? t("closePanel") : t("togglePanel");
  // on a phone the sheet takes the bottom of the screen: the graph fits in what is left
  if (PHONE.matches) requestAnimationFrame(() => { cy.resize(); if (cy.nodes().nonempty()) cy.fit(undefined, 20); });
}
const PHONE = window.matchMedia("(max-width: 700px)");

// --- routing ------------------------------------------------------------------------------

function route() {
  const p = new URLSearchParams(location.hash.slice(1));
  if (p.has("curate")) return showCuration(p.get("curate"));
  if (document.body.dataset.view === "curation") {
    hideCuration();
    cy.resize(); // the graph's container had no size while the curation view was shown
  }
  if (p.get("fact")) showFact(p.get("fact"));
  else if (p.get("q")) runSearch(p.get("q"), p.get("type") || "");
  else if (p.get("entity")) {
    const tab = ["timeline", "honours"].includes(p.get("tab")) ? "timeline" : "details";
    openEntity(p.get("entity"), { fresh: true, tab });
  }
}
window.addEventListener("hashchange", route);

// --- language -----------------------------------------------------------------------------

function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.title = `${t("title")} · Explorer`;
  for (const n of document.querySelectorAll("[data-i18n]")) n.textContent = t(n.dataset.i18n);
  for (const n of document.querySelectorAll("[data-i18n-placeholder]")) n.placeholder = t(n.dataset.i18nPlaceholder);
  for (const n of document.querySelectorAll("[data-i18n-label]")) n.setAttribute("aria-label", t(n.dataset.i18nLabel));
  for (const b of document.querySelectorAll("[data-lang]")) b.setAttribute("aria-pressed", String(b.dataset.lang === state.lang));
  for (const o of $("#search-type").options) if (o.value) o.textContent = typeName(o.value);
  cy.batch(() => {
    cy.nodes().forEach((n) => n.data("display", displayLabel(n.data())));
    cy.edges().forEach((e) => e.data("display", relationName(e.data("type"))));
  });
  openSheet(document.body.dataset.sheet === "open");
  renderLegend();
  renderResults();
  renderDetails();
  renderTimeline();
  renderMessage();
}

function setLanguage(lang) {
  state.lang = lang === "en" ? "en" : "zh";
  localStorage.setItem("hkg-lang", state.lang);
  applyLanguage();
  // names change length with the language: an open group is laid out again so none overlap
  if (cy.nodes(".group.open").nonempty()) relayout(false);
}

function renderLegend() {
  const present = new Set(cy.nodes(".entity").map((n) => entityType(n.data())));
  const item = (cls, colour, name) => el("span", { class: "legend-item" }, el("span", { class: `badge ${cls}`, style: colour ? `background:${colour}` : "", "aria-hidden": "true" }), name);
  const legend = $("#legend");
  legend.replaceChildren(...Object.keys(COLOURS).filter((k) => present.has(k)).map((k) => item("", COLOURS[k], typeName(k))));
  if (cy.nodes(".statement").nonempty()) legend.append(item("diamond", "", typeName("Statement")));
}
cy.on("add remove", "node", () => {
  clearTimeout(renderLegend.timer);
  renderLegend.timer = setTimeout(renderLegend, 50);
});

// --- wiring -------------------------------------------------------------------------------

Object.assign(actions, { openEntity, showFact, showStatement, toggleGroup, selectTab, showMessage, showError });

for (const type of Object.keys(VOCAB.types).filter((k) => !["Statement", "OrganisationalUnit"].includes(k))) {
  $("#search-type").append(el("option", { value: type }, typeName(type)));
}
$("#search-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const q = $("#search-input").value.trim();
  if (!q) return;
  const type = $("#search-type").value;
  const hash = `#${new URLSearchParams(type ? { q, type } : { q })}`;
  if (location.hash === hash) route();
  else location.hash = hash;
});
for (const b of document.querySelectorAll("[data-lang]")) b.addEventListener("click", () => setLanguage(b.dataset.lang));
for (const b of document.querySelectorAll("[data-tab]")) b.addEventListener("click", () => selectTab(b.dataset.tab));
$("#panel-tabs").addEventListener("keydown", (ev) => {
  if (!["ArrowLeft", "ArrowRight"].includes(ev.key)) return;
  const tabs = [...document.querySelectorAll("[data-tab]:not([disabled])")];
  const next = tabs[(tabs.indexOf(document.activeElement) + (ev.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
  if (next) { next.focus(); selectTab(next.dataset.tab); }
});
$("#sheet-toggle").addEventListener("click", () => openSheet(document.body.dataset.sheet !== "open"));
$("#fit").addEventListener("click", () => cy.fit(undefined, 30));
$("#clear").addEventListener("click", () => {
  cy.elements().remove();
  forgetGroups();
  state.center = null;
  relayout();
});
$("#export-png").addEventListener("click", exportPng);
$("#export-json").addEventListener("click", exportJson);
installKeyboard(activate);
installCuration();

window.hkgExplorer = { state, cy, api, setApiBase, openEntity, runSearch, selectTab, setLanguage, exportJson, exportPng, toggleGroup, showFact };

document.body.dataset.sheet = "peek";
applyLanguage();
relayout();
document.body.dataset.ready = "true";
route();
