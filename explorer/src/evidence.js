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

// The sentence with the quote marked, and its article.
export function sentenceBlock(r) {
  const sentence = r.sentence || r.quote;
  const p = el("p", { class: "evidence-sentence", lang: isChinese(sentence) ? "zh" : "en" });
  const i = r.quote ? sentence.indexOf(r.quote) : -1;
  if (i >= 0) p.append(sentence.slice(0, i), el("mark", {}, r.quote), sentence.slice(i + r.quote.length));
  else p.append(sentence);
  const a = r.article || {};
  p.append(el("cite", {}, ` — ${a.title || a.id || r.article_title || r.article_id || ""}${a.outlet ? `（${a.outlet}）` : ""}${a.date ? ` ${a.date}` : ""}`));
  return p;
}

// One line that names the quote, the article and a stable address of the fact.
export function citationLine(factId, r) {
  const a = r.article || {};
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

export async function cite(factId) {
  let rows;
  try {
    rows = await evidenceOf(factId);
  } catch (err) {
    actions.showError(err, factId);
    return null;
  }
  const line = citationLine(factId, rows[0]);
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
