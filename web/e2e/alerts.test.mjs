// Settings → Alerts in a real browser against the real server: thresholds saved (an empty
// one turns its alert off), an alert routed to a channel (its subscription changes on the
// server), photographed at desktop and phone width.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { launchBrowser, newPage, screenshot, startDemo } from "./harness.mjs";

describe("alerts", () => {
  let demo;
  let browser;
  let page;
  const problems = [];

  before(async () => {
    // The channel's host is this machine: the operator allows it.
    process.env.POLYCOPY_OUTBOUND_ALLOW_HOSTS = '["127.0.0.1"]';
    demo = await startDemo();
    browser = await launchBrowser();
    page = await newPage(browser, { viewport: { width: 1280, height: 900 }, colorScheme: "light" });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    await page.goto(demo.signInLink);
    await page.getByRole("link", { name: "Settings", exact: true }).first().waitFor();
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it("saves thresholds and routes an alert to a channel", async () => {
    await page.goto(`${demo.base}/settings/notifications`);
    await page.getByLabel("Name", { exact: true }).fill("ops phone");
    await page.getByLabel("Apprise URL").fill("json://127.0.0.1:9/apprise");
    await page.getByRole("button", { name: "Add channel" }).click();
    await page.getByTestId("channel-row").filter({ hasText: "ops phone" }).waitFor();

    await page.getByRole("link", { name: "Alerts", exact: true }).click();
    const drawdown = page.getByLabel("Realised PnL this far below its peak", { exact: true });
    await drawdown.waitFor();
    assert.equal(await drawdown.inputValue(), "50");
    await drawdown.fill("12.5");
    await page.getByLabel("Lost this much today (UTC)", { exact: true }).fill("");
    await page.getByRole("button", { name: "Save thresholds" }).click();
    await page.getByText("Saved.").waitFor();
    const saved = await (await page.request.get(`${demo.base}/api/v1/alerts/settings`)).json();
    assert.equal(saved.drawdown_micros, 12_500_000);
    assert.equal(saved.daily_loss_micros, null);

    const route = page.getByLabel("Realised PnL this far below its peak → ops phone");
    await route.click();
    await page.waitForFunction(async () => {
      // (the server's answer, not the box: it shows the change at once either way)
      const answer = await fetch("/api/v1/notification-channels");
      const body = await answer.json();
      return body.items.some((c) => c.label === "ops phone" && c.events.includes("alert.drawdown"));
    });
    await page.reload();
    assert.equal(await page.getByLabel("Realised PnL this far below its peak → ops phone").isChecked(), true);
    await screenshot(page, "alerts-settings-desktop");

    const phone = await newPage(browser, {
      viewport: { width: 390, height: 844 },
      colorScheme: "light",
      storageState: await page.context().storageState(),
    });
    await phone.goto(`${demo.base}/settings/alerts`);
    await phone.getByRole("button", { name: "Save thresholds" }).waitFor();
    await phone.getByLabel("Realised PnL this far below its peak → ops phone").waitFor();
    await screenshot(phone, "alerts-settings-390");
    assert.deepEqual(problems, []);
  });
});
