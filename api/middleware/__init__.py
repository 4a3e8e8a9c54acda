"""HTTP middleware: one module per job (security headers, CORS, caching, rate limits)."""
