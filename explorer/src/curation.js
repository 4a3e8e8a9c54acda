// The curation view (#curate, #curate=A005): a curator's token, the articles (and adding one),
// the article's text with every proposed quote highlighted, the proposals as cards — each as
// the review left it (accepted: its fact is curated; rejected: stored with the drafts;
// pending) with the counts —, a fact made from any selected text (quote and code-point offsets
// filled in, nothing else guessed), and the save: If-Match against the fact file's ETag, the
// validator's messages on their cards, loaded at once. Keys: j/k next/previous card, a accept,
// r reject, n next pending.
import { $, el } from "./dom.js";
import { curate } from "./api.js";
import { actions } from "./state.js";
import { t } from "./names.js";
import { cardNode, cur, saveBody, saveState } from "./curation-cards.js";
import { entityForms } from "./curation-entities.js";
import { checkCard } from "./curation-check.js";

const call = (method, path, opts = {}) => curate(method, path, { token: cur.token, ...opts });

// The token's state beside the token field, as well as in the message bar: a curator who
// typed a wrong one sees why nothing opens where they typed it.
function tokenState(kind, text) {
  const box = $("#cur-token-status");
  box.textContent = text || "";
  box.dataset.kind = kind || "";
  $("#cur-token").setAttribute("aria-invalid", String(kind === "bad"));
}

