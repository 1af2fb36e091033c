import { afterAll, describe, expect, it } from "vitest";
import { buildFixture, buildSource, caught, removeInlineModules } from "./support/build.ts";

afterAll(removeInlineModules);

const dr = await buildFixture("parallel");

describe("parallelizable and collect", () => {
  it("runs the nodes between them once per item and gathers the values in item order", async () => {
    expect(await dr.execute(["total", "listing", "itemCount"], { inputs: { count: 4, offset: 0, label: "squares" } })).toEqual({
      total: 30,
      listing: "squares: 1,4,9,16",
      itemCount: 4,
    });
    expect(await dr.execute(["total"], { inputs: { count: 3, offset: 10 } })).toEqual({ total: 44 });
  });

  it("keeps the block's nodes visible, marked per item, with the compiled collect node reading the items", () => {
    expect(dr.node("squared").role).toBe("parallel-item");
    expect(dr.node("shifted").group).toBe("for each numbers");
    expect(dr.node("total").parallel).toBe("collect");
    expect(dr.node("total").gathers).toBe("shifted");
    expect(dr.node("total").dependencies.map((d) => d.name)).toEqual(["numbers", "offset"]);
    expect(dr.node("numbers").parallel).toBe("expand");
    const dot = dr.toDot();
    expect(dot).toContain(`"shifted" -> "total" [style="dashed", arrowhead="crow"`);
    expect(dot).toMatch(/"numbers" \[[^\]]*peripheries="2", color="#2e7d32"/);
  });

  it("gives the items themselves when the items node is requested", async () => {
    expect(await dr.execute(["numbers"], { inputs: { count: 3 } })).toEqual({ numbers: [1, 2, 3] });
  });

  it("refuses to request or override a per-item node, naming the collecting nodes", async () => {
    const requested = await caught(dr.execute(["squared"], { inputs: { count: 2 } }));
    expect(requested).toMatchObject({ code: "invalid_argument", node: "squared" });
    expect(requested.message).toContain(`requests "squared", which runs once per item of a parallelizable node`);
    const overridden = await caught(dr.execute(["total"], { inputs: { count: 2, offset: 0 }, overrides: { shifted: 1 } }));
    expect(overridden).toMatchObject({ code: "invalid_argument", node: "shifted" });
    expect(overridden.details?.collectors).toEqual(["total", "listing", "itemCount"]);
  });

  // Hamilton runs a chain whose parallelizable node is overridden as plain nodes, once
  // (examples/LLM_Workflows/langchain_comparison/hamilton_batch.py: "can still run single chain
  // with overrides"); a per-item node whose items the run makes has no single value.
  const CHAINS: readonly { outputs: string[]; overrides: Record<string, unknown>; inputs?: Record<string, unknown>; result?: Record<string, unknown>; refused?: { node: string; requested: string[]; overridden: string[] } }[] = [
    { outputs: ["squared"], overrides: { numbers: 3 }, result: { squared: 9 } },
    { outputs: ["squared", "shifted"], overrides: { numbers: 3 }, inputs: { offset: 1 }, result: { squared: 9, shifted: 10 } },
    { outputs: ["shifted"], overrides: { squared: 4 }, inputs: { offset: 1 }, result: { shifted: 5 } },
    { outputs: ["shifted"], overrides: { squared: 4, numbers: 2 }, inputs: { offset: 1 }, result: { shifted: 5 } },
    { outputs: ["squared"], overrides: {}, inputs: { count: 2 }, refused: { node: "squared", requested: ["squared"], overridden: [] } },
    { outputs: ["shifted"], overrides: {}, inputs: { count: 2, offset: 0 }, refused: { node: "shifted", requested: ["shifted"], overridden: [] } },
    { outputs: ["total", "squared"], overrides: { numbers: [2] }, inputs: { offset: 0 }, refused: { node: "squared", requested: ["squared"], overridden: [] } },
    { outputs: ["total"], overrides: { squared: 1 }, inputs: { count: 2, offset: 0 }, refused: { node: "squared", requested: [], overridden: ["squared"] } },
  ];
  for (const chain of CHAINS) {
    it(`${chain.refused ? "refuses" : "runs once"}: ${chain.outputs.join(", ")} overriding ${Object.keys(chain.overrides).join(", ") || "nothing"}`, async () => {
      const run = dr.execute(chain.outputs, { inputs: chain.inputs ?? {}, overrides: chain.overrides });
      if (chain.result !== undefined) {
        expect(await run).toEqual(chain.result);
        return;
      }
      const error = await caught(run);
      expect(error).toMatchObject({ code: "invalid_argument", node: chain.refused!.node, details: { requested: chain.refused!.requested, overridden: chain.refused!.overridden } });
      expect(error.message).toContain("override the parallelizable node with one item");
    });
  }

  it("lets the items be overridden, and the collecting node too", async () => {
    expect(await dr.execute(["total"], { inputs: { offset: 1 }, overrides: { numbers: [5] } })).toEqual({ total: 26 });
    expect(await dr.execute(["total"], { overrides: { total: 0 } })).toEqual({ total: 0 });
  });

  it("names the per-item node and the item when one fails", async () => {
    const built = await buildSource(`
export const items = ff.parallelizable((n: number): number[] => [1, 2, 3].slice(0, n));
export function inverse(items: number): number { if (items === 2) throw new Error("two"); return 1 / items; }
export const sum = ff.collect((inverse: number[]): number => inverse.reduce((a, b) => a + b, 0));`);
    const error = await caught(built.execute(["sum"], { inputs: { n: 3 } }));
    expect(error).toMatchObject({ code: "node_failed", node: "inverse", details: { item: 1, expand: "items", collect: "sum" } });
    expect(await built.execute(["sum"], { inputs: { n: 1 } })).toEqual({ sum: 1 });
  });
});

