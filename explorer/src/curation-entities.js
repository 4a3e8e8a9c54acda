// Entities in the curation view: search-as-you-type for a card's subject, object or conferrer
// (this article's own entities — drafted or made here — first, then the graph's), a new
// entity made by the curator (type, names, and an id it may edit, checked against the id rule
// and the ids already taken), and the list of the new entities the accepted facts use.
import { el } from "./dom.js";
import { api } from "./api.js";
import { cur } from "./curation-state.js";
import { checkId } from "./curation-check.js";
import { nameOf, t, typeName } from "./names.js";

let pickers = 0;
const norm = (s) => String(s || "").toLowerCase().replace(/\s+/g, "");

// This article's entities that match what was typed: by Chinese or English name, or id.
function localMatches(q, classes) {
  const n = norm(q);
  return [...cur.entities.values()].filter((e) => !e.linked || e.local)
    .filter((e) => [e.name_zh, e.name_en, e.id].some((s) => norm(s).includes(n)))
    .filter((e) => !classes || !classes.length || classes.some((c) => ((cur.ontology.classes || {})[e.type] || [e.type]).includes(c)))
    .slice(0, 8);
}

// A text input with a list of suggestions under it; picking one sets `card[field]` to its id.
export function entityPicker(card, field, label, classes, rerender) {
  const listId = `cur-suggest-${++pickers}`;
  const input = el("input", { type: "text", value: card[field] ?? "", "aria-label": label, class: `cur-${field}`,
    autocomplete: "off", role: "combobox", "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": listId });
  const list = el("ul", { id: listId, class: "cur-suggest", role: "listbox", hidden: true });
  const option = (e, isNew) => el("li", { role: "option", tabindex: "-1", dataset: { id: e.id },
    onmousedown: (ev) => ev.preventDefault(), onclick: () => pick(e.id) },
  `${nameOf(e)} · ${typeName(e.type)}`, isNew ? el("span", { class: "cur-new-badge" }, t("newInArticle")) : "",
  el("code", {}, e.id));
  const show = (items) => {
    list.replaceChildren(...items);
    list.hidden = !items.length;
    input.setAttribute("aria-expanded", String(!list.hidden));
  };
  function pick(id) {
    card[field] = id;
    input.value = id;
    show([]);
    rerender();
  }
  let timer = null;
  input.addEventListener("input", () => {
    card[field] = input.value.trim();
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) return show([]);
    const local = localMatches(q, classes);
    show(local.map((e) => option(e, true)));
    if (q.length < 2) return;
    timer = setTimeout(async () => {
      try {
        const page = await api.search(q);
        const graph = page.items.filter((i) => !local.some((e) => e.id === i.id)).slice(0, 8);
        for (const item of graph) if (!cur.entities.has(item.id)) cur.entities.set(item.id, { ...item, linked: true });
        if (input.value.trim() === q) show([...local.map((e) => option(e, true)), ...graph.map((e) => option(e, false))]);
      } catch { /* suggestions are a help, not a need */ }
    }, 200);
  });
  input.addEventListener("keydown", (ev) => {
    const items = [...list.children];
    if (ev.key === "ArrowDown" && items.length) { ev.preventDefault(); items[0].focus(); }
    if (ev.key === "Escape") show([]);
  });
  list.addEventListener("keydown", (ev) => {
    const items = [...list.children];
    const i = items.indexOf(document.activeElement);
    if (ev.key === "ArrowDown") { ev.preventDefault(); items[Math.min(i + 1, items.length - 1)].focus(); }
    if (ev.key === "ArrowUp") { ev.preventDefault(); (i > 0 ? items[i - 1] : input).focus(); }
    if (ev.key === "Enter" && i >= 0) { ev.preventDefault(); pick(items[i].dataset.id); }
    if (ev.key === "Escape") { show([]); input.focus(); }
  });
  input.addEventListener("change", () => rerender());
  input.addEventListener("blur", () => setTimeout(() => { if (!list.contains(document.activeElement)) show([]); }, 150));
  return el("span", { class: "cur-picker" }, input, list);
}

// Does the graph have this id already? (404: no.) Unknown when the API cannot say.
async function takenInGraph(id) {
  try {
    await api.entity(id);
    return true;
  } catch (err) {
    return err.status === 404 ? false : null;
  }
}

function suggestId(type) {
  const prefix = (cur.ontology.id_prefixes || {})[type] || "ent";
  let n = cur.newEntityCount + 1;
  while (cur.entities.has(`${prefix}-${cur.article.toLowerCase()}-n${n}`)) n += 1;
  return `${prefix}-${cur.article.toLowerCase()}-n${n}`;
}

