// An admin in a real browser: the emulator rate-limits order posts until an order is dead-lettered,
// the admin sees it on the admin page, the fault is cleared, and the retry fills it.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { launchBrowser, screenshot, setFaults, startDemo } from "./harness.mjs";

describe("admin", () => {
  let demo;
  let browser;
  let page;

  before(async () => {
    demo = await startDemo();
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(15_000);
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it("retries a dead-lettered order once the venue is back", async () => {
    // 429s are retried and spend attempts (5xx would leave the outcome unknown instead).
    await setFaults(demo, { clob: { rate_limit_rate: 1, retry_after_s: 0, paths: ["/order"] } });
    await page.goto(demo.signInLink); // the demo's one-time link: signed in as its admin
    await page.getByRole("link", { name: "Admin" }).click();
    const letter = page.getByTestId("dead-letter").first();
    await letter.waitFor({ timeout: 90_000 });
    const text = (await letter.locator("td").first().textContent()) ?? "";
    const id = /#(\d+)/.exec(text)?.[1];
    assert.ok(id, `a dead letter row names its order, got ${text}`);
    await screenshot(page, "10-admin-dead-letter");

    await setFaults(demo, null);
    await page.getByRole("button", { name: `Retry order ${id}` }).click();
    await page.getByText(`Order #${id} is back in the queue`).waitFor();
    await page.getByRole("link", { name: "Activity", exact: true }).click();
    const row = page.getByRole("button", { name: `#${id}`, exact: true });
    await row.waitFor();
    await page.waitForFunction(
      (orderId) =>
        [...document.querySelectorAll("tr")].some(
          (tr) => tr.textContent?.includes(`#${orderId}`) && tr.querySelector(".status-filled"),
        ),
      id,
      { timeout: 60_000 },
    );
    await row.click();
    await page.getByRole("list", { name: `Order ${id} history` }).getByText("dead_lettered").first().waitFor();
    await screenshot(page, "11-admin-retried-order-filled");
  });

  it("rejects the one-time sign-in link a second time", async () => {
    const response = await fetch(demo.signInLink, { redirect: "manual" });
    assert.equal(response.status, 403);
  });
});
