// Exports in a real browser against the real server: from the portfolio page, the demo
// account's orders (JSON) and tax lots (CSV) download as the server streams them, holding the
// rows the API lists; the export card photographed at desktop and phone width.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { apiOf, launchBrowser, newPage, screenshot, startDemo, until } from "./harness.mjs";

const LOT_COLUMNS =
  "id,account_id,leader_id,condition_id,token_id,outcome,opened_by,opened_at,closed_at,status,size_micros," +
  "closed_size_micros,remaining_size_micros,cost_basis_micros,closed_cost_basis_micros,proceeds_micros," +
  "realized_pnl_micros,remaining_cost_micros,holding_seconds,holding_days";

/** Clicks Download in the export card: the file's name and text. */
async function download(page, card) {
  const [file] = await Promise.all([page.waitForEvent("download"), card.getByRole("link", { name: "Download" }).click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), "utf8") };
}

describe("exports", () => {
  let demo;
  let browser;
  let page;
  const problems = [];

  before(async () => {
    demo = await startDemo();
    browser = await launchBrowser();
    page = await newPage(browser, { viewport: { width: 1280, height: 900 }, colorScheme: "light", acceptDownloads: true });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) problems.push(message.text());
    });
    await page.goto(demo.signInLink);
    await page.getByRole("link", { name: "Portfolio", exact: true }).first().waitFor();
  });

  after(async () => {
    await browser?.close();
    await demo?.stop();
  });

  it("downloads the account's orders and tax lots from the portfolio page", async () => {
    const api = apiOf(page, demo);
    const [account] = (await api.get("/api/v1/accounts")).items;
    const listed = await until(async () => {
      const lots = (await api.get(`/api/v1/portfolio/lots?account_id=${account.id}`)).items;
      return lots.length ? lots : null;
    }, "a first lot from a copied buy");
    const orders = (await api.get(`/api/v1/orders?account_id=${account.id}`)).items;

    await page.getByRole("link", { name: "Portfolio", exact: true }).first().click();
    const card = page.getByTestId("export-download");
    await card.getByLabel("Account").selectOption(String(account.id));
    await card.getByLabel("What").selectOption("orders");
    await card.getByLabel("Format").selectOption("json");
    const ordersFile = await download(page, card);
    assert.equal(ordersFile.name, `polycopy-account-${account.id}-orders.json`);
    const exported = new Map(JSON.parse(ordersFile.text).map((row) => [row.id, row]));
    for (const order of orders) {
      // Every order listed before the download is in it, as the API showed it then or later.
      assert.equal(exported.get(order.id)?.decision_id, order.decision_id, `order ${order.id}`);
      assert.equal(exported.get(order.id)?.account_id, account.id);
    }

    await card.getByLabel("What").selectOption("lots");
    await card.getByLabel("Format").selectOption("csv");
    const lotsFile = await download(page, card);
    assert.equal(lotsFile.name, `polycopy-account-${account.id}-lots.csv`);
    const [header, ...rows] = lotsFile.text.trimEnd().split("\r\n");
    assert.equal(header, LOT_COLUMNS);
    const ids = new Set(rows.map((row) => Number(row.split(",")[0])));
    for (const lot of listed) assert.ok(ids.has(lot.id), `lot ${lot.id} is in the report`);

    await card.getByLabel("From").fill("2026-12-02");
    await card.getByLabel("To").fill("2026-12-01");
    await card.getByText("The last day comes before the first.").waitFor();
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, "exports-01-portfolio-desktop");
  });

  it("shows the export card at phone width", async () => {
    const phone = await newPage(browser, {
      viewport: { width: 390, height: 844 },
      colorScheme: "light",
      storageState: await page.context().storageState(),
    });
    await phone.goto(`${demo.base}/portfolio`);
    const card = phone.getByTestId("export-download");
    await card.getByRole("link", { name: "Download" }).waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await screenshot(phone, "exports-02-portfolio-390");
    assert.deepEqual(problems, []);
  });
});
