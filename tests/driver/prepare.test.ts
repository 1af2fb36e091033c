/**
 * `dr.prepare(outputs, { inputs, overrides })`: a request shape planned once. Its runs must give
 * what `execute` gives for the same values (lean loop, async nodes, hooked path, result builder),
 * its request errors come at `prepare`, and a run missing a prepared name is refused by name.
 */
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { Builder, FuncflowError } from "funcflow";
import { timingReport } from "funcflow/adapters";
import * as basic from "../fixtures/modules/basic.ts";

const basicUrl = new URL("../fixtures/modules/basic.ts", import.meta.url);
const build = () => new Builder().withModules(basicUrl).withConfig({ language: "fr" }).withManifestCache(false).build();
const codeOf = (error: unknown) => (error instanceof FuncflowError ? error.code : String(error));

beforeEach(() => {
  basic.calls.length = 0;
});

describe("driver.prepare", () => {
  it("runs as execute does, sync and async nodes, optional parameters and config, for any values", async () => {
    const dr = await build();
    const withDefault = dr.prepare(["e", "c", "greeting"], { inputs: ["a"] });
    const withY = dr.prepare(["c"], { inputs: ["a", "y"] });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: -100, max: 100 }), async (a, y) => {
        expect(await withDefault.execute({ a })).toEqual(await dr.execute(["e", "c", "greeting"], { inputs: { a } }));
        expect(await withY.execute({ a, y })).toEqual(await dr.execute(["c"], { inputs: { a, y } }));
      }),
      { numRuns: 40 },
    );
    expect(withDefault).toMatchObject({ outputs: ["e", "c", "greeting"], inputNames: ["a"], overrideNames: [] });
  });

  it("runs only the nodes the outputs need, and cuts upstream of an override", async () => {
    const dr = await build();
    const overridden = dr.prepare(["e"], { overrides: ["b"] });
    expect(await overridden.execute({}, { b: 10 })).toEqual({ e: 160 });
    expect(basic.calls).not.toContain("b");
    expect(basic.calls).not.toContain("unrelated");
  });

  it("throws the request errors of execute at prepare, not at each run", async () => {
    const dr = await build();
    const errorOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return codeOf(error);
      }
      return "no error";
    };
    expect(errorOf(() => dr.prepare(["nope" as "e"], { inputs: ["a"] }))).toBe("unknown_output");
    expect(errorOf(() => dr.prepare(["e"]))).toBe("missing_input");
    expect(errorOf(() => dr.prepare(["e"], { inputs: ["a", "b"] }))).toBe("input_is_node");
    expect(errorOf(() => dr.prepare(["e"], { inputs: "a" as unknown as string[] }))).toBe("invalid_argument");
    expect(errorOf(() => dr.prepare("e" as unknown as ["e"]))).toBe("invalid_argument");
  });

  it("refuses a run missing a prepared name, naming it, and never reads other keys", async () => {
    const dr = await build();
    const prepared = dr.prepare(["c"], { inputs: ["a", "y"] });
    const error = await prepared.execute({ a: 1 }).catch((caught: unknown) => caught);
    expect(codeOf(error)).toBe("invalid_argument");
    expect((error as Error).message).toContain('"y"');
    await expect(prepared.execute(null as unknown as Record<string, unknown>)).rejects.toMatchObject({ code: "invalid_argument" });
    expect(await prepared.execute({ a: 1, y: 2, b: 1000 })).toEqual({ c: 4 });
  });

  it("reports a failing node as execute does", async () => {
    const dr = await new Builder().withModules(new URL("../fixtures/modules/throws.ts", import.meta.url)).withManifestCache(false).build();
    const error = await dr.prepare(["broken"], { inputs: ["x"] }).execute({ x: 7 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "node_failed", node: "broken" });
    expect((error as Error).message).toContain("broken for 7");
  });

  it("goes through the hooks when the Driver has adapters, and applies the result builder", async () => {
    const hooked = await new Builder().withModules(basicUrl).withConfig({ language: "fr" }).withManifestCache(false).withAdapters(timingReport()).build();
    expect(await hooked.prepare(["e"], { inputs: ["a"] }).execute({ a: 1 })).toEqual({ e: 112 });
    const built = await new Builder()
      .withModules(basicUrl)
      .withConfig({ language: "fr" })
      .withManifestCache(false)
      .withResultBuilder({ name: "values in order", build: (record: Record<string, unknown>, outputs: readonly string[]) => outputs.map((name) => record[name]) })
      .build();
    expect(await built.prepare(["c", "b"], { inputs: ["a"] }).execute({ a: 1 })).toEqual([10, 2]);
  });

  it("run returns the record itself when every node was sync, a promise when one was async, and throws a sync failure", async () => {
    const dr = await build();
    const sync = dr.prepare(["c", "b"], { inputs: ["a"] }).run({ a: 1 });
    expect(sync).not.toBeInstanceOf(Promise);
    expect(sync).toEqual({ c: 10, b: 2 });
    const async = dr.prepare(["e"], { inputs: ["a"] }).run({ a: 1 });
    expect(async).toBeInstanceOf(Promise);
    expect(await async).toEqual({ e: 112 });
    const failing = await new Builder().withModules(new URL("../fixtures/modules/throws.ts", import.meta.url)).withManifestCache(false).build();
    expect(() => failing.prepare(["broken"], { inputs: ["x"] }).run({ x: 1 })).toThrow(/broken for 1/);
  });
});
