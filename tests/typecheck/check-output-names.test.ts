/**
 * The static check expands checkOutput by its own list of built-in checks; a check the runtime
 * knows and that list misses would leave its validator node out of the edge report and the
 * typings. For every built-in check, the static expansion names the nodes the built graph has.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { checkEdgeTypes } from "funcflow/scanner";
import { BUILT_IN_CHECKS } from "../../src/decorators/data-validators.ts";

const module = new URL("../fixtures/typecheck/every-check.ts", import.meta.url);

describe("checkOutput under the static check", () => {
  it("names the same validator nodes as the built graph, for every built-in check", async () => {
    const dr = await new Builder().withModules(module).withManifestCache(false).build();
    const validators = dr.listNodes().filter((node) => node.role === "validator");
    expect(new Set(validators.map((node) => node.tags["data_quality.validator"]))).toEqual(new Set(BUILT_IN_CHECKS));
    const report = await checkEdgeTypes([fileURLToPath(module)], { cacheDir: false });
    const staticNames = report.nodes.map((node) => node.name).filter((name) => name.endsWith("_validator"));
    expect(staticNames.sort()).toEqual(validators.map((node) => node.name).sort());
  }, 60_000);
});
