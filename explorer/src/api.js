// The API client. By default the page talks to the API that serves it (same origin);
// `?api=http://host:port` points it at another one.

export class ApiError extends Error {
  // kind: "down" (no answer at all), "unavailable" (503), "not-found" (404), "invalid" (422), "http"
  constructor(kind, status, detail, url) {
    super(`${kind} ${status ?? ""} ${url}: ${typeof detail === "string" ? detail : JSON.stringify(detail)}`);
    this.kind = kind;
    this.status = status;
    this.detail = detail;
    this.url = url;
  }
}

let base = new URLSearchParams(location.search).get("api") || "";

export function apiBase() {
  return base;
}

export function setApiBase(value) {
  base = (value || "").replace(/\/$/, "");
}

let pending = 0;
function busy(delta) {
  pending += delta;
  document.body.dataset.busy = String(pending);
}

export async function get(path, params = {}) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") qs.set(k, v);
  const url = `${base}${path}${[...qs].length ? `?${qs}` : ""}`;
  busy(+1);
  try {
    let response;
    try {
      response = await fetch(url, { headers: { Accept: "application/json" } });
    } catch (err) {
      throw new ApiError("down", null, String(err), url);
    }
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (response.ok) return body;
    const detail = body && body.detail !== undefined ? body.detail : response.statusText;
    const kind = { 404: "not-found", 422: "invalid", 503: "unavailable", 502: "down", 504: "down" }[response.status] || "http";
    throw new ApiError(kind, response.status, detail, url);
  } finally {
    busy(-1);
  }
}

export const api = {
  search: (q, type) => get("/search", { q, type, limit: 50 }),
  entity: (id) => get(`/entities/${encodeURIComponent(id)}`),
  neighbourhood: (id, depth = 1) => get(`/entities/${encodeURIComponent(id)}/neighbourhood`, { depth, format: "cytoscape" }),
  honours: (id) => get(`/hospitals/${encodeURIComponent(id)}/honours`, { limit: 500 }),
  evidence: (factId) => get(`/facts/${encodeURIComponent(factId)}/evidence`),
};
