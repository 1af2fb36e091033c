/**
 * `funcflow view --materialize <request>`: the path of a materialize request with its files drawn
 * (`dr.materializeToDot`), from a JSON file or inline JSON, run in process.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCliInProcess } from "../support/cli-in-process.ts";

const sales = fileURLToPath(new URL("../fixtures/engine/sales-pipeline.ts", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "funcflow-view-materialize-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const lines = (dot: string) => dot.split("\n").map((line) => line.trim());

describe("funcflow view --materialize", () => {
  it("draws a request from a JSON file: loads, saves, and a combined save named by its result builder", async () => {
    const requestFile = join(scratch, "request.json");
    const request = {
      load: { sales: "data/sales.csv" },
      save: { summary: "out/summary.json", both: { path: "out/both.json", dependencies: ["summary", "taxedAmounts"], combine: "recordResult" } },
    };
    writeFileSync(requestFile, JSON.stringify(request));
    const { code, stdout, stderr } = await runCliInProcess(["view", sales, "--set", "taxRate=0.1", "--materialize", requestFile, "--outputs", "lookup", "--no-legend"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(lines(stdout)).toEqual(
      expect.arrayContaining([
        `"load:sales" -> "sales";`,
        `"summary" -> "save:summary";`,
        `"summary" -> "both_build_result";`,
        `"taxedAmounts" -> "both_build_result";`,
        `"both_build_result" -> "save:both";`,
        // --outputs adds to the request's outputs.
        `"summary" -> "lookup";`,
      ]),
    );
    expect(stdout).toContain(`label="both_build_result\\n: recordResult"`);
    expect(stdout).not.toContain("cluster_legend");
  });

  it("says what a request looks like when its file cannot be read or holds no object", async () => {
    const missing = await runCliInProcess(["view", sales, "--materialize", join(scratch, "missing.json")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`--materialize ${join(scratch, "missing.json")}: the file cannot be read (ENOENT)`);
    expect(missing.stderr).toContain(`'{"save":{"summary":"out/summary.json"}}'`);
    const list = join(scratch, "list.json");
    writeFileSync(list, "[1]");
    const notObject = await runCliInProcess(["view", sales, "--materialize", list]);
    expect(notObject.code).toBe(1);
    expect(notObject.stderr).toContain(`expected a JSON object, e.g. '{"save":{"summary":"out/summary.json"}}'`);
  });

  it("reads inline JSON and names an unknown node with did-you-mean", async () => {
    const { code, stderr } = await runCliInProcess(["view", sales, "--set", "taxRate=0.1", "--materialize", '{"save":{"sumary":"s.json"}}']);
    expect(code).not.toBe(0);
    expect(stderr).toContain(`"sumary"`);
    expect(stderr).toContain(`"summary"`);
  });

  it("refuses --materialize with --around, which draws something else", async () => {
    const { code, stderr } = await runCliInProcess(["view", sales, "--materialize", '{"save":{"summary":"s.json"}}', "--around", "summary"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--materialize");
  });
});
