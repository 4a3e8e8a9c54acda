// A hub's neighbours in groups: instead of 150 loose nodes, opening a hospital shows one
// closed group per kind (units by type, honours, designations, people, figures, ...), each a
// Cytoscape compound node that the reader opens. Small neighbourhoods stay flat.
import { cy, merge, nodeElement, COLOURS } from "./graph.js";
import { entityType, isStatement } from "./names.js";

// Fewer neighbours than this: shown as they are. A group this small is not worth a click.
export const FLAT_UP_TO = 14;
const SMALL_GROUP = 2;

// Members of each group not yet opened, by group node id.
const pending = new Map();

const GROUP_COLOURS = { HonourConferral: COLOURS.Honour, Designation: COLOURS.Programme, Tenure: COLOURS.Person,
  Membership: COLOURS.Alliance, Partnership: COLOURS.Organisation, Figure: "#7f8c8d", Milestone: "#a04000" };

// Which group a neighbour of the hub falls in: a statement by its class, a unit by its type,
// anything else by the relation that links it to the hub.
function groupKey(node, edge) {
  if (isStatement(node)) return `class:${node.class}`;
  if (edge && edge.type === "HAS_UNIT") return `type:${entityType(node)}`;
  return `rel:${edge ? edge.type : "OTHER"}`;
}

function colourOf(key, sample) {
  const [kind, value] = key.split(":");
  if (kind === "class") return GROUP_COLOURS[value] || "#95a5a6";
  return COLOURS[entityType(sample)] || "#95a5a6";
}

// Splits hub + neighbourhood (+ statement participants) into what to show now and the groups.
// Returns {flat: {nodes, edges}, groups: [{id, key, count, nodes, edges}]}.
export function plan(hubId, hood, extra) {
  const nodes = [...hood.elements.nodes, ...extra.nodes];
  const edges = [...hood.elements.edges, ...extra.edges];
  const byId = new Map(nodes.map((n) => [n.data.id, n.data]));
  const linkTo = new Map(); // neighbour id -> the edge from/to the hub
  for (const e of edges) {
    const { source, target } = e.data;
    if (source === hubId && target !== hubId && !linkTo.has(target)) linkTo.set(target, e.data);
    else if (target === hubId && source !== hubId && !linkTo.has(source)) linkTo.set(source, e.data);
  }
  const neighbours = [...linkTo.keys()].filter((id) => byId.has(id) && cy.getElementById(id).empty());
  const hub = byId.get(hubId) ? [{ data: byId.get(hubId) }] : [];
  if (neighbours.length <= FLAT_UP_TO) return { flat: { nodes, edges }, groups: [] };

  const members = new Map(); // key -> Set of node ids
  const home = new Map(); // node id -> key
  for (const id of neighbours) {
    const key = groupKey(byId.get(id), linkTo.get(id));
    if (!members.has(key)) members.set(key, new Set());
    members.get(key).add(id);
    home.set(id, key);
  }
  // a statement's other participants join its group (unless they have a place already)
  for (const e of edges) {
    const { source, target } = e.data;
    if (home.has(source) && isStatement(byId.get(source)) && target !== hubId && !home.has(target) && !linkTo.has(target)
        && cy.getElementById(target).empty()) {
      home.set(target, home.get(source));
      members.get(home.get(source)).add(target);
    }
  }
  const flat = { nodes: [...hub], edges: [] };
  const groups = [];
  for (const [key, ids] of members) {
    const count = [...ids].filter((id) => linkTo.has(id)).length;
    const groupNodes = [...ids].map((id) => ({ data: byId.get(id) }));
    const groupEdges = edges.filter((e) => (ids.has(e.data.source) || ids.has(e.data.target))
      && e.data.source !== hubId && e.data.target !== hubId);
    if (count <= SMALL_GROUP) {
      flat.nodes.push(...groupNodes);
      flat.edges.push(...edges.filter((e) => ids.has(e.data.source) || ids.has(e.data.target)));
      continue;
    }
    const sample = byId.get([...ids][0]);
    groups.push({ id: `group|${hubId}|${key}`, key, count, hub: hubId, colour: colourOf(key, sample),
      nodes: groupNodes, edges: groupEdges });
  }
  groups.sort((a, b) => b.count - a.count);
  return { flat, groups };
}

// Adds the closed groups (one node each, linked to the hub); returns how many were new.
export function addGroups(groups) {
  let added = 0;
  for (const g of groups) {
    if (cy.getElementById(g.id).nonempty()) continue;
    pending.set(g.id, g);
    const hub = cy.getElementById(g.hub);
    const el = nodeElement({ id: g.id, group: g.key, count: g.count, hub: g.hub, colour: g.colour });
    if (hub.nonempty()) el.position = { x: hub.position().x + (Math.random() - 0.5) * 120, y: hub.position().y + (Math.random() - 0.5) * 120 };
    cy.add([el, { group: "edges", data: { id: `${g.id}|edge`, source: g.hub, target: g.id, toGroup: true }, classes: "to-group" }]);
    added += 1;
  }
  return added;
}

export const isGroup = (node) => node.hasClass("group");
export const isOpen = (node) => node.hasClass("open");

// Opens a closed group: its members appear inside it. Returns the members added.
export function openGroup(node) {
  const g = pending.get(node.id());
  if (!g || isOpen(node)) return cy.collection();
  let added;
  cy.batch(() => {
    added = merge(g.nodes, g.edges, { around: node, parent: node.id() });
    node.addClass("open");
  });
  return added.nodes();
}

// Closes an open group: its members leave the view (they come back when it is reopened).
export function closeGroup(node) {
  if (!isOpen(node)) return;
  cy.batch(() => {
    node.children().remove();
    node.removeClass("open");
  });
}

export function forgetGroups() {
  pending.clear();
}
