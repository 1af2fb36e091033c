/**
 * The modifier lifecycle as a whole: stacking order does not change the graph, and what the
 * scanner records about modifiers agrees with what the wrappers attach at run time.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readNodeMetadata, type NodeFunction } from "../../src/graph/index.ts";
import { scanSource } from "funcflow/scanner";
import { buildFixture, fixture } from "./support/build.ts";

type Driver = Awaited<ReturnType<typeof buildFixture>>;

/** Everything about the graph's functions and inputs except where each node was defined (its source and `module` tag); config keys are nodes too, but not the modifiers' doing. */
function shape(dr: Driver) {
  return dr
    .listNodes()
    .filter((node) => node.kind !== "config")
    .map(({ name, kind, type, doc, tags: { module: _module, ...tags }, dependencies, dependents, role, group, condition }) => ({
      name,
      kind,
      type,
      doc,
      tags,
      dependencies,
      dependents: [...dependents].sort(),
      role,
      group,
      condition,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

describe("stacking order", () => {
  it("five modifiers (one per phase) written in opposite orders give the same graph and values", async () => {
    const [a, b] = await Promise.all([buildFixture("stack-a", { metrics: true }), buildFixture("stack-b", { metrics: true })]);
    expect(shape(a)).toEqual(shape(b));
    expect(shape(a).map((node) => node.name)).toEqual([
      "base",
      "large",
      "large_range_validator",
      "large_raw",
      "metric.with_addOne",
      "small",
      "small_range_validator",
      "small_raw",
    ]);
    expect(a.node("small").tags).toEqual({ module: expect.any(String), owner: "qa" });
    expect(a.node("small").condition).toBe("metrics == true");
    const inputs = { base: 4 };
    expect(await a.execute(["small", "large"], { inputs })).toEqual(await b.execute(["small", "large"], { inputs }));
    expect(await a.execute(["small", "large"], { inputs })).toEqual({ small: 5, large: 50 });
  });

  it("a resolver that leaves the function out removes every node the others would make", async () => {
    const [a, b] = await Promise.all([buildFixture("stack-a", { metrics: false }), buildFixture("stack-b", { metrics: false })]);
    // Only the config key remains (every config key is a node).
    expect(a.listNodes().map((node) => node.name)).toEqual(["metrics"]);
    expect(b.listNodes().map((node) => node.name)).toEqual(["metrics"]);
  });
});

const FIXTURES = ["parameterize", "fields", "does", "pipes", "checks", "tags", "subdag", "subdag-part", "resolve", "io", "parallel", "stack-a", "stack-b"];

describe("scanner and run time agree", () => {
  it.each(FIXTURES)("%s: the manifest's modifier names are the kinds the wrappers attach, outermost first", async (name) => {
    const url = fixture(name);
    const manifest = scanSource(readFileSync(url, "utf8"), `${name}.ts`);
    const module = (await import(url.href)) as Record<string, NodeFunction>;
    for (const entry of manifest.functions) {
      const runtime = readNodeMetadata(module[entry.exportName]!).modifiers.map((modifier) => modifier.kind);
      expect({ export: entry.exportName, modifiers: entry.modifiers.map((modifier) => modifier.name) }).toEqual({ export: entry.exportName, modifiers: runtime });
    }
    expect(manifest.functions.length).toBeGreaterThan(0);
  });
});
