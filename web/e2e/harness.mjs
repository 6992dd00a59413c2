// End-to-end harness: the real server (`polycopy demo`: the API and this web app on SQLite,
// the copy engine, the Polymarket emulator) and Debian's Chromium driven by playwright-core.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const WEB = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const ROOT = resolve(WEB, "..");
export const RESULTS = join(WEB, "test-results");
export const CHROMIUM = process.env.POLYCOPY_CHROMIUM ?? "/usr/bin/chromium";
const POLYCOPY = process.env.POLYCOPY_BIN ?? join(ROOT, ".venv", "bin", "polycopy");
const PYTHON = join(ROOT, ".venv", "bin", "python");
/** How long any one state may take to appear: generous, since a busy machine is slow, and
 * never a wait in itself (every wait ends as soon as its state is there). */
export const DEADLINE = 60_000;

/** Why the end-to-end tests cannot run here, or null. */
export function missingPrerequisite() {
  if (!existsSync(CHROMIUM)) return `Chromium not found at ${CHROMIUM} (apt-get install chromium, or set POLYCOPY_CHROMIUM)`;
  if (!existsSync(join(WEB, "dist", "index.html"))) return "the web app is not built (npm run build)";
  if (!existsSync(POLYCOPY)) return `${POLYCOPY} not found (make test sets up .venv)`;
  return null;
}

/** The address of a private key, computed by polycopy's own signer. */
export function addressOf(privateKey) {
  return execFileSync(
    PYTHON,
    ["-c", "import sys; from polycopy.venues.polymarket.signing import PrivateKey; print(PrivateKey.from_hex(sys.argv[1]).address)", privateKey],
    { encoding: "utf8" },
  ).trim();
}

/** Starts `polycopy demo` on a free port: its base URL, sign-in link, leader, emulator control. */
export async function startDemo() {
  const dataDir = mkdtempSync(join(tmpdir(), "polycopy-e2e-"));
  const child = spawn(POLYCOPY, ["demo", "--port", "0"], {
    cwd: ROOT,
    env: { ...process.env, POLYCOPY_DATA_DIR: dataDir, POLYCOPY_LOG_LEVEL: "WARNING", POLYCOPY_MODE: "sim" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let log = "";
  child.stderr.on("data", (chunk) => (log += chunk));
  const ready = await new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`polycopy demo did not start:\n${output}\n${log}`)), DEADLINE);
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const link = /open (http:\/\/\S+\/demo\/sign-in\?token=\S+)/.exec(output);
      const leader = /leader (0x[0-9a-fA-F]{40})/.exec(output);
      const emulator = /emulator control (http:\/\/\S+)/.exec(output);
      if (link && leader && emulator) {
        clearTimeout(timer);
        resolveReady({ signInLink: link[1], base: new URL(link[1]).origin, leader: leader[1], emulatorAdmin: emulator[1] });
      }
    });
    child.on("exit", (code) => reject(new Error(`polycopy demo exited (${code}):\n${output}\n${log}`)));
  });
  return {
    ...ready,
    log: () => log,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  mkdirSync(RESULTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
}

/** A page in a new browser context whose every wait may last up to DEADLINE. */
export async function newPage(browser, options) {
  const page = await (await browser.newContext(options)).newPage();
  page.setDefaultTimeout(DEADLINE);
  return page;
}

/** Polls ``check`` until it returns a truthy value, which it returns; fails after DEADLINE. */
export async function until(check, what) {
  const deadline = Date.now() + DEADLINE;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The REST API as the page's signed-in user: its session cookie, and the CSRF token
 * echoed on mutations as the web app does (docs/api.md). */
export function apiOf(page, demo) {
  const call = async (method, path, body) => {
    const cookies = await page.context().cookies(demo.base);
    const csrf = cookies.find((c) => c.name === "polycopy_csrf")?.value ?? "";
    const response = await page.request.fetch(demo.base + path, {
      method,
      headers: method === "GET" ? {} : { "X-CSRF-Token": csrf },
      data: body,
    });
    if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
    return response.json();
  };
  return {
    get: (path) => call("GET", path),
    post: (path, body) => call("POST", path, body),
    patch: (path, body) => call("PATCH", path, body),
  };
}

/** Saves a full-page screenshot, then checks the page as it is with axe-core: every page a test
 * photographs is also checked for accessibility. */
export async function screenshot(page, name) {
  await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true });
  await assertAccessible(page, name);
}

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
/** The impacts that fail a test; "minor" and "moderate" findings are printed only. */
const BLOCKING = new Set(["serious", "critical"]);

/** Runs axe-core (WCAG 2.1 A and AA rules, best practices) on the page as it is now and fails on
 * a serious or critical violation, naming the rule, the elements and how to fix it. Evaluated
 * through the debugging protocol, so the page's Content-Security-Policy does not block it. */
export async function assertAccessible(page, where) {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    // @ts-ignore: injected above
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(1).join(" ")}`),
    }));
  });
  const blocking = violations.filter((v) => BLOCKING.has(v.impact));
  for (const v of violations.filter((v) => !BLOCKING.has(v.impact))) console.log(`axe (${where}, ${v.impact}): ${v.id}: ${v.help}`);
  if (blocking.length) {
    const lines = blocking.map((v) => `- ${v.impact} ${v.id}: ${v.help}\n    ${v.targets.join("\n    ")}`);
    throw new Error(`accessibility (axe-core) on ${where} (${page.url()}):\n${lines.join("\n")}`);
  }
}

/** Sets the emulator's faults (docs/emulator-scenarios.md), or clears them with `null`. */
export async function setFaults(demo, faults) {
  const response = await fetch(`${demo.emulatorAdmin}/faults`, {
    method: faults ? "POST" : "DELETE",
    headers: { "content-type": "application/json" },
    body: faults ? JSON.stringify(faults) : undefined,
  });
  if (!response.ok) throw new Error(`emulator faults: ${response.status} ${await response.text()}`);
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** Photographs the page at desktop width, then at 390 px after checking nothing scrolls
 * sideways (naming what sticks out), then goes back to desktop width. */
export async function photographBothSizes(page, name) {
  await screenshot(page, `${name}-desktop`);
  await page.setViewportSize(PHONE);
  try {
    // Charts follow the new width once their resize observers have run.
    await page.waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth, null, { timeout: 5_000 }).catch(() => {});
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll("body *")]
        .filter((e) => {
          const out = (x) => x.getBoundingClientRect().right > window.innerWidth + 1;
          for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) if (getComputedStyle(a).overflowX !== "visible") return false;
          return out(e) && ![...e.children].some(out);
        })
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().width)}px)`),
    );
    if (overflow > 0) throw new Error(`${name}: sideways scrolling on a phone (${overflow}px too wide: ${wide.join(", ")})`);
    await screenshot(page, `${name}-390`);
  } finally {
    await page.setViewportSize(DESKTOP);
  }
}
