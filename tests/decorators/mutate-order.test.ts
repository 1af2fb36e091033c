/**
 * Where a mutation acts among its target's own modifiers, as in Hamilton (`mutate` appends its
 * step to the target's `pipe_output`, or wraps the target in a new outermost one): after the
 * target's output pipe's steps, and after its extractFields and checkOutput. Each case uses
 * steps that do not commute, so the values tell the order apart.
 */
import { afterAll, describe, expect, it } from "vitest";
import { buildSource, removeInlineModules } from "./support/build.ts";

afterAll(removeInlineModules);

describe("mutate acts after the target's own transforms", () => {
  it("extends the target's pipeOutput after that pipe's steps (raw → pipe steps → mutation → t)", async () => {
    const dr = await buildSource(`
function plusOne(x: number): number { return x + 1; }
export const data = ff.pipeOutput(ff.step(plusOne), (): number => 2);
export const tenfold = ff.mutate([data], (x: number): number => x * 10);
`);
    const wiring = Object.fromEntries(dr.listNodes().map((node) => [node.name, node.dependencies.map((dependency) => dependency.name)]));
    expect(wiring["data.with_plusOne"]).toEqual(["data.raw"]);
    expect(wiring["data.with_tenfold"]).toEqual(["data.with_plusOne"]);
    expect(await dr.execute(["data"])).toEqual({ data: 30 });
  });

  it("acts on each extracted field when untargeted, and on the one .onOutput names", async () => {
    const everyField = await buildSource(`
export const parts = ff.extractFields({ low: "number", high: "number" }, (): { low: number; high: number } => ({ low: 1, high: 5 }));
export const tenfold = ff.mutate([parts], (x: number): number => x * 10);
`);
    expect(await everyField.execute(["low", "high"])).toEqual({ low: 10, high: 50 });
    const oneField = await buildSource(`
export const parts = ff.extractFields({ low: "number", high: "number" }, (): { low: number; high: number } => ({ low: 1, high: 5 }));
export const tenfold = ff.mutate([ff.applyTo(parts).onOutput("high")], (x: number): number => x * 10);
`);
    expect(await oneField.execute(["low", "high"])).toEqual({ low: 1, high: 50 });
  });

  it("follows checkOutput: the check sees the value before the mutation", async () => {
    const dr = await buildSource(`
export const share = ff.checkOutput({ range: [0, 1], importance: "fail" }, (): number => 0.5);
export const asPercent = ff.mutate([share], (x: number): number => x * 100);
`);
    // Checked before the mutation, 0.5 is in range; checked after, 50 would fail the build's run.
    expect(await dr.execute(["share"])).toEqual({ share: 50 });
  });
});
