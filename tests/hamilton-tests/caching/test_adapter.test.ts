/**
 * Follows Hamilton's tests/caching/test_adapter.py and the store tests (tests/caching/
 * metadata_store/*, result_store/*, test_result_store.py), facts only, through funcflow's
 * public surface: `withCache({ store | dir })`, `diskStore`, `lastCacheRun()`.
 *
 * Hamilton's adapter keeps two stores (metadata: cache key → data version, per run id; results:
 * data version → value). funcflow keeps one `CacheStore` of entries by node and key, plus each
 * node's last key (to say why a node missed). So the facts ported are: a node's behaviour comes
 * from the source tag unless withCache names it; a value stored is what the next Driver reads;
 * storing the same key twice keeps one entry; an entry that is gone or unusable is computed
 * again and replaced, never served; the store's own failures never fail a run; each run has its
 * own id, the one the adapters see, and its report names each decision's key. Not ported:
 * Hamilton's store internals (`delete_all`, `get_run` of an unknown id raising IndexError,
 * SQLite, per-node materializer formats and the DataSaver/DataLoader classes behind them, the
 * in-memory data-version shortcut): funcflow has no per-run metadata store and no `@cache(format=)`.
 */
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { Builder, diskStore, type CacheBehavior, type CacheStore, type StoredEntry } from "funcflow";
import { scratchFolder, removeScratchFolders } from "../../cache/cache-fixture.ts";
import { cachedDriver, calls, decisions, inlineModule, MemoryStore, removeInlineModules, resetCalls } from "./support.ts";

beforeEach(resetCalls);
afterAll(() => {
  removeInlineModules();
  removeScratchFolders();
});

const FOO = `export function foo(): string { track("foo"); return "hello-world"; }\nexport function bar(foo: string): number { track("bar"); return foo.length; }`;

describe("behaviour resolution (test_cache_tag_resolved, test_default_behavior, test_driver_behavior_overrides_cache_tag)", () => {
  const expected: Record<CacheBehavior, string> = { default: "no_entry", recompute: "recompute", disable: "disable", ignore: "ignore" };

  it.each(Object.entries(expected))("cacheBehavior(%j) in the source gives that behaviour (first run: %s)", async (behavior, decision) => {
    const module = inlineModule(`export const foo = ff.cacheBehavior(${JSON.stringify(behavior)}, function foo(): string { track("foo"); return "hello-world"; });`);
    const dr = await cachedDriver(module, new MemoryStore());
    expect(dr.node("foo").tags).toMatchObject({ "funcflow.cache": behavior });
    await dr.execute(["foo"]);
    expect(decisions(dr.lastCacheRun()?.events)).toEqual({ foo: decision });
  });

  it("a node without the tag has the default behaviour; defaultBehavior changes that, and a tag or withCache's behaviours win over it", async () => {
    const module = inlineModule(`${FOO}\nexport const baz = ff.cacheBehavior("default", function baz(): number { track("baz"); return 1; });`);
    const store = new MemoryStore();
    const first = await cachedDriver(module, store);
    await first.execute(["bar", "baz"]);
    expect(decisions(first.lastCacheRun()?.events)).toEqual({ foo: "no_entry", bar: "no_entry", baz: "no_entry" });
    const second = await cachedDriver(module, store, { defaultBehavior: "recompute", behaviors: { bar: "default" } });
    resetCalls();
    await second.execute(["bar", "baz"]);
    expect(decisions(second.lastCacheRun()?.events)).toEqual({ foo: "recompute", bar: "input_changed", baz: "hit" });
    const third = await cachedDriver(module, store, { behaviors: { baz: "disable" } });
    await third.execute(["baz"]);
    expect(decisions(third.lastCacheRun()?.events)).toEqual({ baz: "disable" });
  });
});

