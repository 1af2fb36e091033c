/**
 * withCache behaviours on a `dataloader`: the name users give is `<fn>`, but `<fn>.loader` does
 * the reading, so a behaviour for `<fn>` reaches the loader too, as Hamilton's cache copies a
 * data loader's main-node behaviour to it (examples/caching/materializer_tutorial.ipynb:
 * `.with_cache(recompute=["raw_data"])` reloads the data).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Builder, type CacheOptions } from "funcflow";

const MODULE = new URL("../fixtures/cache/dataloader-behaviors.ts", import.meta.url);
const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

async function twoRuns(cache: Omit<CacheOptions, "dir">) {
  const dir = await mkdtemp(join(tmpdir(), "funcflow-loader-behaviors-"));
  folders.push(dir);
  const dr = await new Builder().withModules(MODULE).withCache({ dir, ...cache }).build();
  const first = await dr.execute(["total"]);
  const second = await dr.execute(["total"]);
  const events = dr.lastCacheRun()!.events.filter((event) => event.kind === "hit" || event.kind === "miss" || event.kind === "bypassed");
  return { first: first.total as number, second: second.total as number, secondRun: Object.fromEntries(events.map((event) => [event.node, event.kind === "hit" ? "hit" : event.reason])) };
}

describe("withCache behaviours on a dataloader", () => {
  it("behaviors { raw_data: \"recompute\" } reloads the data on every run: raw_data.loader recomputes too", async () => {
    const { first, second, secondRun } = await twoRuns({ behaviors: { raw_data: "recompute" } });
    expect(second).toBeGreaterThan(first);
    expect(secondRun).toMatchObject({ "raw_data.loader": "recompute", raw_data: "recompute", total: "input_changed" });
  });

  it("behaviors { raw_data: \"disable\" } bypasses the cache for the loader as well", async () => {
    const { secondRun } = await twoRuns({ behaviors: { raw_data: "disable" } });
    expect(secondRun).toMatchObject({ "raw_data.loader": "disable", raw_data: "disable" });
  });

  it("a behaviour naming the loader itself wins over its data node's", async () => {
    const { first, second, secondRun } = await twoRuns({ behaviors: { raw_data: "recompute", "raw_data.loader": "default" } });
    expect(second).toBe(first);
    expect(secondRun["raw_data.loader"]).toBe("hit");
  });

  it("without behaviours the loader's result is reused, as any node's", async () => {
    const { first, second, secondRun } = await twoRuns({});
    expect(second).toBe(first);
    expect(secondRun).toMatchObject({ total: "hit" });
  });
});
