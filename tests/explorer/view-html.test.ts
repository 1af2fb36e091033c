/**
 * `funcflow view --html`: the command writes one self-contained page, with a run record
 * overlaid, that opens in headless Chromium with every node. Commands run through the CLI's
 * main() in this process (tests/support/cli-in-process.ts): the page, not the process, is the subject.
 */
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { listRuns, runRecorder } from "funcflow/explorer";
import { funcflowInProcess, repo } from "../cli/support/run-cli.ts";
import { CHROMIUM, launchChromium, openPage } from "./support/browser.ts";

const example = "examples/hello-world/transforms.ts";
let out: string;

beforeAll(async () => {
  await mkdir(join(repo, "tests/explorer/tmp"), { recursive: true });
  out = await mkdtemp(join(repo, "tests/explorer/tmp/view-html-"));
});
afterAll(() => rm(out, { recursive: true, force: true }));

describe("funcflow view --html", { timeout: 120_000 }, () => {
  it("funcflow view --html --run writes one page with no external script or style", async () => {
    const recorder = runRecorder({ dir: join(out, "runs") });
    const dr = await new Builder().withModules(new URL(`../../${example}`, import.meta.url)).withAdapters(recorder).build();
    await dr.execute(["spendZeroMeanUnitVariance"], { inputs: { spend: Float64Array.of(1, 2, 3, 4), signups: Float64Array.of(1, 1, 2, 2) } });
    const runFile = recorder.lastRecord()!.file;
    const file = join(out, "graph.html");
    const { code, stdout, stderr } = await funcflowInProcess(["view", example, "--html", file, "--outputs", "spendZeroMeanUnitVariance", "--run", runFile]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/wrote .*graph\.html \(explorer page, 8 nodes, run /);
    const html = await readFile(file, "utf8");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="(?!data:)|https?:\/\/(?!www\.w3\.org)/);
    if (CHROMIUM === undefined) return;
    const browser = await launchChromium();
    try {
      const errors: string[] = [];
      const page = await openPage(browser, pathToFileURL(file).href, errors);
      expect(await page.evaluate(() => window.funcflowExplorer.nodeCount())).toBe(8);
      expect(await page.evaluate(() => window.funcflowExplorer.runStatus("spendStdDev"))).toBe("ok");
      expect(await page.evaluate(() => window.funcflowExplorer.pathRole("signups"))).toBeUndefined();
      expect(await page.evaluate(() => window.funcflowExplorer.pathRole("spendZeroMeanUnitVariance"))).toBe("output");
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it("funcflow run --record writes the run's record for the explorer", async () => {
    const dir = join(out, "recorded");
    const { code, stderr } = await funcflowInProcess(["run", example, "--inputs", "examples/hello-world/data.csv", "--outputs", "spendZeroMean", "--record", dir]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const [run, ...others] = await listRuns(dir);
    expect(others).toEqual([]);
    expect(run).toMatchObject({ status: "ok", outputs: ["spendZeroMean"], nodeCount: 2 });
  });

  it("funcflow view --html names a run file that is not a run record", async () => {
    const { code, stderr } = await funcflowInProcess(["view", example, "--html", join(out, "bad.html"), "--run", "package.json"]);
    expect(code).not.toBe(0);
    expect(stderr).toContain("not a funcflow run record");
  });
});
