/**
 * Builder.withTypeCheck() runs the static edge check at build(), and `funcflow run` does by
 * default: a producer whose type does not fit its consumer's parameter cannot run silently.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Builder, isFuncflowError } from "funcflow";
import { funcflowInProcess } from "../cli/support/run-cli.ts";

const doubled = new URL("../fixtures/typecheck/doubled.ts", import.meta.url);
const dataQuality = new URL("../fixtures/typecheck/data-quality.ts", import.meta.url);

describe("Builder.withTypeCheck", () => {
  it("Builder.build without withTypeCheck runs the misfit (the reason the check exists)", async () => {
    const dr = await new Builder().withModules(doubled).withManifestCache(false).build();
    expect(await dr.execute(["doubled"])).toEqual({ doubled: 4 });
  });

  it("Builder.withTypeCheck().build() fails with edge_type_mismatch naming the edge, both ends and their types", async () => {
    const error = await new Builder().withModules(doubled).withManifestCache(false).withTypeCheck().build().catch((caught: unknown) => caught);
    expect(isFuncflowError(error) && error.code).toBe("edge_type_mismatch");
    if (!isFuncflowError(error)) return;
    expect(error.node).toBe("doubled");
    const [mismatch] = (error.details as { mismatches: { producer: { node: string; type: string }; consumer: { node: string; param: string; type: string } }[] }).mismatches;
    expect(mismatch).toMatchObject({ producer: { node: "count", type: "string" }, consumer: { node: "doubled", param: "count", type: "number" } });
    expect(error.message).toContain("count → doubled(count): the value does not fit the parameter");
    expect(error.message).toMatch(/doubled\.ts:4:\d+ +count returns string/);
    expect(error.message).toMatch(/doubled\.ts:7:\d+ +doubled\(count\) takes number/);
  });

  it("Builder.withTypeCheck(false) turns the check off again", async () => {
    const dr = await new Builder().withModules(doubled).withManifestCache(false).withTypeCheck().withTypeCheck(false).build();
    expect(await dr.execute(["doubled"])).toEqual({ doubled: 4 });
  });

  it("Builder.withTypeCheck() builds a pipeline whose edges all fit, modifiers and all", async () => {
    const dr = await new Builder().withModules(dataQuality).withConfig({ scale: "mean" }).withManifestCache(false).withTypeCheck({ cacheDir: false }).build();
    expect(dr.listNodes().some((node) => node.name === "ageMean_range_validator")).toBe(true);
  });
});

describe("funcflow run checks types by default", () => {
  const module = fileURLToPath(doubled);

  it("funcflow run refuses a pipeline whose edge types do not fit", async () => {
    const { code, stderr } = await funcflowInProcess(["run", module, "--outputs", "doubled"]);
    expect(code).not.toBe(0);
    expect(stderr).toContain("count → doubled(count): the value does not fit the parameter");
    expect(stderr).toContain("edge_type_mismatch");
  });

  it("funcflow run --no-type-check runs it anyway", async () => {
    const { code, stdout } = await funcflowInProcess(["run", module, "--outputs", "doubled", "--json", "--no-type-check"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).outputs).toEqual({ doubled: 4 });
  });
});