describe("stored values (test_post_node_execute_set_result, result_store test_set/test_get/test_exists)", () => {
  it("each computed node's value is stored under the key its run reported, and the next Driver reads it by that key", async () => {
    const store = new MemoryStore();
    const module = inlineModule(FOO);
    const first = await cachedDriver(module, store);
    await first.execute(["bar"]);
    const stored = first.lastCacheRun()!.events.filter((event) => event.kind === "stored");
    expect(stored.map((event) => event.node).sort()).toEqual(["bar", "foo"]);
    for (const event of stored) expect(await store.has(event.node, event.key)).toBe(true);
    const second = await cachedDriver(module, store);
    expect(await second.execute(["foo", "bar"])).toEqual({ foo: "hello-world", bar: 11 });
    const hits = second.lastCacheRun()!.events.filter((event) => event.kind === "hit");
    expect(Object.fromEntries(hits.map((event) => [event.node, event.key]))).toEqual(Object.fromEntries(stored.map((event) => [event.node, event.key])));
  });

  it("the format follows the value: JSON for plain data, raw bytes for a typed array, Arrow IPC for a table (test_save_and_load_materializer)", async () => {
    const module = inlineModule(`import { tableFromArrays, type Table } from "apache-arrow";
export function plain(): { key1: string; key2: number } { return { key1: "value1", key2: 2 }; }
export function tuple(): [string, string, string] { return ["value1", "value2", "value3"]; }
export function bytes(): Float64Array { return new Float64Array([1, 2]); }
export function table(): Table { return tableFromArrays({ a: Float64Array.from([1, 2]) }); }`);
    const store = new MemoryStore();
    const dr = await cachedDriver(module, store);
    const computed = await dr.execute(["plain", "tuple", "bytes", "table"]);
    const formats = Object.fromEntries(dr.lastCacheRun()!.events.flatMap((event) => (event.kind === "stored" ? [[event.node, event.format]] : [])));
    expect(formats).toEqual({ plain: "json", tuple: "json", bytes: "typed-array", table: "arrow-table" });
    const read = await (await cachedDriver(module, store)).execute(["plain", "tuple", "bytes", "table"]);
    expect(read.plain).toEqual(computed.plain);
    expect(read.tuple).toEqual(computed.tuple);
    expect(read.bytes).toEqual(computed.bytes);
    expect(String(read.table)).toBe(String(computed.table));
  });

  it("storing a node again under the same key keeps one entry (test_set_doesnt_produce_duplicates)", async () => {
    const store = new MemoryStore();
    const module = inlineModule(FOO);
    for (let i = 0; i < 3; i++) await (await cachedDriver(module, store, { behaviors: { foo: "recompute" } })).execute(["foo"]);
    expect(store.keysOf("foo")).toHaveLength(1);
    expect(calls()).toEqual(["foo", "foo", "foo"]);
  });
});

describe("entries that are gone or unusable (test_run_to_execute_repo_cache_desync)", () => {
  /** A store wrapping another, with some operations replaced. */
  const wrapped = (inner: CacheStore, replace: Partial<CacheStore>): CacheStore => ({
    read: (node, key) => inner.read(node, key),
    has: (node, key) => inner.has(node, key),
    write: (node, key, bytes) => inner.write(node, key, bytes),
    readNote: (node) => inner.readNote(node),
    writeNote: (node, text) => inner.writeNote(node, text),
    ...replace,
  });

  async function primed() {
    const store = new MemoryStore();
    const module = inlineModule(FOO);
    await (await cachedDriver(module, store)).execute(["bar"]);
    resetCalls();
    return { store, module };
  }

  it("an entry deleted while the node's last key still names it: entry_missing, computed, stored again", async () => {
    const { store, module } = await primed();
    for (const id of [...store.entries.keys()]) if (id.startsWith("bar\u0000")) store.entries.delete(id);
    const dr = await cachedDriver(module, store);
    expect(await dr.execute(["bar"])).toEqual({ bar: 11 });
    expect(calls()).toEqual(["bar"]);
    expect(decisions(dr.lastCacheRun()?.events)).toEqual({ foo: "hit", bar: "entry_missing" });
    expect(store.keysOf("bar")).toHaveLength(1);
  });

  it("an entry the store says exists but cannot read back (gone between the check and the read): computed and stored again, the right value returned", async () => {
    const { store, module } = await primed();
    const vanished = new Set<string>();
    const racing = wrapped(store, {
      read: async (node, key): Promise<StoredEntry | undefined> => (vanished.has(node) ? undefined : store.read(node, key)),
    });
    vanished.add("bar");
    const dr = await new Builder().withModules(module).withManifestCache(false).withCache({ store: racing, onWarning: () => {} }).build();
    expect(await dr.execute(["bar"])).toEqual({ bar: 11 });
    expect(calls()).toEqual(["bar"]);
    expect(dr.lastCacheRun()!.misses).toEqual(["bar"]);
  });

  it.each([
    ["bytes flipped", (bytes: Uint8Array) => bytes.map((byte, i) => (i === bytes.length - 1 ? byte ^ 1 : byte))],
    ["truncated", (bytes: Uint8Array) => bytes.subarray(0, bytes.length - 3)],
    ["emptied", () => new Uint8Array(0)],
  ])("an entry %s: corrupt_entry, computed, replaced, with one warning naming the node; never a wrong value", async (_, damage) => {
    const { store, module } = await primed();
    for (const [id, bytes] of store.entries) if (id.startsWith("foo\u0000")) store.entries.set(id, damage(bytes));
    const warnings: string[] = [];
    const dr = await cachedDriver(module, store, { onWarning: (message) => warnings.push(message) });
    expect(await dr.execute(["foo"])).toEqual({ foo: "hello-world" });
    expect(calls()).toEqual(["foo"]);
    expect(decisions(dr.lastCacheRun()?.events)).toEqual({ foo: "corrupt_entry" });
    expect(warnings).toEqual([expect.stringContaining('"foo"')]);
    resetCalls();
    expect(await (await cachedDriver(module, store)).execute(["foo"])).toEqual({ foo: "hello-world" });
    expect(calls()).toEqual([]);
  });

  it("a store that fails to read, check or write never fails the run: the node is computed and the failed write reported", async () => {
    const { store, module } = await primed();
    const broken = wrapped(store, {
      read: () => Promise.reject(new Error("disk on fire")),
      has: () => Promise.reject(new Error("disk on fire")),
      write: () => Promise.reject(new Error("disk full")),
    });
    const dr = await new Builder().withModules(module).withManifestCache(false).withCache({ store: broken, onWarning: () => {} }).build();
    expect(await dr.execute(["bar"])).toEqual({ bar: 11 });
    expect(calls()).toEqual(["bar", "foo"]);
    expect(dr.lastCacheRun()!.events).toContainEqual(expect.objectContaining({ kind: "not_stored", node: "bar", reason: "write_failed", detail: expect.stringContaining("disk full") }));
  });
});

