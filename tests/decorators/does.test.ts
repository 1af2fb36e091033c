import { afterAll, describe, expect, it } from "vitest";
import { buildFixture, buildSource, caught, removeInlineModules } from "./support/build.ts";

afterAll(removeInlineModules);

const dr = await buildFixture("does");

describe("does", () => {
  it("computes the node with another function, keeping the declared name, parameters and doc", async () => {
    expect(dr.node("total").dependencies.map((d) => d.name)).toEqual(["a", "b"]);
    expect(dr.node("total").doc).toBe("a plus b, computed by sumAll.");
    expect(await dr.execute(["total"], { inputs: { a: 2, b: 3 } })).toEqual({ total: 5 });
  });

  it("passes the arguments as one record, or in a chosen order", async () => {
    expect(await dr.execute(["described", "reversedDifference"], { inputs: { a: 2, b: 7 } })).toEqual({
      described: "a:2 b:7",
      reversedDifference: 5,
    });
  });

  it("rejects a mapping naming an unknown parameter, a non-function, and two creators", async () => {
    const unknown = await caught(buildSource(`export const bad = ff.does((x: number) => x, ["c"], (a: number): number => a);`));
    expect(unknown).toMatchObject({ code: "invalid_modifier", node: "bad" });
    expect(unknown.message).toContain(`does maps parameter "c"`);
    expect(await caught(buildSource(`export const bad = ff.does(3 as never, (a: number): number => a);`))).toMatchObject({ code: "invalid_modifier", node: "bad" });
    const twice = await caught(buildSource(`export const bad = ff.does((x: number) => x, ff.dataloader((a: number): [number, object] => [a, {}]));`));
    expect(twice.message).toContain(`does and dataloader both act in the "create" phase`);
  });
});
