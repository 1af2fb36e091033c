/**
 * withCache behaviours on a `loadFrom` loader: as in Hamilton, a behaviour named by the loaded
 * parameter (`raw_data`) reaches the nodes that read and select it (`total.load_data.raw_data`,
 * `total.select_data.raw_data`), since Hamilton resolves a `@load_from` loader's behaviour from
 * its `hamilton.data_loader.node` tag, the parameter's name (hamilton/caching/adapter.py,
 * resolve_behaviors). The file changes between the two runs, so a loader that hits reads stale data.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Builder, type CacheOptions } from "funcflow";

const MODULE = new URL("../fixtures/cache/load-from-behaviors.ts", import.meta.url);
const LOAD = "total.load_data.raw_data";
const SELECT = "total.select_data.raw_data";
const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

async function twoRuns(cache: Omit<CacheOptions, "dir">) {
  const dir = await mkdtemp(join(tmpdir(), "funcflow-load-from-behaviors-"));
  folders.push(dir);
  const location = join(dir, "raw.json");
  await writeFile(location, JSON.stringify([1, 10]));
  const dr = await new Builder().withModules(MODULE).withCache({ dir: join(dir, "cache"), ...cache }).build();
  const first = await dr.execute(["total"], { inputs: { location } });
  await writeFile(location, JSON.stringify([2, 10]));
  const second = await dr.execute(["total"], { inputs: { location } });
  const events = dr.lastCacheRun()!.events.filter((event) => event.kind === "hit" || event.kind === "miss" || event.kind === "bypassed");
  return { first: first.total as number, second: second.total as number, secondRun: Object.fromEntries(events.map((event) => [event.node, event.kind === "hit" ? "hit" : event.reason])) };
}

describe("withCache behaviours on a loadFrom loader, named by the loaded parameter", () => {
  it("behaviors { raw_data: \"recompute\" } reads the file again on every run", async () => {
    const { first, second, secondRun } = await twoRuns({ behaviors: { raw_data: "recompute" } });
    expect([first, second]).toEqual([11, 12]);
    expect(secondRun).toMatchObject({ [LOAD]: "recompute", [SELECT]: "recompute", total: "input_changed" });
  });

  it("behaviors { raw_data: \"disable\" } bypasses the cache for the loader and its selector", async () => {
    const { second, secondRun } = await twoRuns({ behaviors: { raw_data: "disable" } });
    expect(second).toBe(12);
    expect(secondRun).toMatchObject({ [LOAD]: "disable", [SELECT]: "disable" });
  });

  it("a behaviour naming the loader itself wins over the parameter's", async () => {
    const { first, second, secondRun } = await twoRuns({ behaviors: { raw_data: "recompute", [LOAD]: "default" } });
    expect(second).toBe(first);
    expect(secondRun[LOAD]).toBe("hit");
  });

  it("without behaviours the loader's result is reused: the changed file is not read", async () => {
    const { first, second, secondRun } = await twoRuns({});
    expect(second).toBe(first);
    expect(secondRun).toMatchObject({ [LOAD]: "hit", total: "hit" });
  });

  it("a name that is neither a node nor a loaded parameter is still unknown_node", async () => {
    await expect(twoRuns({ behaviors: { raw_dat: "recompute" } })).rejects.toMatchObject({ code: "unknown_node", message: expect.stringContaining("raw_data") });
  });
});
