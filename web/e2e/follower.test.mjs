// A new follower, in a real browser against the real server and the emulator: sign up, link a
// paper account, follow the emulator's leader, see a copied fill; then edit the rule (inline
// validation first), and see the skips that setting causes, with their reason.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { addressOf, launchBrowser, newPage, screenshot, startDemo } from "./harness.mjs";

const KEY = "0x" + "5e".repeat(32);
const PASSWORD = "correct horse battery staple";

describe("follower journey", () => {
  let demo;
  let browser;
  let page;
  const problems = []; // uncaught errors and console errors (a CSP violation is one)

  before(async () => {
    demo = await startDemo();
    browser = await launchBrowser();
    page = await newPage(browser, { viewport: { width: 1280, height: 900 }, colorScheme: "light" });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      // The first /me before signing in is a 401 by design; the browser logs the status.
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) problems.push(message.text());
    });
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it("onboards a follower to a first copied fill", async () => {
    await page.goto(demo.base + "/");
    await page.getByLabel("E-mail").fill(`follower-${Date.now()}@example.com`);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.getByRole("heading", { name: "Get started" }).waitFor();
    await page.getByText("● updates: connected").waitFor(); // the server-sent event stream is open

    await page.getByRole("radio", { name: /My own wallet trades directly/ }).check();
    await page.getByText(/Accounts start in paper mode/).waitFor(); // live only through the confirmed switch
    await page.getByRole("radio", { name: /Use my key/ }).check(); // a paper key of polycopy's is the default
    await page.getByLabel("Signer address").fill(addressOf(KEY));
    await page.getByLabel("Signer private key").fill(KEY);
    await screenshot(page, "01-onboarding-link-account");
    await page.getByRole("button", { name: "Link account" }).click();
    await page.getByText(/Linked “Main” in paper mode/).waitFor();

    await page.getByRole("link", { name: "choose a leader to follow" }).click();
    await page.getByRole("button", { name: "Show the leaderboard" }).click();
    const ranked = page.getByRole("row").filter({ hasText: demo.leader.slice(0, 6) });
    await ranked.first().waitFor(); // the emulator's leaderboard lists its leader
    await page.getByLabel("Leader address").fill(demo.leader);
    await page.getByRole("button", { name: "Look up" }).click();
    // The leader page reads the leader's own open positions from the (emulated) Data API.
    await page.getByRole("heading", { name: "Positions", exact: true }).waitFor();
    await page.getByTestId("leader-positions").getByRole("row").nth(1).waitFor();
    await page.getByRole("link", { name: "Follow" }).click();
    await page.getByRole("heading", { name: "Follow a leader" }).waitFor();
    assert.equal(await page.getByLabel("Fixed amount per trade", { exact: true }).inputValue(), "5", "a $5 default");
    await page.getByRole("button", { name: "Start copying" }).click();
    await page.getByRole("heading", { name: /Rule #\d+/ }).waitFor();

    await page.getByRole("link", { name: "Activity", exact: true }).click();
    await page.getByTestId("leader-fill").first().waitFor(); // the live feed

    await page.getByRole("link", { name: "Dashboard", exact: true }).click();
    await page.waitForFunction(() => Number(document.querySelector("[data-testid=orders-filled]")?.textContent ?? "0") > 0);
    await page.locator(".decision.copy").first().waitFor();
    await screenshot(page, "02-dashboard-first-copied-fill");
  });

  it("draws the PnL chart and the portfolio", async () => {
    await page.getByRole("link", { name: "Portfolio", exact: true }).first().click();
    const chart = page.getByTestId("equity-chart");
    await chart.waitFor();
    const line = chart.locator(".recharts-line path.recharts-curve").first();
    await line.waitFor();
    const path = (await line.getAttribute("d")) ?? "";
    assert.match(path, /^M[\d.]+,[\d.]+L[\d.]+,[\d.]+/, `a drawn line with at least two points, got ${path}`);
    await page.getByText("Open positions", { exact: true }).first().waitFor();
    const positions = Number(await page.getByTestId("portfolio-totals").locator(".stat-value").nth(4).textContent());
    assert.ok(positions >= 1, "the copied buy is an open position");
    await screenshot(page, "03-portfolio-pnl-chart");
  });

  it("refuses invalid rule settings inline and saves valid ones as a new version", async () => {
    await page.getByRole("link", { name: "Copy rules", exact: true }).click();
    await page.getByRole("link", { name: /^#\d+$/ }).first().click();
    await page.getByText("version 1").waitFor();

    // The slippage default in prices a trader reads, worked out as the server does.
    const example = page.getByTestId("slippage-example");
    await example.getByText("A leader buy at 40¢ copies up to 41¢; a leader sell at 40¢ copies down to 39¢.").waitFor();
    const fixed = page.getByLabel("Fixed amount per trade", { exact: true });
    await fixed.fill("abc");
    await page.getByLabel("Slippage in", { exact: true }).selectOption("cents");
    await page.getByLabel("Max slippage vs the leader's price", { exact: true }).fill("150");
    await page.getByLabel("Minimum trade", { exact: true }).fill("10");
    await page.getByLabel("Maximum trade", { exact: true }).fill("2");
    await page.getByLabel("Lowest price", { exact: true }).fill("100");
    await page.getByRole("button", { name: "Save changes" }).click();

    await page.getByRole("alert").filter({ hasText: "settings need attention" }).waitFor();
    await page.getByText("Enter a number with at most 6 decimals.").waitFor();
    await page.getByText("Must not be greater than the maximum trade.").waitFor();
    await page.getByText("Must be less than 100¢.").waitFor();
    await page.getByText("Must be at most 99¢.").waitFor();
    assert.equal(await fixed.getAttribute("aria-invalid"), "true");
    await screenshot(page, "04-rule-validation-errors");
    await page.reload();
    await page.getByText("version 1").waitFor(); // nothing was sent

    await page.getByRole("link", { name: "Copy rules", exact: true }).click();
    await page.getByText("Account-wide limits").click();
    const spend = page.getByLabel("Max spend per day", { exact: true });
    await spend.fill("0");
    await page.getByRole("button", { name: "Save limits" }).click();
    await page.getByText("Must be more than 0.").waitFor();
    await spend.fill("100");
    await page.getByRole("button", { name: "Save limits" }).click();
    await page.getByText("Saved.").waitFor();
    await page.reload();
    await page.getByText("Account-wide limits").click();
    assert.equal(await page.getByLabel("Max spend per day", { exact: true }).inputValue(), "100", "the limit was stored");
    await page.getByRole("link", { name: /^#\d+$/ }).first().click();

    // The preview replays the leader's latest trades through the engine as the settings change.
    const counts = page.getByTestId("preview-counts");
    await counts.filter({ hasText: /would have been: copied \d+, skipped \d+/ }).waitFor();
    await page.getByLabel("Slippage in", { exact: true }).selectOption("cents");
    await page.getByLabel("Max slippage vs the leader's price", { exact: true }).fill("2");
    await example.getByText("A leader buy at 40¢ copies up to 42¢; a leader sell at 40¢ copies down to 38¢.").waitFor();
    await page.getByLabel("Highest price", { exact: true }).fill("1");
    await counts.filter({ hasText: /skipped \d+ — .*\d+ price out of band/ }).waitFor();
    await screenshot(page, "04b-rule-preview");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Saved as version 2").waitFor();
    assert.equal(await page.getByLabel("Highest price", { exact: true }).inputValue(), "1");
    assert.equal(await page.getByLabel("Slippage in", { exact: true }).inputValue(), "cents", "the rule keeps its slippage in cents");
    assert.equal(await page.getByLabel("Max slippage vs the leader's price", { exact: true }).inputValue(), "2");
  });

  it("shows a skip with its reason and explanation", async () => {
    await page.getByRole("link", { name: "Activity", exact: true }).click();
    await page.getByLabel("Action").selectOption("skip");
    const skip = page.locator("[data-testid=decision]").filter({ hasText: "price_out_of_band" }).first();
    await skip.waitFor();
    const explanation = (await skip.locator(".explanation").textContent()) ?? "";
    assert.ok(explanation.length > 20, `a plain-language explanation, got ${JSON.stringify(explanation)}`);
    assert.equal(await page.locator(".decision.copy").count(), 0, "the filter hides copies");
    await screenshot(page, "05-activity-skip-reason");
  });

  it("pauses and resumes a rule, and halts the account with its kill switch", async () => {
    await page.getByRole("link", { name: "Copy rules", exact: true }).click();
    const pause = page.getByRole("button", { name: /^Pause rule \d+$/ });
    const row = page.getByRole("row").filter({ has: pause });
    await pause.click();
    await page.getByRole("button", { name: /^Resume rule \d+$/ }).waitFor();
    await page.reload(); // the server kept it
    await page.getByRole("row").filter({ hasText: "halted" }).getByRole("button", { name: /^Resume rule \d+$/ }).click();
    await row.getByText("active").waitFor();

    await page.getByRole("button", { name: "Kill switch" }).click();
    await page.getByRole("button", { name: "Yes, halt" }).click();
    await page.getByRole("button", { name: "Resume copying" }).waitFor();
    await page.getByRole("link", { name: "Dashboard", exact: true }).click();
    await page.getByText("Main is halted (kill switch in the web app)").waitFor();
    await screenshot(page, "06-dashboard-account-halted");
    await page.getByRole("link", { name: "Kill switches" }).click();
    await page.getByRole("button", { name: "Resume copying" }).click();
    await page.getByRole("button", { name: "Kill switch" }).waitFor();
  });

  it("ran without page errors or console errors", () => {
    assert.deepEqual(problems, []);
  });

  it("fits a phone screen in the dark theme", async () => {
    const phone = await newPage(browser, { viewport: { width: 390, height: 844 }, colorScheme: "dark" });
    await phone.goto(demo.signInLink);
    await phone.getByRole("button", { name: "Menu" }).waitFor();
    assert.equal(await phone.getByRole("link", { name: "Activity", exact: true }).isVisible(), false, "the menu starts closed");
    await phone.getByRole("button", { name: "Menu" }).click();
    await phone.getByRole("link", { name: "Activity", exact: true }).waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px too wide)`);
    assert.equal(await phone.evaluate(() => document.documentElement.dataset.theme), "dark");
    await screenshot(phone, "07-phone-dark");
    await phone.context().close();
  });
});
