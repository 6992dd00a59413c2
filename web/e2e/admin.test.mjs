// An admin in a real browser: the emulator rate-limits order posts until an order is dead-lettered,
// the admin sees it on the admin page, the fault is cleared, and the retry fills it.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { apiOf, launchBrowser, newPage, screenshot, setFaults, startDemo, until } from "./harness.mjs";

/** Order statuses that can still change (docs/execution.md); the rest are final. */
const OPEN = new Set(["created", "signed", "submitting", "live", "partially_filled", "unknown"]);

describe("admin", () => {
  let demo;
  let browser;
  let page;

  before(async () => {
    demo = await startDemo();
    browser = await launchBrowser();
    page = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it("retries a dead-lettered order once the venue is back", async () => {
    await page.goto(demo.signInLink); // the demo's one-time link: signed in as its admin
    const api = apiOf(page, demo);
    const order = await oneFailingCopy(api, demo);
    await page.getByRole("link", { name: "Admin" }).click();
    const letter = page.getByTestId("dead-letter").filter({ hasText: `#${order.id}` });
    await letter.waitFor();
    await screenshot(page, "10-admin-dead-letter");

    await setFaults(demo, null);
    await letter.getByRole("button", { name: `Retry order ${order.id}` }).click();
    await page.getByText(`Order #${order.id} is back in the queue`).waitFor();
    await page.getByRole("link", { name: "Activity", exact: true }).click();
    const button = page.getByRole("button", { name: `#${order.id}`, exact: true });
    await page.getByRole("row").filter({ has: button }).locator(".status-filled").waitFor();
    await button.click();
    await page.getByRole("list", { name: `Order ${order.id} history` }).getByText("dead_lettered").first().waitFor();
    await screenshot(page, "11-admin-retried-order-filled");
  });

  it("rejects the one-time sign-in link a second time", async () => {
    const response = await fetch(demo.signInLink, { redirect: "manual" });
    assert.equal(response.status, 403);
  });
});

/**
 * Makes exactly one copy meet a venue that answers every order post 429, and returns it.
 *
 * Several failing copies would share the executor's circuit breaker, whose cool-down doubles
 * with each failed trial: the first dead letter, and the retry after it, would then take
 * tens of seconds, more the slower the machine. One copy alone spends its five attempts in
 * a few seconds of backoff and leaves the breaker open only for its first cool-down.
 * So the demo's rule is paused until nothing is on order, then allowed one more $5 buy of
 * this leader (its leader budget) and no sells, with room for the price to move before the
 * retry (20¢ of slippage), and paused again once that copy exists.
 */
async function oneFailingCopy(api, demo) {
  const [rule] = (await api.get("/api/v1/rules")).items;
  await api.post(`/api/v1/rules/${rule.id}/pause`);
  const settled = await until(async () => {
    const orders = (await api.get("/api/v1/orders?limit=200")).items;
    return orders.every((o) => !OPEN.has(o.status)) && orders;
  }, "the copies before the pause to settle");
  const last = Math.max(0, ...settled.map((o) => o.id));
  const portfolio = await api.get(`/api/v1/portfolio?account_id=${rule.account_id}`);
  const held = portfolio.exposure.by_leader.find((e) => e.key === String(rule.leader_id))?.cost_micros ?? 0;
  const settings = {
    ...rule.settings,
    sides: "buy_only",
    leader_budget_micros: held + rule.settings.fixed_amount_micros,
    max_slippage_bps: null,
    max_slippage_cents: 20,
  };
  await api.patch(`/api/v1/rules/${rule.id}`, { settings });
  // 429s are retried and spend attempts (5xx would leave the outcome unknown instead).
  await setFaults(demo, { clob: { rate_limit_rate: 1, retry_after_s: 0, paths: ["/order"] } });
  await api.post(`/api/v1/rules/${rule.id}/resume`);
  const order = await until(
    async () => (await api.get("/api/v1/orders?limit=200")).items.find((o) => o.id > last),
    "a copy after the resume",
  );
  await api.post(`/api/v1/rules/${rule.id}/pause`);
  assert.equal(order.side, "BUY");
  return order;
}
