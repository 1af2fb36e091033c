/**
 * One static edge check for pipelines the Builder builds (`withTypeCheck()`, `funcflow run`)
 * and the ones `funcflow build`/`validate` check: both read the same report, so a parameter
 * naming a node only a modifier makes is a node to both, and a true input conflict fails both.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder, isFuncflowError } from "../../src/index.ts";
import { pipelineTypeReport } from "../../src/driver/index.ts";
import { runCli } from "../typecheck/support/type-agreement.ts";

const fixture = new URL("../fixtures/typecheck/modifier-made-reads.ts", import.meta.url);
const module = fileURLToPath(fixture);

/** The input names an `edge_type_mismatch` error lists as conflicts. */
function conflictInputs(error: unknown): string[] {
  if (!isFuncflowError(error) || error.code !== "edge_type_mismatch") throw new Error(`expected edge_type_mismatch, got ${String(error)}`);
  return (error.details as { inputConflicts: { input: string }[] }).inputConflicts.map((conflict) => conflict.input);
}

describe("the Builder and the CLI check a pipeline's edge types the same way", () => {
  let outDir: string;
  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), "funcflow-type-report-"));
  });
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it("Builder.withTypeCheck() reports the input conflict on rate, not on the modifier-made price", async () => {
    const error = await new Builder().withModules(fixture).withManifestCache(false).withTypeCheck({ cacheDir: false }).build().catch((caught: unknown) => caught);
    expect(conflictInputs(error)).toEqual(["rate"]);
  });

  it("Builder.build() without the check fails on the same conflict, read from the declared types alone, and never on price", async () => {
    // An input whose readers' types share no value cannot be given at all, so the graph refuses it;
    // pipelineTypeReport then has no Driver to read, and withTypeCheck() above lists it with the rest.
    const error = await new Builder().withModules(fixture).withManifestCache(false).build().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "edge_type_mismatch", input: "rate", neededBy: ["rateAsNumber", "rateAsText"] });
  });

  it("pipelineTypeReport(driver) is the report withTypeCheck() checks: price is a node there too", async () => {
    const driver = await new Builder().withModules(fixture).withConfig({ rate: 0.5 }).withManifestCache(false).build();
    const report = await pipelineTypeReport(driver, { cacheDir: false });
    // A config key is no input: with rate given as config, nothing conflicts.
    expect(report?.inputConflicts).toEqual([]);
    expect(report?.modules).toEqual([module]);
  });

  it("pipelineTypeReport reads a JavaScript module untyped; withTypeCheck() has nothing in it to refuse", async () => {
    const untyped = new URL("../fixtures/typecheck/untyped.js", import.meta.url);
    const driver = await new Builder().withModules(untyped).withManifestCache(false).withTypeCheck({ cacheDir: false }).build();
    const report = await pipelineTypeReport(driver, { cacheDir: false });
    expect(report?.unchecked.map(({ reason, name }) => ({ reason, name }))).toEqual([{ reason: "untyped", name: "rows" }]);
    expect(report?.checkedEdges).toBe(0);
  });

  it("pipelineTypeReport refuses a Driver no Builder built", async () => {
    const error = await pipelineTypeReport({}).catch((caught: unknown) => caught);
    expect(isFuncflowError(error) && error.code).toBe("invalid_argument");
  });

  it("funcflow validate reports the same conflict and only it", async () => {
    const { code, stderr } = await runCli(["validate", module]);
    expect(code).toBe(1);
    expect(stderr).toContain("edge_type_mismatch");
    expect(stderr).toMatch(/1 type mismatch between nodes/);
    expect(stderr).toContain("rate");
    expect(stderr).not.toMatch(/\bprice\b.*input/);
  });

  it("funcflow build reports the same conflict and writes nothing", async () => {
    const { code, stderr } = await runCli(["build", module, "--out-dir", outDir]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/1 type mismatch between nodes/);
    expect(stderr).toContain("rate");
  });

  it("a function a config key replaced is no node: its mismatched edge fails neither withTypeCheck() nor the report", async () => {
    const replaced = new URL("../fixtures/typecheck/config-replaced.ts", import.meta.url);
    const build = (config: Record<string, unknown>) => new Builder().withModules(replaced).withConfig(config).withManifestCache(false).withTypeCheck({ cacheDir: false }).build();
    const error = await build({}).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "edge_type_mismatch", node: "usesRate" });
    const driver = await build({ rate: 7 });
    expect(await driver.execute(["usesRate"])).toEqual({ usesRate: 70 });
    expect((await pipelineTypeReport(driver, { cacheDir: false }))?.mismatches).toEqual([]);
  });
});
