// The settings pages in a real browser against the real server: create an API token (shown
// once, it works), revoke it (it stops working); add a notification channel and send it a test
// message that a local receiver gets; every section photographed at desktop and phone width.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, describe, it } from "node:test";
import { launchBrowser, newPage, screenshot, startDemo, until } from "./harness.mjs";

const SECTIONS = ["tokens", "webhooks", "notifications", "password", "sessions"];

/** Waits until the section shows its lists, not "Loading …". */
async function loaded(page) {
  await page.locator("#settings-title").waitFor();
  await page.waitForFunction(() => !document.querySelector("main")?.textContent?.includes("Loading "));
}

/** An HTTP receiver on loopback for apprise's json:// channel: the messages it got. */
async function startReceiver() {
  const messages = [];
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      messages.push(JSON.parse(body || "{}"));
      response.writeHead(200).end();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: server.address().port, messages, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe("settings", () => {
  let demo;
  let browser;
  let page;
  let receiver;
  const problems = [];

  before(async () => {
    receiver = await startReceiver();
    // The operator lets channels reach this machine (the receiver is on loopback).
    process.env.POLYCOPY_OUTBOUND_ALLOW_HOSTS = '["127.0.0.1"]';
    demo = await startDemo();
    browser = await launchBrowser();
    page = await newPage(browser, { viewport: { width: 1280, height: 900 }, colorScheme: "light" });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) problems.push(message.text());
    });
    await page.goto(demo.signInLink);
    await page.getByRole("link", { name: "Settings", exact: true }).first().waitFor();
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
    await receiver?.close();
  });

  it("creates a token shown once, which works until it is revoked", async () => {
    await page.getByRole("link", { name: "Settings", exact: true }).first().click();
    await page.getByRole("heading", { name: "API tokens" }).waitFor();
    await page.getByLabel("Token name").fill("spreadsheet export");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByTestId("secret").textContent())?.trim() ?? "";
    assert.match(token, /^pct_/);
    await page.getByTestId("token-row").filter({ hasText: "spreadsheet export" }).waitFor();
    await screenshot(page, "settings-01-token-created-desktop");

    const asToken = () => page.request.get(`${demo.base}/api/v1/rules`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal((await asToken()).status(), 200, "the token reads rules (a read scope)");

    const row = page.getByTestId("token-row").filter({ hasText: "spreadsheet export" });
    await row.getByRole("button", { name: "Revoke token spreadsheet export" }).click();
    await row.getByRole("button", { name: "Yes, revoke" }).click();
    await row.getByText("revoked", { exact: true }).waitFor();
    await until(async () => (await asToken()).status() === 401, "the revoked token to be refused");
  });

  it("adds a notification channel and sends it a test message", async () => {
    await page.getByRole("link", { name: "Notifications", exact: true }).click();
    await page.getByRole("heading", { name: "Notifications", exact: true }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("my phone");
    await page.getByLabel("Apprise URL").fill(`json://127.0.0.1:${receiver.port}/apprise`);
    await page.getByRole("button", { name: "Add channel" }).click();
    const row = page.getByTestId("channel-row").filter({ hasText: "my phone" });
    await row.waitFor();
    await row.getByRole("button", { name: "Send a test" }).click();
    await row.getByTestId("channel-test").getByText("Sent a test message to my phone.").waitFor();
    assert.equal(receiver.messages.length, 1);
    assert.match(receiver.messages[0].title, /test/);

    // Paused at once, and still paused once the server answered.
    const toggle = row.getByRole("checkbox", { name: "Channel my phone on" });
    await toggle.click(); // click, not uncheck: the optimistic change lands a tick after the click
    await row.getByText("paused").waitFor();
    await page.reload();
    await page.getByTestId("channel-row").filter({ hasText: "my phone" }).getByText("paused").waitFor();
    await screenshot(page, "settings-02-notifications-desktop");
  });

  it("shows every section at desktop and phone width", async () => {
    for (const section of SECTIONS) {
      await page.goto(`${demo.base}/settings/${section}`);
      await loaded(page);
      await screenshot(page, `settings-${section}-desktop`);
    }
    const phone = await newPage(browser, {
      viewport: { width: 390, height: 844 },
      colorScheme: "light",
      storageState: await page.context().storageState(),
    });
    for (const section of SECTIONS) {
      await phone.goto(`${demo.base}/settings/${section}`);
      await loaded(phone);
      await screenshot(phone, `settings-${section}-390`);
    }
    await phone.getByTestId("session-row").filter({ hasText: "(this browser)" }).waitFor();
    assert.deepEqual(problems, []);
  });
});
