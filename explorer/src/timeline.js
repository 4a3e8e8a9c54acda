// The timeline tab of a hospital: everything dated about it and its units, in order, from
// /hospitals/{id}/timeline (its honours history where that endpoint is not there), each entry
// with its source sentence and a cite button.
import { $, el, isChinese } from "./dom.js";
import { api, ApiError } from "./api.js";
import { actions, state } from "./state.js";
import { className, enumName, nameOf, t } from "./names.js";
import { entityLink, statementSummary } from "./panel.js";
import { citeButton, evidenceControls, quoteBlock, sentenceBlock } from "./evidence.js";

export const isHospital = (e) => e && (e.type === "Hospital" || (e.labels || []).includes("Hospital"));

// The timeline endpoint's entries (dated, then undated), figure series and campus list; or,
// from an API without it, the honours history's entries.
async function fetchEntries(id) {
  try {
    const r = await api.timeline(id);
    return { source: "timeline", entries: [...(r.entries || []), ...(r.undated || [])], series: r.series || [],
      campuses: r.campuses || null };
  } catch (err) {
    if (!(err instanceof ApiError) || ![404, 405].includes(err.status)) throw err;
  }
  const page = await api.honours(id);
  return { source: "honours", entries: page.items, series: [], campuses: null };
}

export async function loadTimeline() {
  const e = state.detail && state.detail.entity;
  const box = $("#timeline");
  if (!isHospital(e)) {
    box.replaceChildren(el("p", { class: "none" }, t("pickHospital")));
    return;
  }
  if (!state.timeline || state.timeline.id !== e.id) {
    box.replaceChildren(el("p", { class: "none" }, t("loading")));
    try {
      state.timeline = { id: e.id, ...(await fetchEntries(e.id)) };
    } catch (err) {
      actions.showError(err, e.id);
      box.replaceChildren();
      return;
    }
  }
  renderTimeline();
}

const yearOf = (x) => x.year ?? (x.date ? Number(String(x.date).slice(0, 4)) : null) ?? null;

// What an entry is about, named in the reader's language.
function title(x) {
  const own = state.lang === "en" ? x.label_en || x.title_en : x.label_zh || x.title_zh;
  if (own) return own;
  const thing = x.honour || x.programme || x.entity || x.subject;
  if (thing) return entityLink(thing);
  if (x.description) return el("span", { lang: isChinese(x.description) ? "zh" : "en" }, x.description);
  return className(x.class) || enumName("kind", x.kind);
}

const num = (v) => (Number.isInteger(v) ? String(v) : String(v ?? ""));

// A figure's values in the order the text gives them, e.g. 党支部 9 → 13.
function seriesItem(x) {
  const what = state.lang === "en" ? x.metric.replace(/_/g, " ") : x.label_zh;
  const points = x.points.map((p) => `${num(p.value)}${p.year ? ` (${p.year})` : ""}`).join(t("seriesArrow"));
  return el("li", { class: "series-entry", dataset: { metric: x.metric } },
    el("div", {}, entityLink(x.entity), " · ", el("span", { lang: state.lang === "en" ? "en" : "zh" }, what)),
    el("div", { class: "series" }, points, x.unit ? ` ${x.unit}` : ""),
    el("div", { class: "fact-tools" }, ...x.points.map((p) => citeButton(p.fact_id))));
}

function campusBlock(c) {
  if (!c || !c.listed || !c.listed.length) return "";
  const list = el("p", {}, ...c.listed.flatMap((row, i) => [i ? "、" : "", entityLink(row.entity)]));
  return el("section", { class: "campuses", "aria-labelledby": "timeline-campuses" },
    el("h3", { id: "timeline-campuses" }, t("campuses")), list,
    campusNote(c));
}

// Which campus list is current: in the page's language when the API gives it, else the other
// language, marked as such.
function campusNote(c) {
  const byLang = { zh: c.current_zh, en: c.current };
  const lang = byLang[state.lang] ? state.lang : ["zh", "en"].find((l) => byLang[l]);
  if (!lang) return "";
  return el("p", { class: "note campus-note", lang }, byLang[lang],
    lang !== state.lang ? el("span", { class: "muted" }, t("noteIn", lang)) : "");
}

