// Where a fact comes from: its quote, the sentence the API returns around it (the page never
// cuts sentences out of article texts, which the API does not serve), and a citation line.
import { el, isChinese } from "./dom.js";
import { api } from "./api.js";
import { actions } from "./state.js";
import { t } from "./names.js";

export function quoteBlock(quote, articleId, articleTitle) {
  return el("blockquote", { class: "quote", lang: isChinese(quote) ? "zh" : "en" }, quote,
    el("cite", {}, ` — ${articleTitle || articleId || ""}`));
}

// The sentence with the quote marked, and its article; or, for a fact read from a dataset
// (places), the dataset, its version and record, and what an inferred value was read from.
export function sentenceBlock(r) {
  if (r.dataset) {
    const d = r.dataset;
    return el("p", { class: "evidence-dataset" }, el("span", { class: "source-kind" }, t("datasetSource")), " ",
      el("cite", {}, `${d.name} ${d.version}${d.record ? ` #${d.record}` : ""}`),
      d.inferred ? el("span", { class: "inferred" }, ` · ${inferredText(d.inferred_from)}`) : "");
  }
  const sentence = r.sentence || r.quote;
  const p = el("p", { class: "evidence-sentence", lang: isChinese(sentence) ? "zh" : "en" });
  const i = r.quote ? sentence.indexOf(r.quote) : -1;
  if (i >= 0) p.append(sentence.slice(0, i), el("mark", {}, r.quote), sentence.slice(i + r.quote.length));
  else p.append(sentence);
  const a = articleOf(r);
  p.append(el("cite", {}, ` — ${a.title || a.id || ""}${a.outlet ? `（${a.outlet}）` : ""}${a.date ? ` ${a.date}` : ""}`));
  return p;
}

// What an inferred value was read from, in the page's language where the API's wording is
// known ("read from the name 单县妇幼保健院"), else as the API says it.
function inferredText(from) {
  const m = /^read from the name (.+)$/.exec(from || "");
  return m ? t("readFromName", m[1]) : `${t("inferredFrom")}: ${from || ""}`;
}

// A source's article, whether the API nested it (evidence) or flattened it (timeline, facts).
const articleOf = (r) => r.article || { id: r.article_id, title: r.article_title, outlet: r.article_outlet,
  date: r.article_date, url: r.article_url };

// One line that names the quote, the article and a stable address of the fact.
export function citationLine(factId, r) {
  const page0 = `${location.origin}${location.pathname}#fact=${encodeURIComponent(factId)}`;
  if (r.dataset) return `${r.dataset.name} ${r.dataset.version}${r.dataset.record ? ` #${r.dataset.record}` : ""}. Hospital Knowledge Graph, fact ${factId}, ${page0}`;
  const a = articleOf(r);
  const where = [a.title || a.id, a.outlet, a.date].filter(Boolean).join(", ");
  const page = `${location.origin}${location.pathname}#fact=${encodeURIComponent(factId)}`;
  return `“${r.quote}” — ${where}${a.url ? `, ${a.url}` : ""}. Hospital Knowledge Graph, fact ${factId}, ${page}`;
}

const evidenceCache = new Map();
export async function evidenceOf(factId) {
  if (!evidenceCache.has(factId)) evidenceCache.set(factId, api.evidence(factId).catch((e) => {
    evidenceCache.delete(factId);
    throw e;
  }));
  return evidenceCache.get(factId);
}

// /facts/{id} (its citation line, label, entities and sourced sentences), or null from an API
// that does not have that route yet.
const factCache = new Map();
export async function factOf(factId) {
  if (!factCache.has(factId)) factCache.set(factId, api.fact(factId).catch((err) => {
    factCache.delete(factId);
    if ([404, 405].includes(err.status) && err.detail === "Not Found") return null; // no such route
    throw err;
  }));
  return factCache.get(factId);
}

export async function cite(factId) {
  let line;
  try {
    const fact = await factOf(factId);
    line = fact && fact.citation ? fact.citation : citationLine(factId, (await evidenceOf(factId))[0]);
  } catch (err) {
    actions.showError(err, factId);
    return null;
  }
  document.body.dataset.lastCitation = line;
  try {
    await navigator.clipboard.writeText(line);
    actions.showMessage("ok", "copied", line);
  } catch {
    actions.showMessage("info", "copyFailed", line);
  }
  return line;
}

export function citeButton(factId) {
  return el("button", { type: "button", class: "cite", dataset: { fact: factId }, "aria-label": t("citeLabel", factId),
    onclick: () => cite(factId) }, t("cite"));
}

// A button that fetches and shows the sentences of a fact, next to its cite button.
export function evidenceControls(factId, { open = false } = {}) {
  const out = el("div", { class: "sentence", dataset: { fact: factId }, "aria-live": "polite" });
  const button = el("button", { type: "button", class: "evidence", dataset: { fact: factId }, "aria-expanded": "false",
    onclick: async () => {
      button.disabled = true;
      try {
        const rows = await evidenceOf(factId);
        out.replaceChildren(...rows.map((r) => sentenceBlock(r)));
        button.setAttribute("aria-expanded", "true");
      } catch (err) {
        actions.showError(err, factId);
        button.disabled = false;
      }
    } }, t("showSentence"));
  if (open) queueMicrotask(() => button.click());
  return [el("div", { class: "fact-tools" }, button, citeButton(factId)), out];
}
