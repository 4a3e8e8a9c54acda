// The curation view (#curate, #curate=A005): a curator's token, the articles (and adding one),
// the article's text with every proposed quote highlighted, the proposals as cards, a fact
// made from any selected text (quote and code-point offsets filled in), and the save: If-Match
// against the fact file's ETag, the validator's messages on their cards, loaded at once.
import { $, el } from "./dom.js";
import { curate } from "./api.js";
import { actions } from "./state.js";
import { t } from "./names.js";
import { cardNode, cur, entityForms, saveBody } from "./curation-cards.js";

const call = (method, path, opts = {}) => curate(method, path, { token: cur.token, ...opts });

function fail(err) {
  if (err.status === 403) actions.showMessage("http", "curationDisabled", err.detail);
  else if (err.status === 401) actions.showMessage("http", "unauthorized", err.detail);
  else actions.showError(err);
}

// Offsets: the API counts Unicode code points, the browser UTF-16 units.
const codePoints = (s) => Array.from(s).length;

function renderText() {
  const box = $("#cur-text");
  const chars = Array.from(cur.text);
  const marks = cur.cards.filter((c) => c.start !== undefined && c.start !== null).sort((a, b) => a.start - b.start);
  const parts = [];
  let at = 0;
  for (const c of marks) {
    if (c.start < at) continue; // overlapping quotes: the first one is marked
    parts.push(chars.slice(at, c.start).join(""),
      el("mark", { class: `cur-quote ${c.status || "pending"}`, dataset: { card: c.id } }, chars.slice(c.start, c.end).join("")));
    at = c.end;
  }
  parts.push(chars.slice(at).join(""));
  box.replaceChildren(...parts);
}

function renderCards() {
  const rerender = () => { renderCards(); renderText(); };
  $("#cur-cards").replaceChildren(...cur.cards.map((c) => cardNode(c, rerender)));
  $("#cur-new-entities").replaceChildren(entityForms(rerender));
  $("#cur-existing").textContent = t("existingFacts", cur.existing.length);
}

