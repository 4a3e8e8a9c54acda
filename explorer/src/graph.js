// The Cytoscape.js view: styles, turning API records into elements, merging them into what is
// shown, and the layout. Groups (compound nodes) are made in groups.js.
import cytoscape from "cytoscape";
import fcose from "cytoscape-fcose";
import { $ } from "./dom.js";
import { displayLabel, entityType, isStatement, relationName } from "./names.js";

export const COLOURS = {
  Hospital: "#c0392b", Campus: "#e67e22", Department: "#b7950b", Centre: "#d68910", Laboratory: "#b9770e",
  Team: "#ca6f1e", Organisation: "#7d3c98", PartyCommittee: "#a93226", PartyBranch: "#cd6155",
  Alliance: "#138d75", Person: "#2471a3", Brand: "#229954", Honour: "#d4ac0d", Programme: "#17a589",
  Place: "#7f8c8d",
};

// fCoSE places compound nodes (open groups) as boxes around their members; plain CoSE strings
// them out in a line.
cytoscape.use(fcose);

const FONT = "WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif";

export const cy = cytoscape({
  container: $("#cy"),
  minZoom: 0.1,
  maxZoom: 4,
  style: [
    { selector: "node", style: {
      label: "data(display)", "font-size": 11, "font-family": FONT,
      // Chinese names have no spaces to break at: they wrap anywhere, English ones between
      // words, so a long name is a block no wider than text-max-width (which the layout counts).
      "text-valign": "bottom", "text-margin-y": 3, "text-wrap": "wrap", "text-max-width": 110,
      "text-overflow-wrap": (n) => (/[\u3400-\u9fff]/.test(String(n.data("display"))) ? "anywhere" : "whitespace"),
      "background-color": "data(colour)", width: 26, height: 26, color: "#1f2d3d",
      "text-background-color": "#ffffff", "text-background-opacity": 0.75, "text-background-padding": 1,
      "border-width": 1, "border-color": "#ffffff" } },
    { selector: "node.statement", style: {
      shape: "diamond", width: 13, height: 13, "font-size": 8, color: "#566573", "background-color": "#aab7b8",
      "min-zoomed-font-size": 8 } },
    { selector: "node.Hospital", style: { width: 40, height: 40, "font-size": 13, "font-weight": "bold" } },
    // a closed group: one rounded box with its name and count, opened by a click
    { selector: "node.group", style: {
      shape: "round-rectangle", width: (n) => Math.max(40, String(n.data("display")).length * 11), height: 22, padding: 8, "background-color": "#eef2f6",
      "border-width": 1.5, "border-color": "data(colour)", "border-style": "dashed", "text-valign": "center",
      "text-margin-y": 0, "font-size": 11, "text-background-opacity": 0, color: "#1f2d3d" } },
    // an open group: the compound node around its members
    { selector: "node.group.open", style: {
      "background-color": "#f7f9fb", "background-opacity": 0.8, "border-style": "solid", "text-valign": "top",
      "text-halign": "center", "text-margin-y": -2, "font-weight": "bold", padding: 12 } },
    { selector: "node.expanded", style: { "border-width": 3, "border-color": "#34495e" } },
    { selector: "node.center", style: { "border-width": 5, "border-color": "#111111" } },
    { selector: "node:selected", style: { "border-width": 5, "border-color": "#e74c3c", "overlay-opacity": 0 } },
    { selector: "node.focused", style: { "overlay-color": "#2471a3", "overlay-opacity": 0.25, "overlay-padding": 6 } },
    { selector: "edge", style: {
      width: 1.4, "line-color": "#c5ccd3", "target-arrow-color": "#c5ccd3", "target-arrow-shape": "triangle",
      "arrow-scale": 0.7, "curve-style": "bezier" } },
    { selector: "edge.structural", style: { width: 2.2, "line-color": "#85929e", "target-arrow-color": "#85929e" } },
    { selector: "edge.to-group", style: { "line-style": "dashed", "target-arrow-shape": "none", width: 1.6 } },
    { selector: "edge:selected", style: {
      label: "data(display)", "font-size": 9, color: "#e74c3c", "line-color": "#e74c3c", "target-arrow-color": "#e74c3c",
      "text-background-color": "#fff", "text-background-opacity": 0.85 } },
  ],
});
window.cy = cy;

export function nodeElement(data, parent) {
  const d = { ...data };
  d.colour = d.colour || COLOURS[entityType(d)] || "#95a5a6";
  d.display = displayLabel(d);
  if (parent) d.parent = parent;
  const classes = d.group ? "group" : isStatement(d) ? "statement" : `entity ${entityType(d) || ""}`;
  return { group: "nodes", data: d, classes };
}

export function edgeElement(data) {
  const classes = data.toGroup ? "to-group" : data.fact_id ? "structural" : "role";
  return { group: "edges", data: { ...data, display: relationName(data.type) }, classes };
}

