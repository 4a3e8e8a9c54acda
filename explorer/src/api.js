// The API client. By default the page talks to the API that serves it (same origin);
// `?api=http://host:port` points it at another one.

export class ApiError extends Error {
  // kind: "down" (no answer), "cors" (another origin that answers but does not allow this page),
  // "blocked" (this page's Content-Security-Policy does not allow connecting to that origin), "unavailable" (503), "not-found" (404),
  // "gone" (410), "invalid" (422), "rate-limited" (429), "http" (anything else)
  constructor(kind, status, detail, url) {
    super(`${kind} ${status ?? ""} ${url}: ${typeof detail === "string" ? detail : JSON.stringify(detail)}`);
    this.kind = kind;
    this.status = status;
    this.detail = detail;
    this.url = url;
  }
}

let base = new URLSearchParams(location.search).get("api") || "";

export const apiBase = () => base;

export function setApiBase(value) {
  base = (value || "").replace(/\/$/, "");
}

function crossOrigin() {
  if (!base) return false;
  try {
    return new URL(base, location.href).origin !== location.origin;
  } catch {
    return false;
  }
}

// Origins this page's Content-Security-Policy refused to connect to (the server serving the
// page lists the API origins it may use: HKG_EXPLORER_API_ORIGINS).
const refused = new Set();
document.addEventListener("securitypolicyviolation", (e) => {
  try {
    refused.add(new URL(e.blockedURI).origin);
  } catch {
    /* a blocked inline resource: not an API address */
  }
});

// A failed fetch says nothing about why (the browser hides CORS refusals from scripts). The
// page's own policy is told by its violation event (which may come a moment after the
// failure). A request in "no-cors" mode is not subject to CORS: if it gets an (opaque) answer
// the server is up and the refusal was CORS; if it fails too, nothing answers at that address.
async function whyFailed(url) {
  await new Promise((resolve) => setTimeout(resolve, 50));
  const origin = new URL(url, location.href).origin;
  if (refused.has(origin)) return "blocked";
  if (!crossOrigin()) return "down";
  try {
    await fetch(`${base}/health`, { mode: "no-cors", cache: "no-store" });
    return "cors";
  } catch {
    return "down";
  }
}

let pending = 0;
function busy(delta) {
  pending += delta;
  document.body.dataset.busy = String(pending);
}

const KINDS = { 404: "not-found", 410: "gone", 422: "invalid", 429: "rate-limited", 503: "unavailable", 502: "down", 504: "down" };

// RFC 9457 problem+json ({title, detail, ...}) or FastAPI's {detail}.
function problemDetail(body, response) {
  if (!body || typeof body !== "object") return response.statusText;
  if (body.detail !== undefined) return body.detail;
  return body.title || response.statusText;
}

export async function get(path, params = {}, init = {}) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") qs.set(k, v);
  const url = `${base}${path}${[...qs].length ? `?${qs}` : ""}`;
  busy(+1);
  try {
    let response;
    try {
      response = await fetch(url, { ...init, headers: { Accept: "application/json", ...(init.headers || {}) } });
    } catch (err) {
      throw new ApiError(await whyFailed(url), null, String(err), url);
    }
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (response.ok) {
      if (init.withHeaders) return { body, headers: response.headers };
      return body;
    }
    const error = new ApiError(KINDS[response.status] || "http", response.status, problemDetail(body, response), url);
    error.body = body; // the whole problem: a curation save's `problems`, a duplicate's `duplicate_of`
    throw error;
  } finally {
    busy(-1);
  }
}

const id = encodeURIComponent;

// Curation: the curator's token in a header; JSON bodies.
export function curate(method, path, { token, body, headers = {}, withHeaders = false } = {}) {
  const init = { method, withHeaders, headers: { "X-Curator-Token": token || "", ...headers } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["Content-Type"] = "application/json";
  }
  return get(`/curation${path}`, {}, init);
}

export const api = {
  search: (q, type) => get("/search", { q, type, limit: 50 }),
  entity: (e) => get(`/entities/${id(e)}`),
  neighbourhood: (e, depth = 1) => get(`/entities/${id(e)}/neighbourhood`, { depth, format: "cytoscape" }),
  honours: (h) => get(`/hospitals/${id(h)}/honours`, { limit: 500 }),
  timeline: (h) => get(`/hospitals/${id(h)}/timeline`),
  fact: (f) => get(`/facts/${id(f)}`),
  evidence: (f) => get(`/facts/${id(f)}/evidence`),
};
