import { describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { timingReport } from "funcflow/adapters";

const basicUrl = new URL("../fixtures/modules/basic.ts", import.meta.url);
const build = (builder = new Builder()) => builder.withModules(basicUrl).withConfig({ language: "fr" }).withManifestCache(false).build();

function listen() {
  const heard: [string, number][] = [];
  return { heard, onNodeTimed: (node: string, durationMs: number) => void heard.push([node, durationMs]) };
}

describe("driver.execute with onNodeTimed", () => {
  it("hears every node the request runs once, in settling order, with its wall time (an async node's until it settles)", async () => {
    const dr = await build();
    const { heard, onNodeTimed } = listen();
    const result = await dr.execute(["e"], { inputs: { a: 1 }, onNodeTimed });
    expect(result).toEqual({ e: 112 });
    expect(heard.map(([node]) => node)).toEqual(["b", "c", "d", "e"]);
    for (const [, ms] of heard) expect(ms).toBeGreaterThanOrEqual(0);
  });

  it("times an async node until it settles, not just its synchronous call", async () => {
    const dr = await new Builder().withModules(new URL("../fixtures/modules/settles-late.ts", import.meta.url)).withManifestCache(false).build();
    const { heard, onNodeTimed } = listen();
    expect(await dr.execute(["settlesLate"], { inputs: { start: 1 }, onNodeTimed })).toEqual({ settlesLate: 2 });
    expect(heard).toHaveLength(1);
    expect(heard[0]![1]).toBeGreaterThanOrEqual(5);
  });

  it("hears nothing of overridden or unneeded nodes, and a request without it is unchanged", async () => {
    const dr = await build();
    const { heard, onNodeTimed } = listen();
    await dr.execute(["e"], { overrides: { b: 10 }, onNodeTimed });
    expect(heard.map(([node]) => node)).toEqual(["c", "d", "e"]);
    expect(await dr.execute(["e"], { inputs: { a: 1 } })).toEqual({ e: 112 });
    expect(heard).toHaveLength(3);
  });

  it("times a node that throws or rejects, and the failure is still node_failed naming it", async () => {
    const dr = await new Builder().withModules(new URL("../fixtures/modules/failing.ts", import.meta.url)).withManifestCache(false).build();
    const { heard, onNodeTimed } = listen();
    await expect(dr.execute(["explodes"], { inputs: { a: 1 }, onNodeTimed })).rejects.toMatchObject({ code: "node_failed", node: "explodes" });
    await expect(dr.execute(["afterRejects"], { inputs: { a: 1 }, onNodeTimed })).rejects.toMatchObject({ code: "node_failed", node: "rejects" });
    expect(heard.map(([node]) => node)).toEqual(["fine", "explodes", "fine", "rejects"]);
  });

  it("works on the hooked path too (a Driver with adapters), once per node", async () => {
    const dr = await build(new Builder().withAdapters(timingReport()));
    const { heard, onNodeTimed } = listen();
    expect(await dr.execute(["e"], { inputs: { a: 1 }, onNodeTimed })).toEqual({ e: 112 });
    expect(heard.map(([node]) => node).sort()).toEqual(["b", "c", "d", "e"]);
  });
});