// Adds what is not in the graph yet (members of `parent` when given); returns what was added.
export function merge(nodes, edges, { around = null, parent = null } = {}) {
  const toAdd = [];
  const seen = new Set();
  const pos = around && around.nonempty() ? around.position() : null;
  for (const n of nodes) {
    const id = n.data.id;
    if (seen.has(id)) continue;
    seen.add(id);
    const existing = cy.getElementById(id);
    if (existing.nonempty()) {
      // a fuller record (from a neighbourhood) replaces a participant's short one
      if (Object.keys(n.data).length > Object.keys(existing.data()).length) {
        const { parent: _p, ...rest } = nodeElement(n.data).data;
        existing.data(rest);
      }
      continue;
    }
    const el = nodeElement(n.data, parent);
    if (pos) el.position = { x: pos.x + (Math.random() - 0.5) * 80, y: pos.y + (Math.random() - 0.5) * 80 };
    toAdd.push(el);
  }
  for (const e of edges) {
    const id = e.data.id;
    if (seen.has(id) || cy.getElementById(id).nonempty()) continue;
    const ends = [e.data.source, e.data.target];
    if (!ends.every((x) => seen.has(x) || cy.getElementById(x).nonempty())) continue;
    seen.add(id);
    toAdd.push(edgeElement(e.data));
  }
  return cy.add(toAdd);
}

// An entity's statements name their other participants; the depth-1 neighbourhood stops at
// the statement nodes, so they are added from the entity's detail (ids as the API makes them).
export function statementElements(detail) {
  const nodes = [];
  const edges = [];
  const me = detail.entity.id;
  for (const s of detail.statements) {
    const sid = s.statement.id;
    nodes.push({ data: { ...s.statement, labels: ["Statement", s.class] } });
    edges.push({ data: { id: `${sid}|${s.role}|${me}`, source: sid, target: me, type: s.role, label: s.role } });
    for (const p of s.participants) {
      nodes.push({ data: { ...p.entity, labels: ["Entity", p.entity.type] } });
      edges.push({ data: { id: `${sid}|${p.role}|${p.entity.id}`, source: sid, target: p.entity.id, type: p.role, label: p.role } });
    }
  }
  return { nodes, edges };
}

let layoutRun = null;
export function relayout(randomize = true) {
  if (layoutRun) layoutRun.stop();
  $("#graph-empty").hidden = cy.nodes().nonempty();
  if (cy.nodes().empty()) return;
  layoutRun = cy.layout({
    // Labels count as part of a node: without it, fCoSE tiles an open group's members by their
    // 13-26 px shapes and the names under them overlap.
    name: "fcose", quality: "default", animate: false, randomize, fit: true, padding: 30, nodeDimensionsIncludeLabels: true,
    nodeRepulsion: () => 9000, idealEdgeLength: (e) => (e.hasClass("structural") ? 110 : e.hasClass("to-group") ? 100 : 60),
    edgeElasticity: () => 0.45, nestingFactor: 0.1, gravity: 0.25, gravityCompound: 1.2, gravityRangeCompound: 1.5,
    numIter: 2500, tile: true, tilingPaddingVertical: 26, tilingPaddingHorizontal: 46, packComponents: true,
  });
  layoutRun.run();
  if (separateLabels()) cy.fit(undefined, 30);
  if (cy.zoom() > 1.3) cy.zoom({ level: 1.3, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
}

// fCoSE keeps most names apart once it counts them, but a statement pulled close to its
// participant can still cover a neighbour's name. A last pass inside each open group moves
// what still overlaps the shorter way apart (down or right). Returns whether anything moved.
export function separateLabels(maxRounds = 30) {
  let movedAny = false;
  cy.nodes(".group.open").forEach((group) => {
    const kids = group.children().toArray();
    for (let round = 0; round < maxRounds; round += 1) {
      let moved = false;
      const boxes = kids.map((n) => n.boundingBox({ includeLabels: true, includeOverlays: false }));
      for (let i = 0; i < kids.length; i += 1) {
        for (let j = i + 1; j < kids.length; j += 1) {
          const a = boxes[i];
          const b = boxes[j];
          const dx = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
          const dy = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
          if (dx <= 0 || dy <= 0) continue;
          const k = dy <= dx ? (a.y1 <= b.y1 ? j : i) : (a.x1 <= b.x1 ? j : i);
          const step = dy <= dx ? { x: 0, y: dy + 4 } : { x: dx + 4, y: 0 };
          kids[k].shift(step);
          const box = boxes[k];
          Object.assign(box, { x1: box.x1 + step.x, x2: box.x2 + step.x, y1: box.y1 + step.y, y2: box.y2 + step.y });
          moved = true;
        }
      }
      movedAny = movedAny || moved;
      if (!moved) break;
    }
  });
  return movedAny;
}