function entry(x) {
  const factId = x.fact_id || x.id;
  const meta = el("div", { class: "meta" });
  const add = (label, value) => {
    if (!value) return;
    if (meta.childNodes.length) meta.append(" · ");
    meta.append(label ? `${label}：` : "", value);
  };
  if (x.category) add("", enumName("category", x.category));
  if (x.kind && enumName("kind", x.kind) !== enumName("category", x.category)) add("", enumName("kind", x.kind));
  if (x.recipient) add(t("recipient"), entityLink(x.recipient));
  if (x.subject && x.subject.id !== state.timeline.id) add("", entityLink(x.subject));
  if (x.object && x.object.id !== state.timeline.id) add("", entityLink(x.object));
  if (x.value !== undefined && x.value !== null) add("", `${num(x.value)}${x.unit || ""}`);
  if (x.holder) add("", entityLink(x.holder));
  if (x.conferrer) add(t("conferrer"), entityLink(x.conferrer));
  if (x.level) add(t("level"), enumName("level", x.level));
  if (x.rank) add(t("rank"), enumName("rank", x.rank));
  if (x.date && x.date !== String(x.year)) add(x.date_role && x.date_role !== "date" ? enumName("date_role", x.date_role) : "", x.date);
  if (x.year_basis && x.year_basis !== "stated") add(t("yearBasis"), enumName("year_basis", x.year_basis));
  const li = el("li", { class: "timeline-entry honour-entry", dataset: { fact: factId || "", kind: x.kind || "", category: x.category || "" } },
    el("div", { class: "honour-name" }, title(x)), meta);
  if (x.note || x.role) li.append(statementSummary({ note: x.note, role: x.role, role_en: x.role_en }));
  const sources = x.sources || [];
  const withSentence = sources.filter((s) => s.sentence);
  for (const s of withSentence) li.append(sentenceBlock(s));
  for (const s of sources.filter((s) => !s.sentence)) li.append(quoteBlock(s.quote, s.article_id, s.article_title));
  if (factId) {
    // the sentence around the quote, from the API, when the entry did not bring it
    if (!withSentence.length) li.append(...evidenceControls(factId));
    else li.append(citeButton(factId));
  }
  return li;
}

export function renderTimeline() {
  const box = $("#timeline");
  box.replaceChildren();
  if (!state.timeline || !state.detail) return;
  box.append(el("h2", { class: "entity-name" }, t("timelineOf", nameOf(state.detail.entity))));
  const { entries: items, series: figures, campuses } = state.timeline;
  box.append(campusBlock(campuses));
  if (!items.length) box.append(el("p", { class: "none" }, t("noTimeline")));
  else box.append(entriesByYear(items));
  if (figures && figures.length) {
    box.append(el("section", { class: "figures", "aria-labelledby": "timeline-series" },
      el("h3", { id: "timeline-series" }, t("series")), el("ul", { class: "series-list" },
      // change over time first: the series with more than one value
      ...[...figures].sort((a, b) => (b.points.length > 1) - (a.points.length > 1)).map(seriesItem))));
  }
}

function entriesByYear(items) {
  const byYear = new Map();
  for (const item of items) {
    const key = yearOf(item);
    if (!byYear.has(key)) byYear.set(key, []);
    byYear.get(key).push(item);
  }
  // in order of time; what has no year comes last
  const years = [...byYear.keys()].sort((a, b) => (a === null) - (b === null) || a - b);
  const list = el("ol", { class: "timeline" });
  for (const year of years) {
    const heading = `timeline-${year ?? "undated"}`;
    list.append(el("li", { class: "year", dataset: { year: year ?? "" }, "aria-labelledby": heading },
      el("h3", { id: heading }, year ?? t("yearUnknown")),
      el("ul", {}, ...byYear.get(year).map(entry))));
  }
  return list;
}
