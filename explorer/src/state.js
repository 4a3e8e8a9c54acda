// The page's state, in one place, and the actions modules call on each other through it
// (set once by main.js), so that no module imports another's internals in a cycle.

export const state = {
  lang: localStorage.getItem("hkg-lang") === "en" ? "en" : "zh",
  query: "",
  type: "",
  results: null, // the last search page
  center: null, // the entity the graph was opened on
  current: null, // the id of what the panel shows
  detail: null, // /entities/{id} of the current entity
  selected: null, // {kind: "entity"|"statement"|"edge"|"group"|"fact", data}
  tab: "details",
  timeline: null, // {id, entries, source: "timeline"|"honours"}
  message: null, // {kind, text, args}
};

// Filled by main.js: openEntity, showFact, selectTab, render, showMessage, showError.
export const actions = {};
