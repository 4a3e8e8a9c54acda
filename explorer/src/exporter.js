// PNG and JSON of the graph, named after the view: what it shows, the tab, the date.
import { el } from "./dom.js";
import { actions, state } from "./state.js";
import { cy } from "./graph.js";
import { nameOf, t } from "./names.js";

function download(filename, href) {
  const a = el("a", { href, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
}

// e.g. "济南市妇幼保健院_时间线_2026-11-25.png"; characters no file system accepts become "_".
export function exportName(ext, now = new Date()) {
  const centre = state.center && cy.getElementById(state.center);
  const what = centre && centre.nonempty() ? nameOf(centre.data()) : state.center || "hkg";
  const tab = t("tabNames")[state.tab] || state.tab;
  const day = now.toISOString().slice(0, 10);
  return `${what}_${tab}_${day}`.replace(/[\\/:*?"<>|\s]+/g, "_") + `.${ext}`;
}

export function exportPng() {
  if (cy.elements().empty()) return actions.showMessage("info", "nothingToExport");
  const name = exportName("png");
  download(name, cy.png({ output: "base64uri", full: true, scale: 2, bg: "#ffffff" }));
  actions.showMessage("ok", "exportedPng", name);
}

export function exportJson() {
  if (cy.elements().empty()) return actions.showMessage("info", "nothingToExport");
  const name = exportName("json");
  const doc = { format: "cytoscape", center: state.center, view: name.replace(/\.json$/, ""), tab: state.tab, lang: state.lang,
    exported: new Date().toISOString(), elements: cy.json().elements };
  const url = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: "application/json" }));
  download(name, url);
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  actions.showMessage("ok", "exportedJson", name);
}
