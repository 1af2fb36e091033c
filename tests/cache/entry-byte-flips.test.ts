/**
 * Every byte of a stored entry is covered: flipping any bit of any byte (the marker, the header
 * checksum, the JSON header, its padding, the payload) makes the entry a miss that is reported
 * (a `corrupt` event and a warning), recomputed, and replaced by the original bytes. It is
 * never served as a hit with a wrong value. Exhaustive over the JSON entry; over the typed-array
 * and Arrow entries (same framing, bigger payloads), sampled by fast-check with a fixed seed.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { removeScratchFolders, scratchFolder } from "./cache-fixture.ts";

afterAll(removeScratchFolders);

const module = new URL("../fixtures/store/stored-values.ts", import.meta.url);

async function setUp(node: string) {
  const dir = join(scratchFolder(), "cache");
  const warnings: string[] = [];
  const dr = await new Builder().withModules(module).withManifestCache(false).withCache({ dir, onWarning: (message) => warnings.push(message) }).build();
  const expected = await dr.execute([node], { inputs: { seed: 3 } });
  const file = readdirSync(join(dir, node)).find((name) => name.endsWith(".entry"))!;
  const path = join(dir, node, file);
  const original = readFileSync(path);
  const headerEnd = original.indexOf(10, original.indexOf(10) + 1) + 1;
  /** Flips `mask` in byte `at`, runs again, and checks the damage was caught and repaired. */
  const flip = async (at: number, mask: number) => {
    const damaged = Buffer.from(original);
    damaged[at]! ^= mask;
    writeFileSync(path, damaged);
    warnings.length = 0;
    const result = await dr.execute([node], { inputs: { seed: 3 } });
    expect(comparable(result), `byte ${at} ^ ${mask}`).toEqual(comparable(expected));
    const kinds = dr.lastCacheRun()!.events.filter((event) => event.node === node).map((event) => event.kind);
    expect(kinds, `byte ${at} ^ ${mask}`).toContain("corrupt");
    expect(kinds).toContain("stored");
    expect(dr.lastCacheRun()!.misses).toEqual([node]);
    expect(warnings).toEqual([expect.stringContaining(`the entry of node "${node}"`)]);
    expect(readFileSync(path).equals(original), `byte ${at} ^ ${mask}: the entry is replaced`).toBe(true);
  };
  return { original, headerEnd, flip };
}

/** Arrow Tables compared by their rows, typed arrays by their values. */
function comparable(result: Record<string, unknown>): unknown {
  return Object.fromEntries(
    Object.entries(result).map(([key, value]) => {
      const table = value as { toArray?: () => unknown[]; schema?: unknown };
      if (table.schema !== undefined && typeof table.toArray === "function") return [key, table.toArray().map((row) => JSON.stringify(row))];
      return [key, ArrayBuffer.isView(value) ? [value.constructor.name, ...Array.from(value as Float64Array)] : value];
    }),
  );
}

describe("cache entries: every flipped byte is a reported, recomputed and replaced miss", () => {
  it("a JSON entry, every byte (one random bit each)", async () => {
    const { original, flip } = await setUp("record");
    const masks = fc.sample(fc.integer({ min: 0, max: 7 }), { numRuns: original.byteLength, seed: 12 });
    for (let at = 0; at < original.byteLength; at++) await flip(at, 1 << masks[at]!);
  }, 120_000);

  it.each(["samples", "frame"])("a %s entry: header and payload bytes chosen by fast-check", async (node) => {
    const { original, headerEnd, flip } = await setUp(node);
    const header = fc.integer({ min: 0, max: headerEnd - 1 });
    const payload = fc.integer({ min: headerEnd, max: original.byteLength - 1 });
    await fc.assert(fc.asyncProperty(fc.oneof(header, payload), fc.integer({ min: 1, max: 255 }), (at, mask) => flip(at, mask)), { numRuns: 60, seed: 7 });
  }, 120_000);
});
