/**
 * A Parallelizable block under withCache: funcflow caches the fan-out by its key like any node
 * (Hamilton always recomputes it; docs/hamilton.md says why funcflow does not).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { Builder } from "funcflow";

it("a cached fan-out: the same n hits item and total, a new n misses both with input_changed, and the sums are right", async () => {
  const dir = await mkdtemp(join(tmpdir(), "funcflow-fan-out-cache-"));
  try {
    const dr = await new Builder().withModules(new URL("../fixtures/cache/fan-out.ts", import.meta.url)).withCache({ dir }).build();
    const runs = [];
    for (const n of [3, 3, 4]) {
      const { total } = await dr.execute(["total"], { inputs: { n } });
      const events = dr.lastCacheRun()!.events.filter((event) => event.kind === "hit" || event.kind === "miss");
      runs.push({ total, events: events.map((event) => `${event.node}:${event.kind === "miss" ? event.reason : "hit"}`) });
    }
    expect(runs).toEqual([
      { total: 1 + 4 + 9, events: ["item:no_entry", "total:no_entry"] },
      { total: 1 + 4 + 9, events: ["item:hit", "total:hit"] },
      { total: 1 + 4 + 9 + 16, events: ["item:input_changed", "total:input_changed"] },
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
