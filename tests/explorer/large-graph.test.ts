/**
 * The explorer page for a generated 10,000-node pipeline over ten modules, in headless
 * Chromium: every node in the page's model and drawn, search, click-for-details, hop-limited
 * neighbourhood, module folding and a run overlay, with no console error.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder, type Driver } from "funcflow";
import { explorerPage, runRecorder, type RunRecord } from "funcflow/explorer";
import { syntheticPipeline } from "../support/synthetic-pipeline.ts";
import { CHROMIUM, launchChromium, openPage } from "./support/browser.ts";

const NODES = 10_000;
let out: string;
let browser: Browser;
let page: Page;
let driver: Driver;
let record: RunRecord;
const errors: string[] = [];

beforeAll(async () => {
  if (CHROMIUM === undefined) return;
  await mkdir(new URL("./tmp", import.meta.url), { recursive: true });
  out = await mkdtemp(join(new URL("./tmp", import.meta.url).pathname, "large-"));
  const recorder = runRecorder({ dir: join(out, "runs") });
  driver = await new Builder().withModules(...syntheticPipeline(NODES, 10)).withManifestCache(false).withAdapters(recorder).build();
  await driver.execute(["n4999"], { inputs: { raw: 1 } });
  record = recorder.lastRecord()!.record;
  await writeFile(join(out, "large.html"), await explorerPage(driver, { run: record }));
  browser = await launchChromium();
  page = await openPage(browser, pathToFileURL(join(out, "large.html")).href, errors);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  if (out !== undefined) await rm(out, { recursive: true, force: true });
});

describe.skipIf(CHROMIUM === undefined)("explorer page on a 10,000-node pipeline", () => {
  it("the page's model holds every node and edge, and draws each node", async () => {
    const counts = await page.evaluate(() => ({
      nodes: window.funcflowExplorer.nodeCount(),
      visible: window.funcflowExplorer.visibleCount(),
      edges: window.funcflowExplorer.model.edges.length,
      distinct: new Set(window.funcflowExplorer.model.nodes.map((node) => node.name)).size,
    }));
    const expectedEdges = driver.listNodes().reduce((total, node) => total + node.dependencies.length, 0);
    expect(counts).toEqual({ nodes: NODES + 1, visible: NODES + 1, edges: expectedEdges, distinct: NODES + 1 });
  });

  it("search finds a node among 10,000 and suggests near names for a typo", async () => {
    await page.fill("#search", "n9876");
    expect(await page.locator("#search-results [data-node]").first().textContent()).toBe("n9876");
    await page.press("#search", "Enter");
    expect(await page.evaluate(() => window.funcflowExplorer.selected())).toBe("n9876");
    expect(await page.evaluate(() => window.funcflowExplorer.search("m9876").suggestions)).toContain("n9876");
    await page.fill("#search", "");
  });

  it("a click on a node shows its details and its neighbourhood within the hop limit", async () => {
    await page.evaluate(() => window.funcflowExplorer.select("n5000"));
    const at = (await page.evaluate(() => window.funcflowExplorer.screenPosition("n5001")))!;
    const box = (await page.locator("#graph").boundingBox())!;
    await page.mouse.click(box.x + at.x, box.y + at.y);
    expect(await page.evaluate(() => window.funcflowExplorer.selected())).toBe("n5001");
    expect(await page.locator("#details-name").textContent()).toBe("n5001");
    const direct = driver.node("n5001").dependencies.map((dependency) => dependency.name).sort();
    expect((await page.locator("#upstream a").allTextContents()).sort()).toEqual(direct);
    await page.evaluate(() => window.funcflowExplorer.setHops(4));
    const four = Number(await page.locator("#upstream-count").textContent());
    const expected = await page.evaluate(() => window.funcflowExplorer.neighborhood("n5001", 4).upstream.length);
    expect(four).toBe(expected);
    expect(four).toBeGreaterThan(direct.length);
  });

  it("the run overlay marks the nodes that ran and the critical path", async () => {
    expect(await page.evaluate(() => window.funcflowExplorer.runStatus("n4999"))).toBe("ok");
    expect(await page.evaluate(() => window.funcflowExplorer.runStatus("n9999"))).toBeUndefined();
    expect(await page.locator("#critical-path li").count()).toBe(record.criticalPath.nodes.length);
    expect(record.criticalPath.nodes.at(-1)).toBe("n4999");
  });

  it("collapsing a module folds its 1,000 nodes into one", async () => {
    const before = await page.evaluate(() => window.funcflowExplorer.visibleCount());
    await page.evaluate(() => window.funcflowExplorer.collapseModule("stage3.ts"));
    expect(await page.evaluate(() => window.funcflowExplorer.visibleCount())).toBe(before - 999);
    await page.evaluate(() => window.funcflowExplorer.expandModule("stage3.ts"));
  });

  it("no console error occurred", () => {
    expect(errors).toEqual([]);
  });
});