// A new entity for `card[field]`: nothing is filled in for the curator but an id to edit.
export function newEntityForm(card, field, classes, rerender) {
  const types = (cur.ontology ? cur.ontology.entity_types : [])
    .filter((x) => x !== "OrganisationalUnit" && (!classes.length || classes.some((c) => ((cur.ontology.classes || {})[x] || [x]).includes(c))));
  const type = el("select", { "aria-label": t("entityType"), class: "cur-new-type" },
    el("option", { value: "" }, t("chooseType")), ...types.map((x) => el("option", { value: x }, typeName(x))));
  const zh = el("input", { type: "text", "aria-label": t("nameZh"), class: "cur-new-zh", placeholder: t("nameZh") });
  const en = el("input", { type: "text", "aria-label": t("nameEn"), class: "cur-new-en", placeholder: t("nameEn") });
  const id = el("input", { type: "text", "aria-label": t("entityId"), class: "cur-new-id", placeholder: t("entityId") });
  const problems = el("ul", { class: "cur-problems", role: "alert" });
  const make = el("button", { type: "button", class: "cur-new-make", disabled: true }, t("makeEntity"));
  let edited = false;
  let taken = false;
  const check = () => {
    const msgs = [...(!type.value ? [t("chkMissing", t("entityType"))] : []), ...(!zh.value.trim() ? [t("chkMissing", t("nameZh"))] : []),
      ...(type.value ? checkId(id.value.trim(), type.value, { taken }) : [])];
    problems.replaceChildren(...msgs.map((m) => el("li", {}, m)));
    make.disabled = msgs.length > 0;
  };
  type.addEventListener("change", () => {
    if (!edited) id.value = type.value ? suggestId(type.value) : "";
    taken = false;
    check();
  });
  zh.addEventListener("input", check);
  id.addEventListener("input", () => { edited = true; taken = false; check(); });
  id.addEventListener("change", async () => { taken = (await takenInGraph(id.value.trim())) === true; check(); });
  make.addEventListener("click", async () => {
    const value = id.value.trim();
    taken = (await takenInGraph(value)) === true;
    check();
    if (make.disabled) return;
    cur.newEntityCount += 1;
    cur.entities.set(value, { id: value, type: type.value, name_zh: zh.value.trim(), name_en: en.value.trim(), linked: false, local: true });
    card[field] = value;
    rerender();
  });
  return el("details", { class: "cur-new-entity" }, el("summary", {}, t("newEntity")),
    el("div", { class: "cur-new-fields" }, type, zh, en, id, make), problems);
}

// Point every card at an entity's new id.
function renameEverywhere(from, to) {
  for (const c of cur.cards) {
    if (c.subject === from) c.subject = to;
    if (c.object === from) c.object = to;
    if (c.qualifiers && c.qualifiers.conferrer === from) c.qualifiers.conferrer = to;
  }
}

// The new entities the accepted (unsaved) facts use: English name, pinyin for people, and an id
// the curator may edit (checked as above, and renamed on every card that uses it).
export function entityForms(rerender) {
  const used = new Set(cur.cards.filter((c) => c.status === "accepted" && !c.saved)
    .flatMap((c) => [c.subject, c.object, c.qualifiers?.conferrer]));
  const fresh = [...cur.entities.values()].filter((e) => !e.linked && used.has(e.id));
  return el("ul", { class: "cur-entities" }, ...fresh.map((e) => {
    const problems = el("ul", { class: "cur-problems", role: "alert" }, ...(e.problems || []).map((p) => el("li", {}, p)));
    const idInput = el("input", { type: "text", value: e.id, "aria-label": `${t("entityId")} ${e.name_zh}`, class: "cur-entity-id" });
    idInput.addEventListener("change", async () => {
      const to = idInput.value.trim();
      if (to === e.id) return;
      let msgs = checkId(to, e.type, { self: e });
      if (!msgs.length && (await takenInGraph(to)) === true) msgs = checkId(to, e.type, { self: e, taken: true });
      if (msgs.length) {
        e.problems = msgs;
        problems.replaceChildren(...msgs.map((m) => el("li", {}, m)));
        return;
      }
      const from = e.id;
      cur.entities.delete(from);
      e.id = to;
      e.problems = [];
      cur.entities.set(to, e);
      renameEverywhere(from, to);
      rerender();
    });
    return el("li", { dataset: { entity: e.id } },
      el("span", {}, `${e.name_zh} · ${typeName(e.type)} `), idInput,
      el("input", { type: "text", value: e.name_en || "", "aria-label": `${t("nameEn")} ${e.name_zh}`, class: "cur-name-en",
        onchange: (ev) => { e.name_en = ev.target.value.trim(); } }),
      e.type === "Person" ? el("input", { type: "text", value: e.pinyin || "", "aria-label": `${t("pinyin")} ${e.name_zh}`,
        onchange: (ev) => { e.pinyin = ev.target.value.trim(); } }) : "",
      problems);
  }));
}
