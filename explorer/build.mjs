// Bundles the explorer into dist/ (git-ignored): dist/index.html, dist/explorer.js, dist/explorer.css.
// Everything the page loads comes from here: no CDN at run time.
import { build } from "esbuild";
import { copyFile, mkdir, rm } from "node:fs/promises";

const dist = new URL("./dist/", import.meta.url);
await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
await build({
  entryPoints: { explorer: "src/main.js" },
  bundle: true,
  format: "esm",
  target: "es2020",
  minify: true,
  sourcemap: true,
  outdir: "dist",
  logLevel: "warning",
});
await copyFile(new URL("./index.html", import.meta.url), new URL("index.html", dist));
console.log("explorer built into dist/");