describe("parallel blocks with other modifiers", () => {
  it("checks a collected value: the collecting node is <fn>_raw, the check reads it", async () => {
    const built = await buildSource(`
export const items = ff.parallelizable((n: number): number[] => Array.from({ length: n }, (_, i) => i + 1));
export function doubled(items: number): number { return items * 2; }
export const checkedSum = ff.checkOutput({ range: [0, 10], importance: "fail" }, ff.collect((doubled: number[]): number => doubled.reduce((a, b) => a + b, 0)));`);
    expect(built.node("checkedSum_raw").parallel).toBe("collect");
    expect(await built.execute(["checkedSum"], { inputs: { n: 2 } })).toEqual({ checkedSum: 6 });
    const error = await caught(built.execute(["checkedSum"], { inputs: { n: 3 } }));
    expect(error.code).toBe("check_failed");
  });
});

describe("parallel misuse", () => {
  it("rejects a collect with no parallelizable node upstream", async () => {
    const error = await caught(buildSource(`export const bad = ff.collect((x: number[]): number => x.length);`));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "bad" });
    expect(error.message).toContain(`collect gathers "x", but no parallelizable node lies upstream of it`);
  });

  it("keeps a node that reads per-item values without a collect (as Hamilton does), but refuses to request it", async () => {
    const dr = await buildSource(`export const items = ff.parallelizable((): number[] => [1]);\nexport function leak(items: number): number { return items; }`);
    expect(dr.node("leak").role).toBe("parallel-item");
    const error = await caught(dr.execute(["leak"]));
    expect(error).toMatchObject({ code: "invalid_argument", node: "leak" });
    expect(error.message).toContain("runs once per item of a parallelizable node");
  });

  it("rejects nested fan-outs and an unknown collect parameter", async () => {
    const nested = await caught(
      buildSource(`export const outer = ff.parallelizable((): number[] => [1]);
export const inner = ff.parallelizable((outer: number): number[] => [outer]);
export const all = ff.collect((inner: number[]): number => inner.length);`),
    );
    // inner reads outer's items and is itself parallelizable (blocks in a row are allowed, nesting is not).
    expect(nested.message).toContain("is itself parallelizable; nested fan-outs are not supported");
    const unknown = await caught(buildSource(`export const bad = ff.collect("nope", (x: number[]): number => x.length);`));
    expect(unknown.message).toContain(`collect gathers "nope", which is not a parameter of "bad"`);
  });
});
