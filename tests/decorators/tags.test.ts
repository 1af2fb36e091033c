import { afterAll, describe, expect, it } from "vitest";
import { buildFixture, buildSource, caught, removeInlineModules } from "./support/build.ts";

afterAll(removeInlineModules);

const dr = await buildFixture("tags");
const named = (filter: Parameters<typeof dr.listNodes>[0]) => dr.listNodes(filter).map((node) => node.name);

describe("tag and tagOutputs", () => {
  it("tags the function's final nodes, and listNodes filters like Hamilton's tag filter", () => {
    expect(dr.node("revenue").tags).toEqual({ module: expect.any(String), owner: "finance", stage: ["report", "daily"] });
    expect(named({ tags: { stage: "daily" } })).toEqual(["revenue"]);
    expect(named({ tags: { owner: ["finance", "nobody"], stage: null } })).toEqual(["revenue"]);
  });

  it("tags the fields, not the object, after extractFields; tagOutputs tags one output", () => {
    expect(dr.node("mean").tags).toEqual({ module: expect.any(String), team: "data", unit: "usd" });
    expect(dr.node("max").tags).toEqual({ module: expect.any(String), team: "data" });
    expect(dr.node("stats").tags).toEqual({ module: expect.any(String) });
    expect(named({ tags: { team: "data" } })).toEqual(["mean", "max"]);
  });

  it('tags every node with target "*"', () => {
    expect(named({ tags: { audited: "yes" } })).toEqual(["everything", "part"]);
  });

  it("allows a reserved namespace only with bypassReservedNamespaces", async () => {
    expect(dr.node("reserved").tags).toEqual({ module: expect.any(String), "data_quality.source": "manual" });
    const error = await caught(buildSource(`export const bad = ff.tag({ "funcflow.secret": "x" }, (x: number): number => x);`));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "bad" });
    expect(error.message).toContain(`tag key "funcflow.secret" is in the reserved namespace "funcflow"`);
  });

  it("rejects invalid keys and values, and tagOutputs of a node the function does not make", async () => {
    expect((await caught(buildSource(`export const bad = ff.tag({ "not a key": "x" }, (x: number): number => x);`))).message).toContain(
      `tag key "not a key" is not an identifier or dotted path`,
    );
    expect((await caught(buildSource(`export const bad = ff.tag({ owner: ["a", "a"] }, (x: number): number => x);`))).message).toContain(
      "must be a string or a non-empty list of distinct strings",
    );
    const unknown = await caught(buildSource(`export const bad = ff.tagOutputs({ nope: { a: "b" } }, (x: number): number => x);`));
    expect(unknown).toMatchObject({ code: "invalid_modifier", node: "bad" });
    expect(unknown.message).toContain(`tagOutputs tags "nope", which this function does not make; it makes "bad"`);
  });
});

describe("schema", () => {
  it("records the declared columns and draws them in DOT", () => {
    expect(dr.node("salesTable").schema).toEqual([
      { name: "region", type: "utf8" },
      { name: "amount", type: "float64" },
    ]);
    expect(dr.toDot()).toContain(String.raw`label="salesTable\n: Table\n───\nregion: utf8\namount: float64"`);
  });

  it("rejects an empty column list", async () => {
    expect(await caught(buildSource(`export const bad = ff.schema({}, (x: number): number => x);`))).toMatchObject({ code: "invalid_modifier", node: "bad" });
  });
});
