/**
 * The explorer page for examples/modifiers-tour in real headless Chromium: every node in the
 * page's model, search with did-you-mean, click-for-details, hop-limited neighbourhoods,
 * folding of modifier-made nodes, the execution path, the run overlay, and no console error.
 */
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder, type Driver } from "funcflow";
import { explorerPage, runRecorder, scannedFacts, type RunRecord } from "funcflow/explorer";
import { funcflowInProcess } from "../cli/support/run-cli.ts";
import { CHROMIUM, launchChromium, openPage } from "./support/browser.ts";

const CONFIG = { currency: "EUR", growth: 0.05, horizons: [3, 12] };
const OUTPUTS = ["report", "meanAmount", "largestAmount", "revenueIn3Months"];
const tourSource = readFileSync(new URL("../../examples/modifiers-tour/transforms.ts", import.meta.url), "utf8").split("\n");
/** The 1-based line of the example's `export const <name>`, so edits to the example do not break the test. */
const lineOf = (name: string) => tourSource.findIndex((line) => line.startsWith(`export const ${name} `)) + 1;
let out: string;
let browser: Browser;
let driver: Driver;
let record: RunRecord;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  if (CHROMIUM === undefined) return;
  await mkdir(new URL("./tmp", import.meta.url), { recursive: true });
  out = await mkdtemp(join(new URL("./tmp", import.meta.url).pathname, "page-"));
  const recorder = runRecorder({ dir: join(out, "runs") });
  driver = await new Builder().withModules(new URL("../../examples/modifiers-tour/transforms.ts", import.meta.url)).withConfig(CONFIG).withAdapters(recorder).build();
  await driver.execute(OUTPUTS, { inputs: { reportPath: join(out, "report.json") } });
  record = recorder.lastRecord()!.record;
  const facts = await scannedFacts(driver.listNodes(), CONFIG);
  const html = await explorerPage(driver, { outputs: ["totalRevenue"], inputs: [], config: CONFIG, run: record, ...facts });
  await writeFile(join(out, "tour.html"), html);
  browser = await launchChromium();
  page = await openPage(browser, pathToFileURL(join(out, "tour.html")).href, errors);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  if (out !== undefined) await rm(out, { recursive: true, force: true });
});

