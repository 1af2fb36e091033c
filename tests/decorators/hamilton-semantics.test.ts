/**
 * Where funcflow used to differ from Hamilton without a reason: `does` and declared defaults,
 * unset config keys in conditions, the `module` tag every node carries.
 */
import { describe, expect, it } from "vitest";
import { Builder, configWhen, configWhenIn, configWhenNot, configWhenNotIn } from "funcflow";
import { syntheticModule } from "../support/synthetic-module.ts";

const fixture = (name: string) => new URL(`../fixtures/modules/robust/${name}.ts`, import.meta.url);

describe("does passes the declared defaults to the replacing function", () => {
  it("a left-out parameter gets its declared default, not undefined", async () => {
    const dr = await new Builder().withModules(fixture("semantics")).withManifestCache(false).build();
    expect(await dr.execute(["scaled"], { inputs: { x: 2 } })).toEqual({ scaled: "x:6" });
    expect(await dr.execute(["scaled"], { inputs: { x: 2, factor: 10, label: "y" } })).toEqual({ scaled: "y:20" });
  });
});

describe("an unset config key reads as null, as in Hamilton, for every condition wrapper", () => {
  const wrappers = { configWhen, configWhenNot, configWhenIn, configWhenNotIn } as const;
  const CASES: readonly [keyof typeof wrappers, Record<string, unknown>, Record<string, unknown>, boolean][] = [
    ["configWhen", { k: null }, {}, true],
    ["configWhen", { k: null }, { k: null }, true],
    ["configWhen", { k: null }, { k: "a" }, false],
    ["configWhen", { k: "a" }, {}, false],
    ["configWhenNot", { k: null }, {}, false],
    ["configWhenNot", { k: "a" }, {}, true],
    ["configWhenNot", { k: null }, { k: "a" }, true],
    ["configWhenIn", { k: [null, "a"] }, {}, true],
    ["configWhenIn", { k: ["a"] }, {}, false],
    ["configWhenIn", { k: ["a"] }, { k: "a" }, true],
    ["configWhenNotIn", { k: [null] }, {}, false],
    ["configWhenNotIn", { k: ["a"] }, {}, true],
    ["configWhenNotIn", { k: ["a"] }, { k: null }, true],
  ];
  it.each(CASES)("%s(%j) under config %j is active: %s", async (wrapper, condition, config, active) => {
    const wrap = wrappers[wrapper] as (c: never, f: (x: number) => number) => (x: number) => number;
    const module = syntheticModule([
      { name: "y__v", params: [{ name: "x" }], fn: wrap(condition as never, (x: number) => x) as never },
      { name: "z", params: [{ name: "x" }], fn: ((x: number) => x) as never },
    ]);
    const dr = await new Builder().withModules(module).withConfig(config).build();
    expect(dr.listNodes().some((node) => node.name === "y" && node.kind === "function")).toBe(active);
  });
});

describe("every node carries its module as a tag", () => {
  it("listNodes({ tags: { module } }) selects a module's nodes", async () => {
    const dr = await new Builder()
      .withModules(new URL("../fixtures/modules/basic.ts", import.meta.url), fixture("semantics"))
      .withConfig({ language: "en" })
      .withManifestCache(false)
      .build();
    expect(dr.node("scaled").tags.module).toBe("semantics");
    expect(dr.listNodes({ tags: { module: "semantics" } }).map((node) => node.name)).toEqual(["scaled"]);
    expect(dr.listNodes({ tags: { module: "basic" } }).map((node) => node.name).sort()).toEqual(["b", "c", "d", "e", "greeting", "unrelated"]);
  });
});

describe("documented differences (docs/hamilton.md), checked", () => {
  const basic = new URL("../fixtures/modules/basic.ts", import.meta.url);
  it("an output that is only an input is returned from inputs, and reported when missing", async () => {
    const dr = await new Builder().withModules(basic).withConfig({ language: "en" }).withManifestCache(false).build();
    expect(await dr.execute(["a"], { inputs: { a: 1 } })).toEqual({ a: 1 });
    await expect(dr.execute(["a"])).rejects.toMatchObject({ code: "missing_input", neededBy: ["(requested output)"] });
  });

  it("cache: an omitted default and the same value passed explicitly are different keys; switching a node to recompute makes its consumers miss once, then hit", async () => {
    const { mkdtemp, rm } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = await mkdtemp(join(tmpdir(), "funcflow-semantics-cache-"));
    try {
      const build = (behaviors: Record<string, "recompute"> = {}) =>
        new Builder().withModules(basic).withConfig({ language: "en" }).withManifestCache(false).withCache({ dir, behaviors }).build();
      const dr = await build();
      await dr.execute(["c"], { inputs: { a: 1 } });
      await dr.execute(["c"], { inputs: { a: 1, y: 5 } });
      expect(dr.lastCacheRun()?.misses).toEqual(["c"]);
      const again = await build({ b: "recompute" });
      await again.execute(["c"], { inputs: { a: 1 } });
      const report = again.lastCacheRun()!;
      const misses = report.events.filter((e) => e.kind === "miss").map((e) => [e.node, "reason" in e ? e.reason : undefined]);
      expect(misses).toEqual([["b", "recompute"], ["c", "input_changed"]]);
      // From the second run under recompute, b is versioned by its (unchanged) value: c hits.
      const second = await build({ b: "recompute" });
      await second.execute(["c"], { inputs: { a: 1 } });
      expect([second.lastCacheRun()!.misses, second.lastCacheRun()!.hits]).toEqual([["b"], ["c"]]);
      // Back to default, b is versioned by its key again, and both find their first entries.
      const back = await build();
      await back.execute(["c"], { inputs: { a: 1 } });
      expect([back.lastCacheRun()!.misses, [...back.lastCacheRun()!.hits].sort()]).toEqual([[], ["b", "c"]]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("collect follows a Collect parameter rebound by parameterize's source()", () => {
  it("each parameterized output gathers the node its binding names", async () => {
    const dr = await new Builder().withModules(fixture("collect-rebound")).withManifestCache(false).build();
    expect(await dr.execute(["doubledTotal", "tripledTotal"], { inputs: { count: 3 } })).toEqual({ doubledTotal: 12, tripledTotal: 18 });
  });
});
