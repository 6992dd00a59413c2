// `npm run size` (after `npm run build`): fails when the JavaScript a first visit loads, the entry
// chunk and everything it imports statically, is over the budget gzipped. Pages are lazy chunks
// (src/App.tsx), so a static import of a page or of a chart library from the shell shows up here.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

export const BUDGET_KB = 150;

const dist = resolve(dirname(fileURLToPath(import.meta.url)), "..", "dist");
/** Vite's build manifest: each chunk's file and the chunks it imports statically. */
const manifest = JSON.parse(readFileSync(join(dist, ".vite", "manifest.json"), "utf8"));

const initial = new Set();
const visit = (key) => {
  if (initial.has(key)) return;
  initial.add(key);
  for (const imported of manifest[key].imports ?? []) visit(imported);
};
for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);

let total = 0;
for (const key of initial) {
  const bytes = gzipSync(readFileSync(join(dist, manifest[key].file))).length;
  total += bytes;
  console.log(`  ${manifest[key].file}  ${(bytes / 1024).toFixed(1)} KB gzipped`);
}
const kb = total / 1024;
if (initial.size === 0 || kb > BUDGET_KB) {
  console.error(`initial JavaScript: ${kb.toFixed(1)} KB gzipped, over the ${BUDGET_KB} KB budget (docs/web.md).`);
  process.exit(1);
}
console.log(`initial JavaScript: ${kb.toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB).`);