describe.skipIf(CHROMIUM === undefined)("explorer page on examples/modifiers-tour", () => {
  it("the page holds every node of the Driver in its model, and folds modifier-made nodes into their function", async () => {
    const { count, names, visible } = await page.evaluate(() => ({
      count: window.funcflowExplorer.nodeCount(),
      names: window.funcflowExplorer.model.nodes.map((node) => node.name),
      visible: window.funcflowExplorer.visibleCount(),
    }));
    expect(count).toBe(driver.listNodes().length);
    expect(names.sort()).toEqual(driver.listNodes().map((node) => node.name).sort());
    expect(visible).toBeLessThan(count);
    expect(await page.evaluate(() => window.funcflowExplorer.isDrawnAlone("amount_range_validator"))).toBe(false);
    await page.evaluate(() => window.funcflowExplorer.expandGroup("saleColumns"));
    expect(await page.evaluate(() => window.funcflowExplorer.isDrawnAlone("amount_range_validator"))).toBe(true);
    await page.evaluate(() => window.funcflowExplorer.collapseGroup("saleColumns"));
    expect(await page.evaluate(() => window.funcflowExplorer.visibleCount())).toBe(visible);
  });

  it("the page is self-contained: no request leaves it", async () => {
    const requests: string[] = [];
    const fresh = await browser.newPage();
    fresh.on("request", (request) => requests.push(request.url()));
    await fresh.goto(pathToFileURL(join(out, "tour.html")).href);
    await fresh.waitForFunction(() => window.funcflowExplorer?.ready === true);
    expect(requests.filter((url) => !url.startsWith("file:"))).toEqual([]);
    await fresh.close();
  });

  it("typing in the search box lists matches, and a misspelt name gets a did-you-mean", async () => {
    await page.fill("#search", "revenue");
    const matches = await page.locator("#search-results [data-node]").allTextContents();
    expect(matches).toEqual(expect.arrayContaining(["totalRevenue", "usRevenue", "euRevenue", "revenueIn3Months"]));
    await page.fill("#search", "totalRevnue");
    await expect.poll(() => page.locator("#search-results").textContent()).toContain("Did you mean totalRevenue?");
    await page.locator("#search-results [data-node='totalRevenue']").click();
    expect(await page.evaluate(() => window.funcflowExplorer.selected())).toBe("totalRevenue");
    await page.fill("#search", "");
  });

  it("clicking a node on the canvas shows its doc, type, tags, source location and code", async () => {
    await page.click("#fit");
    const at = (await page.evaluate(() => window.funcflowExplorer.screenPosition("averageSale")))!;
    const box = (await page.locator("#graph").boundingBox())!;
    await page.mouse.click(box.x + at.x, box.y + at.y);
    expect(await page.evaluate(() => window.funcflowExplorer.selected())).toBe("averageSale");
    const details = await page.locator("#details").innerText();
    expect(details).toContain("Revenue per item sold, rounded to cents (pipeOutput).");
    expect(details).toMatch(/type\s+number/);
    expect(details).toContain("audience: finance");
    expect(details).toContain(`examples/modifiers-tour/transforms.ts:${lineOf("averageSale")}`);
    expect(details).toContain("averageSale.with_roundTo");
    expect(await page.locator("#details pre.code").innerText()).toMatch(/export const averageSale = /);
    await page.screenshot({ path: join(out, "details.png") });
  });

  it("a config variant's details name the variants config did not choose, with the config they saw", async () => {
    await page.evaluate(() => window.funcflowExplorer.select("currencyRate"));
    const details = await page.locator("#details").innerText();
    expect(details).toContain('chosen when currency == "EUR"');
    expect(details).toContain(`currencyRate__usd (examples/modifiers-tour/transforms.ts:${lineOf("currencyRate__usd")}): configDefault()`);
    await page.evaluate(() => window.funcflowExplorer.select("currency"));
    expect(await page.locator("#details").innerText()).toMatch(/value\s+"EUR"/);
  });

  it("the neighbourhood follows the hop limit", async () => {
    await page.evaluate(() => window.funcflowExplorer.select("totalRevenue"));
    const one = Number(await page.locator("#upstream-count").textContent());
    await page.fill("#hops", "3");
    await page.locator("#hops").dispatchEvent("change");
    const three = Number(await page.locator("#upstream-count").textContent());
    expect(one).toBe(2);
    expect(three).toBeGreaterThan(one);
    const expected = await page.evaluate(() => window.funcflowExplorer.neighborhood("totalRevenue", 3).upstream.length);
    expect(three).toBe(expected);
    expect(await page.locator("#upstream a").allTextContents()).toEqual(expect.arrayContaining(["usRevenue", "euRevenue", "usRevenue.with_toCents"]));
    await page.evaluate(() => window.funcflowExplorer.setHops(1));
  });

  it("the execution path of the chosen outputs matches the Driver's upstream plus the config, with missing inputs named", async () => {
    const path = await page.evaluate(() => window.funcflowExplorer.pathNodes());
    // Every config value is shown with the path, as in DOT's path view and Hamilton's.
    expect(path.sort()).toEqual([...new Set([...driver.upstreamOf("totalRevenue"), ...Object.keys(CONFIG)])].sort());
    expect(await page.locator("#path").innerText()).toContain(`Path of totalRevenue: ${path.length} nodes`);
    await page.fill("#outputs", "totalRevnue");
    await page.locator("#outputs").dispatchEvent("change");
    expect(await page.locator("#path").innerText()).toContain("did you mean totalRevenue?");
    await page.fill("#outputs", "save.report");
    await page.locator("#outputs").dispatchEvent("change");
    expect(await page.evaluate(() => window.funcflowExplorer.pathRole("reportPath"))).toBe("missing-input");
    expect(await page.locator("#path").innerText()).toContain("Missing inputs: reportPath");
  });

  it("the run overlay shows each node's status, duration, cache status and the critical path", async () => {
    const statuses = await page.evaluate((names) => names.map((name) => window.funcflowExplorer.runStatus(name)), record.nodes.map((node) => node.name));
    expect(statuses).toEqual(record.nodes.map((node) => node.status));
    expect(await page.locator("#run-id").textContent()).toBe(record.runId);
    expect(await page.locator("#critical-path li").allTextContents()).toEqual(record.criticalPath.nodes);
    const path = record.criticalPath.nodes;
    const colours = await page.evaluate((names) => names.slice(1).map((name, i) => window.funcflowExplorer.edgeColor(names[i]!, name)), path);
    const folded = await page.evaluate((names) => names.map((name) => window.funcflowExplorer.isDrawnAlone(name)), path);
    // Between two drawn nodes the critical edge is orange; inside a folded group there is no edge to draw.
    colours.forEach((colour, i) => folded[i] && folded[i + 1] && expect(colour).toBe("#ef6c00"));
    expect(colours).toContain("#ef6c00");
    expect(await page.evaluate(() => window.funcflowExplorer.edgeColor("sales", "growth"))).toBeUndefined();
    await page.evaluate(() => window.funcflowExplorer.select("largestAmount"));
    const runFacts = await page.locator("#run-facts").innerText();
    expect(runFacts).toMatch(/status\s+ok/);
    expect(runFacts).toMatch(/duration\s+\d+\.\d+ ms/);
    const look = await page.evaluate(() => window.funcflowExplorer.nodeLook("largestAmount"));
    expect(look.detail).toMatch(/ms · ok/);
    await page.screenshot({ path: join(out, "overlay.png") });
  });

  it("`funcflow view examples/modifiers-tour/transforms.ts --html graph.html`, with no config, opens with every node, search and details", async () => {
    const file = join(out, "graph.html");
    const { code, stderr } = await funcflowInProcess(["view", "examples/modifiers-tour/transforms.ts", "--html", file]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const unconfigured = await new Builder().withModules(new URL("../../examples/modifiers-tour/transforms.ts", import.meta.url)).build();
    const viewed = await openPage(browser, pathToFileURL(file).href, errors);
    const names = await viewed.evaluate(() => window.funcflowExplorer.model.nodes.map((node) => node.name));
    expect(names.sort()).toEqual(unconfigured.listNodes().map((node) => node.name).sort());
    expect(names).toEqual(expect.arrayContaining(["revenueIn3Months", "revenueIn12Months"]));
    await viewed.fill("#search", "revenueIn12Month");
    await viewed.locator("#search-results [data-node='revenueIn12Months']").click();
    expect(await viewed.locator("#details").innerText()).toContain("Revenue after 12 months of growth");
    await viewed.close();
  }, 60_000);

  it("no console error occurred", () => {
    expect(errors).toEqual([]);
  });
});
