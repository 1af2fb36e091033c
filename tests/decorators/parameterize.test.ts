import { afterAll, describe, expect, it } from "vitest";
import { buildFixture, buildSource, caught, removeInlineModules } from "./support/build.ts";

afterAll(removeInlineModules);

const dr = await buildFixture("parameterize", { taxRate: 0.1 });
const names = dr.listNodes().map((node) => node.name);

describe("parameterize", () => {
  it("makes one node per output and none under the function's own name", () => {
    expect(names).toEqual(expect.arrayContaining(["usScaled", "euScaled", "usDoubled", "euDoubled", "low", "high"]));
    expect(names).not.toContain("scaledSales");
    expect(names).not.toContain("doubled");
    expect(names).not.toContain("level");
  });

  it("binds sources and values; unbound parameters stay dependencies (optional ones keep their default); a source names the parameter it fills", async () => {
    expect(dr.node("usScaled").dependencies.map((d) => d.name)).toEqual(["usSales"]);
    expect(dr.node("euScaled").dependencies).toEqual([
      { name: "euSales", type: "number", optional: false, boundFrom: "sales" },
      { name: "factor", type: "number", optional: true },
    ]);
    expect(await dr.execute(["usScaled", "euScaled", "usDoubled", "euDoubled"])).toEqual({ usScaled: 200, euScaled: 80, usDoubled: 200, euDoubled: 160 });
  });

  it("fills {param} and {outputName} in the doc, or uses the output's own doc", () => {
    expect(dr.node("usScaled").doc).toBe("Sales of usSales times 2, as usScaled.");
    expect(dr.node("euScaled").doc).toBe("EU sales, unscaled.");
    expect(dr.node("low").doc).toBe("The base at level 1.");
    expect(dr.node("high").doc).toBe("The high level.");
  });

  it("groups expanded nodes under their function (for DOT)", () => {
    expect(dr.node("usScaled").group).toBe("scaledSales");
    expect(dr.toDot()).toContain(`subgraph "cluster_scaledSales"`);
  });

  it("parameterizeValues binds one parameter to literals", async () => {
    expect(await dr.execute(["low", "high"], { inputs: { base: 3 } })).toEqual({ low: 3, high: 30 });
  });
});

describe("inject and dependency specs", () => {
  it("keeps the function's name and passes groups as lists and records", async () => {
    expect(await dr.execute(["totalSales", "salesRecord"])).toEqual({ totalSales: 180, salesRecord: "us=100,bonus=5" });
    expect(dr.node("totalSales").dependencies.map((d) => d.name)).toEqual(["usSales", "euSales"]);
  });

  it("reads configuration(...) when the graph is built", async () => {
    expect(await dr.execute(["taxed"])).toEqual({ taxed: 10 });
    expect(dr.node("taxed").dependencies.map((d) => d.name)).toEqual(["usSales"]);
  });

  it("combines with parameterize (inject acts first)", async () => {
    expect(await dr.execute(["shiftedUp", "shiftedDown"])).toEqual({ shiftedUp: 101, shiftedDown: 99 });
    expect(dr.node("shiftedUp").doc).toBe("usSales moved by 1.");
  });
});

describe("parameterize misuse", () => {
  it("rejects a value that is not a dependency spec, naming the function", async () => {
    const error = await caught(buildSource(`export const bad = ff.parameterize({ out: { x: 3 as never } }, (x: number): number => x);`));
    expect(error.code).toBe("invalid_modifier");
    expect(error.node).toBe("bad");
    expect(error.message).toContain(`output "out", parameter "x" is the number 3, not a dependency spec`);
  });

  it("rejects a binding that names no parameter, with a suggestion", async () => {
    const error = await caught(buildSource(`export const bad = ff.parameterize({ out: { valu: ff.value(1) } }, (value: number): number => value);`));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "bad" });
    expect(error.message).toContain(`binds "valu", which is not a parameter of "bad" (did you mean "value"?)`);
  });

  it("rejects two expanders on one function", async () => {
    const error = await caught(
      buildSource(`export const bad = ff.parameterize({ a: {} }, ff.parameterizeValues("x", { b: 1 }, (x: number): number => x));`),
    );
    expect(error).toMatchObject({ code: "invalid_modifier", node: "bad" });
    expect(error.message).toContain(`parameterize and parameterizeValues both act in the "expand" phase`);
  });

  it("rejects an empty parameterization and a missing config key", async () => {
    expect(await caught(buildSource(`export const bad = ff.parameterize({}, (x: number): number => x);`))).toMatchObject({
      code: "invalid_modifier",
      node: "bad",
    });
    const error = await caught(buildSource(`export const bad = ff.inject({ x: ff.configuration("nope") }, (x: number): number => x);`));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "bad" });
    expect(error.message).toContain(`config key "nope"`);
  });

  it("rejects a non-string source in parameterizeSources and a group inside a group", async () => {
    expect((await caught(buildSource(`export const bad = ff.parameterizeSources({ o: { x: 1 as never } }, (x: number): number => x);`))).message).toContain(
      `must name a node (a string)`,
    );
    const nested = await caught(buildSource(`export const bad = ff.inject({ x: ff.group(ff.group(ff.value(1)) as never) }, (x: number[]): number => x.length);`));
    expect(nested.message).toContain("a group holding another group");
  });

  it("rejects a wrapper whose last argument is not a function when the module is imported", async () => {
    const error = await caught(buildSource(`export const bad = ff.inject({ x: ff.value(1) }, 3 as never);`));
    expect(error.code).toBe("module_load_failed");
    expect((error.cause as { code?: string }).code).toBe("invalid_modifier");
  });
});
