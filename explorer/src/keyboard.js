// The graph from the keyboard: the canvas takes focus; arrow keys move to the nearest node in
// that direction, Enter (or Space) does what a click does, Escape goes back to the search box.
// A live region says which node has the focus, for screen readers.
import { $ } from "./dom.js";
import { cy } from "./graph.js";
import { displayLabel, entityType, isStatement, t, typeName, className } from "./names.js";

let focused = null;

const DIRS = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowDown: [0, 1], ArrowUp: [0, -1] };

function describe(node) {
  const d = node.data();
  const kind = d.group ? t("groupHint") : isStatement(d) ? className(d.class) : typeName(entityType(d));
  return `${displayLabel(d)} — ${kind}`;
}

function focus(node) {
  if (focused) focused.removeClass("focused");
  focused = node;
  if (!node) return;
  node.addClass("focused");
  $("#graph-focus").textContent = describe(node);
  const p = node.renderedPosition();
  if (p.x < 0 || p.y < 0 || p.x > cy.width() || p.y > cy.height()) cy.center(node);
}

// The node nearest to `from` within 60° of the direction, weighing distance across it twice.
function nearest(from, [dx, dy]) {
  const a = from.position();
  let best = null;
  let bestScore = Infinity;
  cy.nodes(":visible").forEach((n) => {
    if (n === from || n.isParent()) return;
    const b = n.position();
    const along = (b.x - a.x) * dx + (b.y - a.y) * dy;
    const across = Math.abs((b.x - a.x) * dy - (b.y - a.y) * dx);
    if (along <= 0 || across > along * 1.8) return;
    const score = along + 2 * across;
    if (score < bestScore) [best, bestScore] = [n, score];
  });
  return best;
}

export function installKeyboard(activate) {
  const box = $("#cy");
  box.addEventListener("focus", () => {
    if (!focused || focused.removed()) focus(cy.$(":selected").nodes().first().nonempty() ? cy.$(":selected").nodes().first() : cy.nodes().first());
  });
  box.addEventListener("blur", () => focus(null));
  box.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") {
      $("#search-input").focus();
      return;
    }
    if (cy.nodes().empty()) return;
    if (!focused || focused.removed()) focus(cy.nodes().first());
    if (DIRS[ev.key]) {
      ev.preventDefault();
      const next = nearest(focused, DIRS[ev.key]);
      if (next) focus(next);
    } else if (ev.key === "Enter" || ev.key === " ") {
      ev.preventDefault();
      activate(focused);
    }
  });
}

export const focusedNode = () => focused;
