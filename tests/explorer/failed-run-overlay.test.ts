/**
 * The run overlay of a failed run in headless Chromium: under graceful errors one node fails,
 * its dependent is skipped and the rest runs; the page shows each status, the error and the
 * skip's cause, and the run's failure.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { gracefulErrors } from "funcflow/adapters";
import { explorerPage, runRecorder, type RunRecord } from "funcflow/explorer";
import type { Browser, Page } from "playwright-core";
import { CHROMIUM, launchChromium, openPage } from "./support/browser.ts";

let out: string;
let browser: Browser;
let page: Page;
let graceful: RunRecord;
const errors: string[] = [];

beforeAll(async () => {
  if (CHROMIUM === undefined) return;
  await mkdir(new URL("./tmp", import.meta.url), { recursive: true });
  out = await mkdtemp(join(new URL("./tmp", import.meta.url).pathname, "failed-"));
  const recorder = runRecorder({ dir: join(out, "runs") });
  const dr = await new Builder().withModules(new URL("./fixtures/flaky-pipeline.ts", import.meta.url)).withAdapters(recorder, gracefulErrors()).build();
  await dr.execute(["passedCount", "total"], { inputs: { values: [1, 2], limit: -1 } });
  graceful = recorder.lastRecord()!.record;
  await writeFile(join(out, "failed.html"), await explorerPage(dr, { run: graceful }));
  browser = await launchChromium();
  page = await openPage(browser, pathToFileURL(join(out, "failed.html")).href, errors);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  if (out !== undefined) await rm(out, { recursive: true, force: true });
});

describe.skipIf(CHROMIUM === undefined)("run overlay of a failed run", () => {
  it("the overlay shows the failed node with its error, the skipped node with its cause, and the node that ran", async () => {
    const statuses = await page.evaluate(() => ["doubled", "checked", "passedCount", "total"].map((name) => window.funcflowExplorer.runStatus(name)));
    expect(statuses).toEqual(["ok", "failed", "skipped", "ok"]);
    const looks = await page.evaluate(() => ["checked", "passedCount", "total"].map((name) => window.funcflowExplorer.nodeLook(name)));
    expect(looks.map((look) => [look.stroke, look.dashed])).toEqual([["#c62828", false], ["#9e9e9e", true], [expect.any(String), false]]);
    await page.evaluate(() => window.funcflowExplorer.select("checked"));
    expect(await page.locator("#run-facts").innerText()).toContain("limit must not be negative, got -1");
    await page.evaluate(() => window.funcflowExplorer.select("passedCount"));
    expect(await page.locator("#run-facts").innerText()).toMatch(/skipped because\s+checked/);
    expect(errors).toEqual([]);
  });
});
