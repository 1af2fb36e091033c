import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { Builder, type LifecycleAdapter, type NodeEndEvent } from "funcflow";
import { structuredLogging } from "funcflow/adapters";
import { calls, fixtureCopy, removeScratchFolders, resetCalls, scratchFolder } from "./cache-fixture.ts";

beforeEach(resetCalls);
afterAll(removeScratchFolders);

/** The files of one node's cache entries. */
function entriesOf(dir: string, node: string): string[] {
  return readdirSync(join(dir, "cache", node)).filter((file) => file.endsWith(".entry")).map((file) => join(dir, "cache", node, file));
}

function driver(module: URL, dir: string, ...adapters: LifecycleAdapter[]) {
  const builder = new Builder().withModules(module).withConfig({ rate: 0.1 }).withManifestCache(false).withCache({ dir: join(dir, "cache"), onWarning: () => {} });
  return (adapters.length > 0 ? builder.withAdapters(...adapters) : builder).build();
}

/** An adapter that keeps every afterNode event; it does not read values. */
function recorder(readsValues: boolean) {
  const events: NodeEndEvent[] = [];
  const adapter: LifecycleAdapter = { name: "recorder", readsValues, afterNode: (event) => void events.push(event) };
  return { adapter, events };
}

describe("withCache: a run computes and reads only what its outputs need", () => {
  it("driver.execute does not compute a node upstream of outputs that all hit, even when its own entry is gone", async () => {
    const dir = scratchFolder();
    const module = fixtureCopy(dir);
    const first = await (await driver(module, dir)).execute(["report"], { inputs: { seed: 3 } });
    // base, series and frame lose their entries: report (the output) and taxed still hit.
    for (const node of ["base", "series", "frame"]) for (const file of entriesOf(dir, node)) rmSync(file);
    resetCalls();
    const { adapter, events } = recorder(false);
    const dr = await driver(module, dir, adapter);
    expect(await dr.execute(["report"], { inputs: { seed: 3 } })).toEqual(first);
    expect(calls()).toEqual([]);
    const report = dr.lastCacheRun()!;
    expect(report.misses).toEqual([]);
    expect(report.hits).toEqual(["taxed", "report"]);
    // Nodes neither read nor computed reach no hook; the hits do, without their values.
    expect(events.map((event) => `${event.name}:${event.status}`)).toEqual(["taxed:cached", "report:cached"]);
    expect(events.every((event) => event.result === undefined)).toBe(true);
  });

  it("driver.execute computes a missing upstream node when an output needs it", async () => {
    const dir = scratchFolder();
    const module = fixtureCopy(dir);
    const first = await (await driver(module, dir)).execute(["report"], { inputs: { seed: 3 } });
    for (const node of ["report", "frame"]) for (const file of entriesOf(dir, node)) rmSync(file);
    resetCalls();
    const dr = await driver(module, dir);
    expect(await dr.execute(["report"], { inputs: { seed: 3 } })).toEqual(first);
    // report misses, so its inputs are needed: taxed is read, frame computed from series (read).
    expect(calls()).toEqual(["frame", "report"]);
    expect(dr.lastCacheRun()!.misses).toEqual(["frame", "report"]);
  });

  it("with structuredLogging, a fully cached run reads no intermediate entry", async () => {
    const dir = scratchFolder();
    const module = fixtureCopy(dir);
    const first = await (await driver(module, dir)).execute(["report"], { inputs: { seed: 3 } });
    // Damaged intermediates: reading any of them would report it corrupt and compute it again.
    for (const node of ["base", "taxed", "series", "frame"]) for (const file of entriesOf(dir, node)) writeFileSync(file, "damaged");
    resetCalls();
    const dr = await driver(module, dir, structuredLogging());
    expect(await dr.execute(["report"], { inputs: { seed: 3 } })).toEqual(first);
    expect(calls()).toEqual([]);
    expect(dr.lastCacheRun()!.events.filter((event) => event.kind !== "hit")).toEqual([]);
  });

  it("an adapter that reads values (the default) sees every cached value, so each is read", async () => {
    const dir = scratchFolder();
    const module = fixtureCopy(dir);
    await (await driver(module, dir)).execute(["taxed"], { inputs: { seed: 3 } });
    resetCalls();
    const { adapter, events } = recorder(true);
    const dr = await driver(module, dir, adapter);
    await dr.execute(["taxed"], { inputs: { seed: 3 } });
    expect(calls()).toEqual([]);
    expect(events.map((event) => [event.name, event.status, event.result])).toEqual([
      ["base", "cached", 7],
      ["taxed", "cached", 7 * 1.1],
    ]);
  });
});
