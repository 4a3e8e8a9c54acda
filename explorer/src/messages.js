// The status line. A message is kept as a string key and its arguments, not as text, so that
// switching the language translates it too.
import { $ } from "./dom.js";
import { ApiError, apiBase } from "./api.js";
import { state } from "./state.js";
import { t } from "./names.js";

const PLAIN = new Set(["info", "ok"]);

export function showMessage(kind, key, ...args) {
  state.message = kind ? { kind, key, args } : null;
  renderMessage();
}

export function renderMessage() {
  const box = $("#message");
  const m = state.message;
  box.hidden = !m;
  box.dataset.kind = m ? m.kind : "";
  box.className = m ? (PLAIN.has(m.kind) ? m.kind : `error ${m.kind}`) : "";
  // errors interrupt a screen reader; progress and results do not
  box.setAttribute("role", m && !PLAIN.has(m.kind) && m.kind !== "no-results" ? "alert" : "status");
  box.textContent = m ? (m.key ? t(m.key, ...m.args) : m.args.join("")) : "";
}

const detailText = (d) => (typeof d === "string" ? d : JSON.stringify(d));

// Says what happened, in the reader's language: which API, and why it did not answer.
export function showError(err, id) {
  if (!(err instanceof ApiError)) {
    console.error(err);
    showMessage("error", null, String(err));
    return;
  }
  switch (err.kind) {
    case "down": return showMessage("api-down", "apiDown", apiBase());
    case "cors": return showMessage("api-cors", "apiCors", apiBase());
    case "blocked": return showMessage("api-blocked", "apiBlocked", apiBase());
    case "unavailable": return showMessage("unavailable", "unavailable");
    case "rate-limited": return showMessage("rate-limited", "rateLimited");
    case "not-found": return showMessage("not-found", "notFound", id ?? detailText(err.detail));
    case "gone": return showMessage("gone", "factGone", id ?? detailText(err.detail));
    case "invalid": return showMessage("invalid", "badRequest", detailText(err.detail));
    default: return showMessage("http", "httpError", err.status, detailText(err.detail));
  }
}
