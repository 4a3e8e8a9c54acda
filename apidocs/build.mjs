// Copies the API documentation pages' assets from npm packages into dist/ (git-ignored), so
// that /docs and /redoc load nothing from a CDN and run under a strict Content-Security-Policy
// (no inline scripts: the pages' start-up code is in docs-init.js / redoc-init.js).
import { copyFile, mkdir, rm } from "node:fs/promises";

const dist = new URL("./dist/", import.meta.url);
const files = [
  ["node_modules/swagger-ui-dist/swagger-ui-bundle.js", "swagger-ui-bundle.js"],
  ["node_modules/swagger-ui-dist/swagger-ui.css", "swagger-ui.css"],
  ["node_modules/swagger-ui-dist/favicon-32x32.png", "favicon-32x32.png"],
  ["node_modules/redoc/bundles/redoc.standalone.js", "redoc.standalone.js"],
  ["src/docs.html", "docs.html"],
  ["src/docs-init.js", "docs-init.js"],
  ["src/redoc.html", "redoc.html"],
  ["src/redoc-init.js", "redoc-init.js"],
];
await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
for (const [from, to] of files) {
  await copyFile(new URL(from, import.meta.url), new URL(to, dist));
}
console.log("API docs assets copied into apidocs/dist/");