// The selected text of the article as a new card: its quote and where it is, in code points.
function fromSelection() {
  const sel = window.getSelection();
  const box = $("#cur-text");
  if (!sel || sel.isCollapsed || !box.contains(sel.anchorNode) || !box.contains(sel.focusNode)) return;
  const range = sel.getRangeAt(0);
  const before = document.createRange();
  before.setStart(box, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const start = codePoints(before.toString());
  const quote = range.toString();
  if (!quote.trim()) return;
  const card = { id: `sel-${cur.cards.length + 1}`, selection: true, quote, start, end: start + codePoints(quote),
    subject: "", predicate: "hasUnit", object: "", qualifiers: {}, status: null };
  cur.cards.push(card);
  renderCards();
  renderText();
  document.querySelector(`[data-card="${card.id}"] .cur-subject`)?.focus();
}

async function openArticle(id) {
  cur.article = id;
  $("#cur-articles").value = id;
  history.replaceState(null, "", `#curate=${id}`);
  try {
    const [art, facts] = await Promise.all([call("GET", `/articles/${id}`), call("GET", `/articles/${id}/facts`)]);
    cur.text = art.text;
    cur.etag = facts.etag;
    cur.declared = facts.entities || [];
    cur.existing = facts.facts || [];
    for (const e of cur.declared) cur.entities.set(e.id, { ...e, linked: true });
    let drafts = null;
    try {
      drafts = await call("GET", `/articles/${id}/proposals`);
    } catch (err) {
      if (err.status !== 404) throw err;
    }
    useDrafts(drafts);
    $("#cur-article-title").textContent = `${id} · ${art.article.title || ""}`;
    $("#cur-work").hidden = false;
    actions.showMessage(null);
  } catch (err) {
    fail(err);
  }
}

function useDrafts(drafts) {
  cur.cards = [];
  for (const e of (drafts && drafts.entities) || []) if (!cur.entities.has(e.id) || !e.linked) cur.entities.set(e.id, { ...e });
  const list = $("#cur-entities-list");
  list.replaceChildren(...[...cur.entities.values()].map((e) => el("option", { value: e.id }, e.name_zh || e.id)));
  for (const f of (drafts && drafts.facts) || []) cur.cards.push({ ...f, status: null, problems: [] });
  renderCards();
  renderText();
}

async function draft() {
  actions.showMessage("info", "loading");
  try {
    const drafts = await call("POST", `/articles/${cur.article}/proposals`);
    useDrafts(drafts);
    actions.showMessage("ok", "drafted", drafts.facts.length);
  } catch (err) {
    fail(err);
  }
}

async function save() {
  // One save at a time: a save can take seconds (validate, write, load), and a second click
  // meanwhile would save again.
  const button = $("#cur-save");
  if (button.disabled) return;
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  actions.showMessage("info", "saving");
  try {
    await saveOnce();
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}

async function saveOnce() {
  const body = saveBody();
  for (const c of cur.cards) c.problems = [];
  for (const e of cur.entities.values()) e.problems = [];
  try {
    const r = await call("PUT", `/articles/${cur.article}/facts`, { body, headers: { "If-Match": `"${cur.etag}"` } });
    cur.etag = r.etag;
    cur.existing = body.facts;
    cur.declared = body.entities;
    for (const e of body.entities) cur.entities.get(e.id) && (cur.entities.get(e.id).linked = true);
    cur.cards = cur.cards.filter((c) => c.status !== "accepted");
    actions.showMessage("ok", "saved", r.facts, r.changes.added);
    // the hospital the saved facts are about, to see them in its timeline
    const prefix = `${(cur.ontology.id_prefixes || {}).Hospital || "hosp"}-`;
    const hospital = body.facts.flatMap((f) => [f.subject, f.object]).find((x) => String(x).startsWith(prefix));
    $("#cur-after").replaceChildren(hospital ? el("a", { href: `#${new URLSearchParams({ entity: hospital, tab: "timeline" })}`, class: "cur-open" }, t("openHospital")) : "");
  } catch (err) {
    if (err.status === 422 && err.body && err.body.problems) {
      for (const p of err.body.problems) {
        const card = cur.cards.find((c) => c.savedId === p.fact || c.id === p.fact);
        const ent = cur.entities.get(p.fact);
        if (card) card.problems.push(p.message);
        else if (ent) ent.problems.push(p.message);
        else (cur.cards.find((c) => c.status === "accepted") || { problems: [] }).problems.push(`${p.fact || ""} ${p.message}`);
      }
      actions.showMessage("invalid", "invalid", err.body.problems.length);
    } else if (err.status === 409) actions.showMessage("http", "stale");
    else fail(err);
  }
  renderCards();
  renderText();
}

async function addArticle(ev) {
  ev.preventDefault();
  const f = ev.target;
  const body = { title: f.title.value.trim(), text: f.text.value };
  for (const k of ["date", "outlet", "url"]) if (f[k].value.trim()) body[k] = f[k].value.trim();
  try {
    const r = await call("POST", "/articles", { body });
    actions.showMessage("ok", "added", r.id);
    $("#cur-add-box").open = false;
    f.reset();
    await listArticles();
    await openArticle(r.id);
  } catch (err) {
    if (err.status === 409 && err.body && err.body.duplicate_of) actions.showMessage("http", "duplicate", err.body.duplicate_of, err.body.similarity);
    else fail(err);
  }
}

async function listArticles() {
  const list = await call("GET", "/articles");
  $("#cur-articles").replaceChildren(el("option", { value: "" }, t("pickArticle")),
    ...list.map((a) => el("option", { value: a.id, selected: a.id === cur.article || undefined }, `${a.id} · ${a.title || ""}`)));
}

export async function showCuration(articleId) {
  document.body.dataset.view = "curation";
  $("#curation").hidden = false;
  $("#cur-token").value = cur.token;
  if (!cur.token) return actions.showMessage("info", "tokenNeeded");
  try {
    if (!cur.ontology) cur.ontology = await call("GET", "/ontology");
    await listArticles();
    if (articleId) await openArticle(articleId);
  } catch (err) {
    fail(err);
  }
}

export function hideCuration() {
  document.body.dataset.view = "graph";
  $("#curation").hidden = true;
}

export function installCuration() {
  $("#cur-token-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    cur.token = $("#cur-token").value.trim();
    sessionStorage.setItem("hkg-curator", cur.token);
    showCuration(cur.article);
  });
  $("#cur-articles").addEventListener("change", (ev) => ev.target.value && openArticle(ev.target.value));
  $("#cur-add").addEventListener("submit", addArticle);
  $("#cur-draft").addEventListener("click", draft);
  $("#cur-save").addEventListener("click", save);
  $("#cur-select").addEventListener("click", fromSelection);
  // a selection made with the mouse or the keyboard (shift + arrows in the focusable text)
  document.addEventListener("selectionchange", () => {
    const sel = window.getSelection();
    $("#cur-select").disabled = !sel || sel.isCollapsed || !$("#cur-text").contains(sel.anchorNode);
  });
}
