// Search and its results list.
import { $, el } from "./dom.js";
import { api } from "./api.js";
import { actions, state } from "./state.js";
import { COLOURS } from "./graph.js";
import { nameOf, otherNameOf, t, typeName } from "./names.js";

export async function runSearch(q, type) {
  state.query = q;
  state.type = type;
  $("#search-input").value = q;
  $("#search-type").value = type;
  actions.showMessage("info", "loading");
  $("#results").replaceChildren();
  try {
    state.results = await api.search(q, type || undefined);
  } catch (err) {
    state.results = null;
    actions.showError(err);
    renderResults();
    return;
  }
  if (state.results.total === 0) actions.showMessage("no-results", "noResults", q);
  else actions.showMessage("ok", "found", state.results.total, q);
  renderResults();
}

export function renderResults() {
  const list = $("#results");
  list.replaceChildren();
  document.body.dataset.results = state.results ? String(state.results.items.length) : "";
  if (!state.results) return;
  if (!state.results.items.length) {
    list.append(el("li", { class: "empty" }, t("noResults", state.query)));
    return;
  }
  for (const item of state.results.items) {
    const li = el("li", { class: item.id === state.current ? "result active" : "result", dataset: { id: item.id } },
      el("button", { type: "button", class: "result-name", onclick: () => actions.openEntity(item.id, { fresh: true, push: true }) }, nameOf(item)),
      el("div", { class: "result-sub" }, el("span", { class: "badge", style: `background:${COLOURS[item.type] || "#95a5a6"}`, "aria-hidden": "true" }),
        `${typeName(item.type)} · ${otherNameOf(item) || item.id}`));
    list.append(li);
  }
}
