/**
 * Writes the explorer screenshots kept under docs/ (run: `npx tsx tests/explorer/support/screenshots.ts`):
 * the modifiers tour with a run overlaid and a node's details, and `funcflow ui` comparing
 * two runs of the feature-engineering example.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Builder } from "../../../src/index.ts";
import { explorerPage, runRecorder, startExplorerServer, type RunRecord } from "../../../src/explorer.ts";
import { FEATURES, ordersInputs } from "../../../examples/feature-engineering/run.ts";
import { generateOrders } from "../../../examples/feature-engineering/orders.ts";
import { launchChromium } from "./browser.ts";

const docs = new URL("../../../docs/", import.meta.url).pathname;
const out = await mkdtemp(join(tmpdir(), "funcflow-screenshots-"));
const browser = await launchChromium();
try {
  const config = { currency: "EUR", growth: 0.05, horizons: [3, 12] };
  const tourRecorder = runRecorder({ dir: join(out, "tour-runs") });
  const tour = await new Builder().withModules(new URL("../../../examples/modifiers-tour/transforms.ts", import.meta.url)).withConfig(config).withAdapters(tourRecorder).build();
  await tour.execute(["report", "meanAmount", "largestAmount", "revenueIn3Months", "revenueIn12Months"], {});
  const html = await explorerPage(tour, { config, run: tourRecorder.lastRecord()!.record });
  await writeFile(join(out, "tour.html"), html);
  const page = await browser.newPage({ viewport: { width: 1500, height: 820 }, deviceScaleFactor: 1 });
  await page.goto(pathToFileURL(join(out, "tour.html")).href);
  await page.waitForFunction(() => window.funcflowExplorer?.ready === true);
  await page.evaluate(() => window.funcflowExplorer.expandGroup("regionRevenue"));
  await page.evaluate(() => window.funcflowExplorer.setHops(6));
  await page.evaluate(() => window.funcflowExplorer.select("averageSale"));
  await page.click("#fit");
  await page.mouse.move(700, 440);
  await page.mouse.wheel(0, -420);
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(docs, "explorer-tour.png") });

  const recorder = runRecorder({ dir: join(out, "runs") });
  const records: RunRecord[] = [];
  const dr = await new Builder().withModules(new URL("../../../examples/feature-engineering/features.ts", import.meta.url)).withAdapters(recorder, { name: "collect", afterGraph: () => void records.push(recorder.lastRecord()?.record as RunRecord) }).withCache({ dir: join(out, "cache"), logger: recorder.cacheLogger }).build();
  const inputs = ordersInputs(generateOrders({ rows: 200_000 }));
  await dr.execute(FEATURES, { inputs });
  await dr.execute(FEATURES, { inputs });
  const server = await startExplorerServer(dr, { port: 0, runsDir: join(out, "runs") });
  try {
    const ui = await browser.newPage({ viewport: { width: 1500, height: 820 }, deviceScaleFactor: 1 });
    await ui.goto(server.url);
    await ui.waitForFunction(() => window.funcflowExplorer?.ready === true);
    await ui.waitForSelector("#run-list li");
    const ids = await ui.locator("[data-run]").evaluateAll((links) => links.map((link) => (link as HTMLElement).dataset.run!));
    await ui.locator(`[data-run="${ids[1]}"]`).click();
    await ui.waitForSelector("#run-id");
    await ui.evaluate(() => window.funcflowExplorer.select("revenueRolling30Std"));
    await ui.click("#fit");
    await ui.mouse.move(560, 430);
    await ui.mouse.wheel(0, -300);
    await ui.waitForTimeout(200);
    await ui.screenshot({ path: join(docs, "explorer-ui-run.png") });
  } finally {
    await server.close();
  }
} finally {
  await browser.close();
  await rm(out, { recursive: true, force: true });
}
console.log(`Wrote ${docs}explorer-tour.png and ${docs}explorer-ui-run.png`);
