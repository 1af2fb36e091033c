/**
 * `funcflow ui` / startExplorerServer on examples/feature-engineering: two recorded runs (cache
 * misses, then hits) listed, opened with per-node timings and cache status, and compared, in
 * headless Chromium over real HTTP on loopback; and the real `funcflow ui` process serving until
 * a signal stops it (the other commands run through the CLI's main() in this process).
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { writeTable } from "funcflow/io";
import { runRecorder, startExplorerServer, type ExplorerServer, type RunRecord } from "funcflow/explorer";
import { FEATURES, ordersInputs } from "../../examples/feature-engineering/run.ts";
import { generateOrders } from "../../examples/feature-engineering/orders.ts";
import { rejection } from "../support/caught.ts";
import { funcflowInProcess, repo } from "../cli/support/run-cli.ts";
import { CHROMIUM, launchChromium } from "./support/browser.ts";

const features = new URL("../../examples/feature-engineering/features.ts", import.meta.url);
let out: string;
let server: ExplorerServer;
let browser: Browser | undefined;
let page: Page;
const records: RunRecord[] = [];
const errors: string[] = [];

beforeAll(async () => {
  await mkdir(new URL("./tmp", import.meta.url), { recursive: true });
  out = await mkdtemp(join(new URL("./tmp", import.meta.url).pathname, "ui-"));
  const recorder = runRecorder({ dir: join(out, "runs"), onRecord: (record) => records.push(record) });
  const dr = await new Builder().withModules(features).withAdapters(recorder).withCache({ dir: join(out, "cache"), logger: recorder.cacheLogger }).build();
  const inputs = ordersInputs(generateOrders({ rows: 5_000 }));
  await dr.execute(FEATURES, { inputs });
  await dr.execute(FEATURES, { inputs });
  server = await startExplorerServer(dr, { port: 0, runsDir: join(out, "runs") });
  if (CHROMIUM === undefined) return;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(server.url);
  await page.waitForFunction(() => window.funcflowExplorer?.ready === true);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (out !== undefined) await rm(out, { recursive: true, force: true });
});

describe("explorer server", () => {
  it("GET /api/runs lists both runs newest first, and GET /api/runs/:id returns one, 404 for an unknown id", async () => {
    const runs = (await (await fetch(`${server.url}api/runs`)).json()) as { runId: string; cacheHits: number }[];
    expect(runs.map((run) => run.runId)).toEqual([records[1]!.runId, records[0]!.runId]);
    expect(runs[0]!.cacheHits).toBeGreaterThan(0);
    expect(runs[1]!.cacheHits).toBe(0);
    const one = (await (await fetch(`${server.url}api/runs/${records[0]!.runId}`)).json()) as RunRecord;
    expect(one).toEqual(records[0]);
    const missing = await fetch(`${server.url}api/runs/nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toBe("not_found");
  });

  it("startExplorerServer listens on loopback only and rejects a bad port", async () => {
    expect(new URL(server.url).hostname).toBe("127.0.0.1");
    expect((await rejection(startExplorerServer([], { port: 70_000 }))).code).toBe("invalid_argument");
    expect((await rejection(startExplorerServer([], { port: server.port }))).code).toBe("io_failed");
  });
});

describe.skipIf(CHROMIUM === undefined)("funcflow ui in the browser", () => {
  it("the page lists the recorded runs and opens one with per-node timings and cache status", async () => {
    await expect.poll(() => page.locator("#run-list li").count()).toBe(2);
    await page.locator(`[data-run="${records[0]!.runId}"]`).click();
    await expect.poll(() => page.locator("#run-id").textContent()).toBe(records[0]!.runId);
    const revenue = records[0]!.nodes.find((node) => node.name === "revenue")!;
    expect(await page.evaluate(() => window.funcflowExplorer.runStatus("revenue"))).toBe("ok");
    await page.evaluate(() => window.funcflowExplorer.select("revenue"));
    const facts = await page.locator("#run-facts").innerText();
    expect(facts).toMatch(/cache\s+miss \(no_entry\)/);
    expect(facts).toContain(`${revenue.durationMs.toFixed(revenue.durationMs < 10 ? 2 : 1)} ms`);
    await page.locator(`[data-run="${records[1]!.runId}"]`).click();
    await expect.poll(() => page.evaluate(() => window.funcflowExplorer.runStatus("revenue"))).toBe("cached");
    await page.evaluate(() => window.funcflowExplorer.select("revenue"));
    expect(await page.locator("#run-facts").innerText()).toContain("hit");
    await page.screenshot({ path: join(out, "ui-run.png") });
  });

  it("ticking two runs compares them: the nodes whose cache status changed", async () => {
    await page.locator(`[data-compare="${records[0]!.runId}"]`).check();
    await page.locator(`[data-compare="${records[1]!.runId}"]`).check();
    await expect.poll(() => page.locator("#comparison-table tr").count()).toBeGreaterThan(0);
    const table = await page.locator("#comparison-table").innerText();
    expect(table).toMatch(/revenue\s+status ok → cached; cache miss → hit/);
    const computed = records[0]!.nodes.filter((node) => node.status === "ok").length;
    expect(Number(await page.locator("#changed-count").textContent())).toBeGreaterThanOrEqual(computed);
    await page.locator("[data-clear-comparison]").click();
    expect(await page.locator("#comparison").textContent()).toBe("");
  });

  it("Refresh lists a run recorded after the page opened", async () => {
    const dr = await new Builder().withModules(features).withAdapters(runRecorder({ dir: join(out, "runs") })).build();
    await dr.execute(["revenue"], { inputs: ordersInputs(generateOrders({ rows: 100 })) });
    await page.locator("[data-refresh-runs]").click();
    await expect.poll(() => page.locator("#run-list li").count()).toBe(3);
  });

  it("no console error occurred", () => {
    expect(errors).toEqual([]);
  });
});

describe("funcflow ui", { timeout: 120_000 }, () => {
  it("funcflow ui --help shows its options and an example", async () => {
    const { code, stdout } = await funcflowInProcess(["ui", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: funcflow ui [options] <modules...>");
    expect(stdout).toMatch(/--port <n>[\s\S]*--runs-dir <dir>[\s\S]*Example:\n {2}\$ funcflow ui /);
  });

  it("funcflow run --cache --record: the second run's record shows the cache hits, with why the first missed", async () => {
    const orders = join(out, "orders.arrow");
    await writeTable(orders, generateOrders({ rows: 2_000 }));
    const args = ["run", "examples/feature-engineering/features.ts", "--inputs", orders, "--outputs", "revenue,revenueRolling7Mean", "--no-type-check", "--cache", join(out, "cli-cache"), "--record", join(out, "cli-runs")];
    for (let run = 0; run < 2; run++) {
      const { code, stderr } = await funcflowInProcess(args);
      expect(stderr).toBe("");
      expect(code).toBe(0);
    }
    const files = (await readdir(join(out, "cli-runs"))).filter((name) => name.endsWith(".json"));
    const [first, second] = (await Promise.all(files.map(async (name) => JSON.parse(await readFile(join(out, "cli-runs", name), "utf8")) as RunRecord)))
      .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    expect(first!.nodes.find((node) => node.name === "revenue")).toMatchObject({ status: "ok", cache: { kind: "miss", reason: "no_entry" } });
    expect(second!.nodes.find((node) => node.name === "revenueRolling7Mean")).toMatchObject({ status: "cached", cache: { kind: "hit" } });
  });

  it("funcflow ui --port 0 serves the page and the run list until stopped", async () => {
    // One process (node with tsx's loader, not the tsx binary): the tsx wrapper relays a signal
    // only if its child acknowledges it within 30 ms, else kills it and exits 143 (seen under load).
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", "ui", "examples/feature-engineering/features.ts", "--port", "0", "--runs-dir", join(out, "runs")], { cwd: repo, stdio: ["ignore", "pipe", "pipe"] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let text = "";
        child.stdout.on("data", (chunk: Buffer) => {
          text += chunk.toString();
          const match = /serving (http:\/\/127\.0\.0\.1:\d+\/)/.exec(text);
          if (match) resolve(match[1]!);
        });
        child.once("exit", (code) => reject(new Error(`funcflow ui exited with ${code}`)));
      });
      expect(await (await fetch(url)).text()).toContain('id="funcflow-model"');
      expect(((await (await fetch(`${url}api/runs`)).json()) as unknown[]).length).toBeGreaterThanOrEqual(2);
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