describe("runs (metadata_store test_get_run_ids_returns_ordered_list, test_get_run_results_include_cache_key_and_data_version)", () => {
  it("each run has its own id, the one adapters see; its report names the key of every decision", async () => {
    const module = inlineModule(FOO);
    const seen: string[] = [];
    const dr = await new Builder()
      .withModules(module)
      .withManifestCache(false)
      .withAdapters({ name: "run ids", beforeGraph: (event) => void seen.push(event.runId) })
      .withCache({ store: new MemoryStore() })
      .build();
    expect(dr.lastCacheRun()).toBeUndefined(); // a new cache has no run (test_initialize_empty)
    const reports = [];
    for (let i = 0; i < 3; i++) {
      await dr.execute(["bar"]);
      reports.push(dr.lastCacheRun()!);
    }
    expect(reports.map((report) => report.runId)).toEqual(seen);
    expect(new Set(seen).size).toBe(3);
    for (const report of reports) {
      for (const event of report.events) {
        expect(event.runId).toBe(report.runId);
        if (event.kind === "hit" || event.kind === "stored") expect(event.key).toMatch(/^[0-9a-f]{40}$/);
      }
    }
    expect([...reports[1]!.hits].sort()).toEqual(["bar", "foo"]);
  });
});

describe("a store that outlives its Driver (metadata/result store test_persist_to, test_load_from)", () => {
  it("entries copied from a store of one's own into diskStore(dir) are read by withCache({ dir }) in a new Driver", async () => {
    const memory = new MemoryStore();
    const module = inlineModule(FOO);
    await (await cachedDriver(module, memory)).execute(["bar"]);
    const dir = join(scratchFolder(), "cache");
    const disk = diskStore(dir);
    expect(await disk.has("bar", memory.keysOf("bar")[0]!)).toBe(false);
    for (const [id, bytes] of memory.entries) {
      const [node, key] = id.split("\u0000") as [string, string];
      await disk.write(node, key, bytes);
    }
    for (const [node, text] of memory.notes) await disk.writeNote(node, text);
    resetCalls();
    const dr = await new Builder().withModules(module).withManifestCache(false).withCache({ dir }).build();
    expect(await dr.execute(["bar"])).toEqual({ bar: 11 });
    expect(calls()).toEqual([]);
    expect([...dr.lastCacheRun()!.hits].sort()).toEqual(["bar", "foo"]);
  });

  it("diskStore: has is false until a write, read of a missing entry is undefined, a second write of a key keeps one file", async () => {
    const dir = join(scratchFolder(), "cache");
    const disk = diskStore(dir);
    expect(await disk.has("foo", "k1")).toBe(false);
    expect(await disk.read("foo", "k1")).toBeUndefined();
    await disk.write("foo", "k1", new Uint8Array([1, 2, 3]));
    await disk.write("foo", "k1", new Uint8Array([1, 2, 3]));
    expect(await disk.has("foo", "k1")).toBe(true);
    expect([...(await disk.read("foo", "k1"))!.bytes]).toEqual([1, 2, 3]);
    expect(readdirSync(join(dir, "foo")).filter((file) => file.endsWith(".entry"))).toHaveLength(1);
  });

  it("a cache folder whose files are removed or replaced by hand: computed again, never a wrong value", async () => {
    const dir = join(scratchFolder(), "cache");
    const module = inlineModule(FOO);
    const build = () => new Builder().withModules(module).withManifestCache(false).withCache({ dir, onWarning: () => {} }).build();
    await (await build()).execute(["bar"]);
    const [entry] = readdirSync(join(dir, "foo")).filter((file) => file.endsWith(".entry"));
    writeFileSync(join(dir, "foo", entry!), "not an entry");
    rmSync(join(dir, "bar"), { recursive: true });
    resetCalls();
    const dr = await build();
    expect(await dr.execute(["foo", "bar"])).toEqual({ foo: "hello-world", bar: 11 });
    expect(calls()).toEqual(["bar", "foo"]);
    expect(decisions(dr.lastCacheRun()?.events)).toEqual({ foo: "corrupt_entry", bar: "no_entry" });
  });
});
