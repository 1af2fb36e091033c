import { afterAll, describe, expect, it } from "vitest";
import { buildFixture, buildSource, caught, removeInlineModules } from "./support/build.ts";

afterAll(removeInlineModules);

describe("resolve", () => {
  it("applies the modifiers chosen from config when the graph is built", async () => {
    const dr = await buildFixture("resolve", { factors: [2, 3], owner: "ops" });
    expect(dr.listNodes().map((node) => node.name)).toEqual(expect.arrayContaining(["times2", "times3", "owned"]));
    expect(await dr.execute(["times2", "times3"], { inputs: { x: 5 } })).toEqual({ times2: 10, times3: 15 });
    expect(dr.node("owned").tags).toEqual({ module: expect.any(String), owner: "ops" });
  });

  it("gives a different graph under a different config", async () => {
    const dr = await buildFixture("resolve", { factors: [7], owner: "qa" });
    expect(dr.listNodes().map((node) => node.name)).toContain("times7");
    expect(dr.listNodes().map((node) => node.name)).not.toContain("times2");
  });

  it("fails naming the config key when it is unset", async () => {
    const error = await caught(buildFixture("resolve", { owner: "qa" }));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "scaled", configKey: "factors" });
  });

  it("uses a key's default when the config does not set it, and the config's value when it does", async () => {
    const source = `export const scaled = ff.resolve({ factors: [2] }, ({ factors }, fn) =>
      ff.parameterize(Object.fromEntries((factors as number[]).map((f) => [\`times\${f}\`, { factor: ff.value(f) }])), fn),
      (x: number, factor: number): number => x * factor);`;
    const byDefault = await buildSource(source);
    expect(await byDefault.execute(["times2"], { inputs: { x: 5 } })).toEqual({ times2: 10 });
    const configured = await buildSource(source.replace("scaled", "scaledToo"), { factors: [3, 4] });
    const names = configured.listNodes().map((node) => node.name);
    expect(names).toEqual(expect.arrayContaining(["times3", "times4"]));
    expect(names).not.toContain("times2");
    expect(await configured.execute(["times3", "times4"], { inputs: { x: 5 } })).toEqual({ times3: 15, times4: 20 });
  });

  it("names the missing key and both ways to set it", async () => {
    const error = await caught(buildFixture("resolve", { owner: "qa" }));
    expect(error.message).toMatch(/resolve needs config "factors".*withConfig.*--config.*resolve\(\{ factors: … \}/);
  });

  it("fails when decorateWith does not wrap the function it was given", async () => {
    const error = await caught(buildSource(`export const bad = ff.resolve([], () => ((x: number) => x) as never, (x: number): number => x);`));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "bad" });
    expect(error.message).toContain("decorateWith must return the function it was given wrapped in modifiers");
  });

  it("validates what it chose like any other modifier", async () => {
    const error = await caught(
      buildSource(`export const bad = ff.resolve([], (_c, fn) => ff.parameterize({ a: {} }, ff.parameterize({ b: {} }, fn)), (x: number): number => x);`),
    );
    expect(error.message).toContain("parameterize is applied more than once");
  });
});