function fail(err) {
  if (err.status === 403) {
    tokenState("bad", t("curationDisabled", err.detail || ""));
    actions.showMessage("http", "curationDisabled", err.detail);
  } else if (err.status === 401) {
    tokenState("bad", t(cur.token ? "tokenRefused" : "tokenNeeded"));
    $("#cur-work").hidden = true;
    actions.showMessage("http", "unauthorized", err.detail);
  } else actions.showError(err);
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

function renderCounts() {
  const n = { pending: 0, accepted: 0, rejected: 0 };
  for (const c of cur.cards) n[c.status || "pending"] += 1;
  $("#cur-counts").textContent = t("reviewCounts", n.pending, n.accepted, n.rejected);
  const { todo, bad } = saveState();
  const button = $("#cur-save");
  if (button.getAttribute("aria-busy") !== "true") button.disabled = !todo || bad > 0;
  $("#cur-save-why").textContent = !todo ? t("nothingToSave") : bad ? t("cardsIncomplete", bad) : "";
}

function render(action) {
  if (action && action.reject) return reject(action.reject);
  const focused = document.activeElement && document.activeElement.closest && document.activeElement.closest(".cur-card");
  const focusId = focused ? focused.dataset.card : null;
  $("#cur-cards").replaceChildren(...cur.cards.map((c) => cardNode(c, render)));
  $("#cur-new-entities").replaceChildren(entityForms(render));
  $("#cur-existing").textContent = t("existingFacts", cur.existing.length);
  renderCounts();
  renderText();
  if (focusId) document.querySelector(`#cur-cards [data-card="${CSS.escape(focusId)}"]`)?.focus();
}

// Rejecting a draft (or taking the rejection back) is stored at once with the drafts.
async function reject(card) {
  const to = card.status === "rejected" ? null : "rejected";
  if (card.rule) {
    try {
      await call("POST", `/articles/${cur.article}/proposals/decisions`,
        { body: { decisions: [{ proposal: card.id, decision: to || "pending" }] } });
    } catch (err) {
      return fail(err);
    }
  }
  card.status = to;
  render();
}

// The predicate the drafts give the selected text, offered (not chosen) on the new card.
function suggestionFor(start, end) {
  const overlapping = cur.cards.filter((c) => c.rule && c.start < end && start < c.end)
    .sort((a, b) => (b.confidence || 0) - (a.confidence || 0));
  return overlapping.length ? overlapping[0].predicate : null;
}

// The selected text of the article as a new card: its quote and where it is, in code points;
// the predicate, subject and object are the curator's to choose.
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
  const end = start + codePoints(quote);
  const card = { id: `sel-${cur.cards.length + 1}`, selection: true, quote, start, end,
    subject: "", predicate: "", object: "", qualifiers: {}, status: null, suggestion: suggestionFor(start, end) };
  cur.cards.push(card);
  render();
  document.querySelector(`[data-card="${card.id}"] .cur-predicate`)?.focus();
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
    cur.entities = new Map();
    for (const e of cur.declared) cur.entities.set(e.id, { ...e, linked: true, local: true });
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

// The drafts as cards, each with the status the review left it in.
function useDrafts(drafts) {
  cur.cards = [];
  // A drafted new entity the curator has saved already (under the id they chose): the drafts
  // that name it name the saved one.
  const same = new Map();
  for (const e of (drafts && drafts.entities) || []) {
    const saved = !e.linked && cur.declared.find((d) => d.name_zh === e.name_zh && d.type === e.type);
    if (saved) same.set(e.id, saved.id);
    else if (!cur.entities.has(e.id)) cur.entities.set(e.id, { ...e });
  }
  const id = (x) => same.get(x) || x;
  for (const f of (drafts && drafts.facts) || []) {
    const saved = f.status === "accepted";
    const qualifiers = { ...(f.qualifiers || {}) };
    if (qualifiers.conferrer) qualifiers.conferrer = id(qualifiers.conferrer);
    cur.cards.push({ ...f, subject: id(f.subject), object: id(f.object), qualifiers,
      status: f.status === "pending" ? null : f.status, saved, savedId: saved ? f.fact : undefined, problems: [] });
  }
  render();
}

async function draft() {
  actions.showMessage("info", "loading");
  try {
    const drafts = await call("POST", `/articles/${cur.article}/proposals`);
    const selections = cur.cards.filter((c) => c.selection);
    useDrafts(drafts);
    cur.cards.push(...selections);
    render();
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
    button.removeAttribute("aria-busy");
    render();
  }
}

async function saveOnce() {
  if (cur.cards.some((c) => c.status === "accepted" && !c.saved && checkCard(c).length)) return;
  const body = saveBody();
  for (const c of cur.cards) c.problems = [];
  for (const e of cur.entities.values()) e.problems = [];
  try {
    const r = await call("PUT", `/articles/${cur.article}/facts`, { body, headers: { "If-Match": `"${cur.etag}"` } });
    cur.etag = r.etag;
    cur.existing = body.facts;
    cur.declared = body.entities;
    for (const e of body.entities) if (cur.entities.get(e.id)) Object.assign(cur.entities.get(e.id), { linked: true, local: true });
    for (const c of cur.cards) if (c.status === "accepted" && !c.saved) Object.assign(c, { saved: true, fact: c.savedId });
    actions.showMessage("ok", "saved", r.facts, r.changes.added);
    // the hospital the saved facts are about, to see them in its timeline
    const prefix = `${(cur.ontology.id_prefixes || {}).Hospital || "hosp"}-`;
    const hospital = body.facts.flatMap((f) => [f.subject, f.object]).find((x) => String(x).startsWith(prefix));
    $("#cur-after").replaceChildren(hospital ? el("a", { href: `#${new URLSearchParams({ entity: hospital, tab: "timeline" })}`, class: "cur-open" }, t("openHospital")) : "");
  } catch (err) {
    if (err.status === 422 && err.body && err.body.problems) {
      for (const p of err.body.problems) {
        const card = cur.cards.find((c) => (c.savedId === p.fact && !c.saved) || c.id === p.fact);
        const ent = cur.entities.get(p.fact);
        if (card) card.problems.push(p.message);
        else if (ent) (ent.problems = ent.problems || []).push(p.message);
        else (cur.cards.find((c) => c.status === "accepted" && !c.saved) || { problems: [] }).problems.push(`${p.fact || ""} ${p.message}`);
      }
      actions.showMessage("invalid", "invalid", err.body.problems.length);
    } else if (err.status === 409) actions.showMessage("http", "stale");
    else fail(err);
  }
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
  if (!cur.token) {
    tokenState("bad", t("tokenNeeded"));
    return actions.showMessage("info", "tokenNeeded");
  }
  try {
    const who = await call("GET", "/whoami");
    tokenState("ok", t("tokenOk", who.curator));
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

// Review by keyboard, on the cards (not while typing in a field of one).
function onKey(ev) {
  if (ev.target.closest("input, select, textarea, button, [role=listbox]") || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const cards = [...document.querySelectorAll("#cur-cards .cur-card")];
  const here = ev.target.closest(".cur-card");
  const i = cards.indexOf(here);
  const card = here && cur.cards.find((c) => c.id === here.dataset.card);
  const go = (j) => { if (cards[j]) { cards[j].focus(); cards[j].scrollIntoView({ block: "nearest" }); } };
  const key = ev.key.toLowerCase();
  if (key === "j" || ev.key === "ArrowDown") go(Math.min(i + 1, cards.length - 1));
  else if (key === "k" || ev.key === "ArrowUp") go(Math.max(i - 1, 0));
  else if (key === "n") go(cards.findIndex((c, j) => j > i && c.dataset.status === "pending"));
  else if (key === "a" && card && !card.saved && (card.status === "accepted" || !checkCard(card).length)) {
    card.status = card.status === "accepted" ? null : "accepted";
    render();
  } else if (key === "r" && card && !card.saved) render({ reject: card });
  else return;
  ev.preventDefault();
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
  $("#cur-cards").addEventListener("keydown", onKey);
  // a selection made with the mouse or the keyboard (shift + arrows in the focusable text)
  document.addEventListener("selectionchange", () => {
    const sel = window.getSelection();
    $("#cur-select").disabled = !sel || sel.isCollapsed || !$("#cur-text").contains(sel.anchorNode);
  });
}
