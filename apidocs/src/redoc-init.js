// ReDoc over the API's own OpenAPI document (same origin as this page).
Redoc.init("/openapi.json", { hideDownloadButton: false }, document.getElementById("redoc"));
