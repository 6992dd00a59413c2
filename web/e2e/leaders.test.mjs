// Judging a leader before copying it, in a real browser against the real server and the
// emulator: the leader page's statistics once its history is read, "copy at my settings" (a
// backtest job run by the server), a wallet with no history, the ranking and the comparison.
// Each page is photographed at desktop width and at 390 px.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DESKTOP, launchBrowser, newPage, photographBothSizes, startDemo, until } from "./harness.mjs";

/** A wallet the emulator has never seen trade. */
const EMPTY_WALLET = "0x" + "7e".repeat(20);

/** Photographs the page at desktop width, then at 390 px (no sideways scrolling), then goes back. */
const bothSizes = (page, name) => photographBothSizes(page, `leaders-${name}`);

const nav = (page, name) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });

describe("leader evaluation", () => {
  let demo;
  let browser;
  let page;
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
    await nav(page, "Leaders").waitFor();
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it("shows a leader's statistics with their ranges once its history is read", async () => {
    await nav(page, "Leaders").click();
    await page.getByLabel("Leader address").fill(demo.leader);
    await page.getByRole("button", { name: "Look up" }).click();
    await page.getByRole("heading", { name: "Track record" }).waitFor();
    // The statistics refresh when the history is read; the leader may not have traded yet.
    const trades = page.getByTestId("stat-Trades");
    await until(async () => {
      if (await trades.isVisible()) return true;
      await page.reload();
      await page.getByRole("heading", { name: "Track record" }).waitFor();
      await page.getByTestId("leader-statistics").or(page.getByText(/No trades/)).first().waitFor();
      return false;
    }, "statistics with trades");
    assert.match((await trades.textContent()) ?? "", /Trades\d[\d,]*[\d,]+ trades?/);
    // The history read says what it found (the demo's leader may not have traded before it).
    assert.match((await page.getByTestId("backfill").textContent()) ?? "", /History read: [\d,]+ rows? from Polymarket|had no history for this wallet when polycopy read it/);
    await page.getByTestId("stat-Win rate").getByText(/closed positions?|no closed positions yet/).waitFor();
    await page.getByTestId("activity-by-hour").waitFor();
    await page.getByRole("button", { name: "7 days" }).click();
    await page.getByRole("button", { name: "7 days", pressed: true }).waitFor();
    await page.getByRole("button", { name: "All time" }).click();
    await page.getByTestId("leader-statistics").waitFor();
    await bothSizes(page, "01-leader-statistics");
  });

  it("replays the leader at the user's settings and shows copies, skips, money and the curves", async () => {
    const panel = page.getByRole("region", { name: "Copy at my settings" });
    await panel.getByText(/Starting from your rule #\d+/).waitFor();
    assert.equal(await panel.getByLabel("Fixed amount per trade").inputValue(), "5", "prefilled from the demo's $5 rule");
    await panel.getByLabel("Detection delay").fill("5");
    await panel.getByRole("button", { name: "Run the backtest" }).click();
    const counts = panel.getByTestId("backtest-counts");
    await counts.waitFor();
    assert.match((await counts.textContent()) ?? "", /Of [\d,]+ leader fills.*you would have copied [\d,]+ and skipped [\d,]+\./);
    await panel.getByTestId("backtest-reasons").or(panel.getByText("Nothing was skipped.")).waitFor();
    await panel.getByTestId("history-source").getByText(/History used: .*stored fill/).waitFor();
    await panel.getByTestId("backtest-equity").or(panel.getByText(/Nothing was copied/)).waitFor();
    await panel.scrollIntoViewIfNeeded();
    await bothSizes(page, "02-copy-at-my-settings");
  });

  it("says plainly when a wallet has no history", async () => {
    await nav(page, "Leaders").click();
    await page.getByLabel("Leader address").fill(EMPTY_WALLET);
    await page.getByRole("button", { name: "Look up" }).click();
    // The look-up asks first about a wallet that never traded.
    await page.getByRole("button", { name: "Add it anyway" }).click();
    await page.getByTestId("no-history").waitFor();
    assert.equal(await page.getByTestId("activity-by-hour").count(), 0, "no empty chart");
    await bothSizes(page, "03-no-history");
  });

  it("ranks the leaders, explains a score and compares two side by side", async () => {
    await nav(page, "Leaders").click();
    const rows = page.getByTestId("ranking-row");
    await rows.nth(1).waitFor();
    const explain = page.getByRole("button", { name: /explain the score/ }).first();
    if (await explain.count()) {
      await explain.click();
      await page.getByTestId("score-explanation").waitFor();
    }
    await page.getByTestId("walk-forward-verdict").waitFor();
    await bothSizes(page, "04-ranking");
    await page.getByRole("checkbox", { name: /^Compare / }).nth(0).check();
    await page.getByRole("checkbox", { name: /^Compare / }).nth(1).check();
    await page.getByRole("button", { name: "Compare 2 side by side" }).click();
    await page.getByRole("heading", { name: "Compare leaders" }).waitFor();
    const table = page.getByTestId("compare");
    await table.waitFor();
    assert.equal(await table.getByRole("columnheader").count(), 3, "a label column and two leaders");
    await table.getByRole("rowheader", { name: "Win rate" }).waitFor();
    assert.match(page.url(), /\/leaders\/compare\?ids=\d+(%2C|,)\d+$/);
    await bothSizes(page, "05-compare");
  });

  it("ran without page errors or console errors", () => {
    assert.deepEqual(problems, []);
  });
});
