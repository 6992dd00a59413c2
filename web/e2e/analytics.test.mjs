// Analytics in a real browser against the real server and the emulator: the dashboard's
// counts are the server's, the rule and leader pages explain the gap to the leader as a
// waterfall whose steps add up, and the Portfolio page's performance views. Each page is
// photographed at desktop width and at 390 px.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { join } from "node:path";
import { DESKTOP, PHONE, RESULTS, apiOf, launchBrowser, newPage, photographBothSizes, startDemo, until } from "./harness.mjs";

/** The section alone, at 390 px: what a trader sees on a phone, readable in the results. */
async function sectionOnPhone(page, section, name) {
  await page.setViewportSize(PHONE);
  try {
    await page.waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth, null, { timeout: 5_000 }).catch(() => {});
    await section.screenshot({ path: join(RESULTS, `${name}-section-390.png`) });
  } finally {
    await page.setViewportSize(DESKTOP);
  }
}

const nav = (page, name) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });
const micros = (text) => {
  const m = /(-|−)?\$([\d,]+)\.(\d\d)/.exec(text ?? "");
  return m ? (m[1] ? -1 : 1) * (Number(m[2].replaceAll(",", "")) * 1_000_000 + Number(m[3]) * 10_000) : NaN;
};

describe("analytics", () => {
  let demo;
  let browser;
  let page;
  let api;
  const problems = [];

  before(async () => {
    demo = await startDemo();
    browser = await launchBrowser();
    page = await newPage(browser, { viewport: DESKTOP, colorScheme: "light" });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) problems.push(message.text());
    });
    // The demo's user follows the emulator's leader with a $5 rule.
    await page.goto(demo.signInLink);
    await nav(page, "Dashboard").waitFor();
    api = apiOf(page, demo);
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it("counts copies, skips and filled orders on the server", async () => {
    await nav(page, "Dashboard").click();
    await page.waitForFunction(() => Number(document.querySelector("[data-testid=orders-filled]")?.textContent ?? "0") > 0);
    // The figures shown are the server's summary (they may move on between the two reads).
    const summary = await api.get("/api/v1/decisions/summary");
    await until(async () => {
      const shown = await page.getByTestId("decision-counts").textContent();
      const now = await api.get("/api/v1/decisions/summary");
      return shown === `${now.copied} / ${now.not_filled} / ${now.skipped}` || null;
    }, "the dashboard's counts to be the server's");
    assert.ok(summary.decisions >= summary.copied + summary.skipped);
    await photographBothSizes(page, "analytics-dashboard");
  });

  it("explains on the rule page why the result differs from the leader's", async () => {
    const [rule] = (await api.get("/api/v1/rules")).items;
    await page.goto(`${demo.base}/rules/${rule.id}`);
    const waterfall = page.getByTestId("attribution-waterfall");
    await waterfall.waitFor();
    await page.getByTestId("attribution").getByLabel("Period").selectOption({ label: "all time" });
    // Wait for a copy to have been decided, so there is something to explain.
    await until(async () => (await api.get(`/api/v1/rules/${rule.id}/attribution`)).copied > 0 || null, "a copy to explain");
    const body = await api.get(`/api/v1/rules/${rule.id}/attribution`);
    assert.equal(body.parts.reduce((sum, p) => sum + p.micros, 0), body.gap_micros, "the parts add up to the gap");
    const steps = waterfall.getByTestId("waterfall-step");
    await until(async () => (await steps.count()) >= 2 || null, "the waterfall's steps");
    assert.equal(await steps.first().locator(".waterfall-label").textContent(), "Leader's result, at your size");
    assert.equal(await steps.last().locator(".waterfall-label").textContent(), "Your result");
    assert.ok(Number.isFinite(micros(await steps.last().locator(".waterfall-value").textContent())), "your result in dollars");
    await photographBothSizes(page, "analytics-rule-attribution");
    await sectionOnPhone(page, page.getByTestId("attribution"), "analytics-rule-attribution");
  });

  it("shows the same waterfall on the leader page", async () => {
    const [rule] = (await api.get("/api/v1/rules")).items;
    await page.goto(`${demo.base}/leaders/${rule.leader_id}`);
    await page.getByTestId("attribution-waterfall").first().waitFor();
    await page.getByTestId("attribution").scrollIntoViewIfNeeded();
    await photographBothSizes(page, "analytics-leader-attribution");
  });

  it("draws the performance views on the Portfolio page", async () => {
    await nav(page, "Portfolio").click();
    const section = page.getByTestId("performance");
    await section.getByTestId("performance-stats").waitFor();
    await section.getByLabel("Range").selectOption({ label: "all time" });
    const performance = await api.get("/api/v1/portfolio/performance?period=day");
    const realised = section.getByTestId("performance-stats").locator("dd").first();
    await until(async () => micros(await realised.textContent()) === performance.statistics.realized_pnl_micros || (await api.get("/api/v1/portfolio/performance?period=day")).statistics.closes !== performance.statistics.closes || null, "the realised PnL as the server sums it");
    if (performance.bars.length) await section.getByTestId("pnl-bars").waitFor();
    await section.getByRole("button", { name: "Per leader" }).click();
    await section.getByTestId("performance-leaders").waitFor();
    await section.getByRole("button", { name: "Per market" }).click();
    await section.scrollIntoViewIfNeeded();
    await photographBothSizes(page, "analytics-portfolio-performance");
    await sectionOnPhone(page, section, "analytics-portfolio-performance");
    assert.deepEqual(problems, []);
  });
});
