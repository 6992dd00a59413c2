// Regenerates src/api/schema.d.ts from the server's OpenAPI document (`npm run gen`).
// `--check` regenerates in memory and fails when the committed file is stale.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const python = process.env.POLYCOPY_PYTHON ?? resolve(web, "..", ".venv", "bin", "python");
const target = resolve(web, "src", "api", "schema.d.ts");

const document = JSON.parse(
  execFileSync(python, [resolve(web, "scripts", "openapi.py")], { encoding: "utf8", maxBuffer: 1 << 26 }),
);
const header =
  "// Generated from the polycopy OpenAPI document by `npm run gen` (web/scripts/gen-api.mjs).\n" +
  "// Do not edit by hand: `npm run gen:check` fails when this file is stale.\n";
const text = header + astToString(await openapiTS(document, { alphabetize: true, defaultNonNullable: false }));

if (process.argv.includes("--check")) {
  const current = existsSync(target) ? readFileSync(target, "utf8") : "";
  if (current !== text) {
    console.error("web/src/api/schema.d.ts is stale: run `make web-gen` (npm run gen) and commit it.");
    process.exit(1);
  }
  console.log("web/src/api/schema.d.ts is current.");
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
