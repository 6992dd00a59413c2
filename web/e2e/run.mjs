// `npm run e2e`: the browser tests, or a clear skip where Chromium is missing.
import { spawnSync } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { RESULTS, WEB, missingPrerequisite } from "./harness.mjs";

const missing = missingPrerequisite();
if (missing) {
  // CI sets POLYCOPY_REQUIRE_BROWSER=1: there a skip is a failure.
  const required = process.env.POLYCOPY_REQUIRE_BROWSER === "1";
  console.log(`e2e: ${required ? "FAILED" : "SKIPPED"} — ${missing}.`);
  process.exit(required ? 1 : 0);
}
rmSync(RESULTS, { recursive: true, force: true }); // this run's screenshots only
const files = readdirSync(join(WEB, "e2e"))
  .filter((f) => f.endsWith(".test.mjs"))
  .map((f) => join("e2e", f));
// Both files at once: their time goes mostly to waiting for the emulator's leader, not the CPU
// (2 cores, one kept busy, others loaded: 33-68 s together against 84-100 s one after the other).
const result = spawnSync(process.execPath, ["--test", "--test-concurrency=2", ...files], { cwd: WEB, stdio: "inherit" });
process.exit(result.status ?? 1);
