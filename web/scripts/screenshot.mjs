// `npm run screenshot`: docs/screenshot.png, the demo's dashboard after a minute of copying.
import { join } from "node:path";
import { ROOT, launchBrowser, startDemo } from "../e2e/harness.mjs";

const demo = await startDemo();
const browser = await launchBrowser();
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: "light" })).newPage();
  await page.goto(demo.signInLink);
  await page.waitForTimeout(60_000); // let the emulator's leader trade for a minute
  await page.reload();
  await page.getByTestId("equity-chart").waitFor();
  await page.screenshot({ path: join(ROOT, "docs", "screenshot.png") });
  console.log("wrote docs/screenshot.png");
} finally {
  await browser.close();
  await demo.stop();
}
