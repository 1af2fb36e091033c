/**
 * ValueStore with a real redis-server: values of every kind come back equal, inline or by
 * reference; Arrow values are stored as Arrow IPC; a run's keys and files go with deleteRun.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeVector, tableFromArrays, tableFromIPC, vectorFromArray, Utf8, Dictionary, Int32, type Table, type Vector } from "apache-arrow";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StorePolicy, ValueRef, WireValue } from "../../src/bullmq/job-protocol.ts";
import { ValueStore } from "../../src/bullmq/value-store.ts";
import { hasSystemBinary } from "../support/system-binary.ts";
import { REDIS_BINARY, startRedis, type RedisServer } from "./support/redis-server.ts";

const policy = (inlineBytes: number, redisBytes = 1 << 30, useFolder = false): StorePolicy => ({ inlineBytes, redisBytes, useFolder, ttlMs: 60_000 });

describe.skipIf(!hasSystemBinary(REDIS_BINARY, "redis-server"))("ValueStore on a real Redis", () => {
  let redis: RedisServer;
  let folder: string;
  let store: ValueStore;

  beforeAll(async () => {
    redis = await startRedis();
    folder = mkdtempSync(join(tmpdir(), "funcflow-values-"));
    store = new ValueStore(redis.client, "bull:test:ff", folder);
  });

  afterAll(async () => {
    await redis?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it("put/get give back plain values of every structured-clone kind, inline or by reference (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything({ withDate: true, withMap: true, withSet: true, withTypedArray: true, withBigInt: true, withNullPrototype: false }), fc.boolean(), async (value, inline) => {
        const wire = await store.put(value, "run-p", "v", policy(inline ? 1 << 20 : 0));
        expect("inline" in wire).toBe(inline);
        expect(await store.get(wire)).toEqual(value);
      }),
      { numRuns: 150 },
    );
    await store.deleteRun("run-p");
  });

  it("put stores a table and a column as Arrow IPC that any Arrow reader opens, and get reads them back", async () => {
    const table: Table = tableFromArrays({ x: Float64Array.from([1, 2, 3]), name: ["a", "b", "c"] });
    const column = vectorFromArray([1, null, 3], new Int32());
    const labels = vectorFromArray(["x", "y", "x"], new Dictionary(new Utf8(), new Int32()));
    const [tableWire, columnWire, labelsWire] = (await Promise.all([table, column, labels].map((value, i) => store.put(value, "run-a", `value${i}`, policy(0))))) as [WireValue, WireValue, WireValue];
    expect(tableWire).toMatchObject({ format: "arrow-table", ref: { where: "redis" } });
    expect(columnWire).toMatchObject({ format: "arrow-vector" });
    const ipc = await redis.client.getBuffer((tableWire as { ref: { key: string } }).ref.key);
    expect(tableFromIPC(ipc!).getChild("name")!.toArray()).toEqual(["a", "b", "c"]);
    expect(((await store.get(tableWire)) as Table).toArray().map((row) => ({ ...row }))).toEqual(table.toArray().map((row) => ({ ...row })));
    expect([...((await store.get(columnWire)) as Vector)]).toEqual([1, null, 3]);
    expect([...((await store.get(labelsWire)) as Vector)]).toEqual(["x", "y", "x"]);
    await store.deleteRun("run-a");
  });

  it("put writes the same key for the same name and bytes, so a retried job overwrites its own value", async () => {
    const column = makeVector(Float64Array.from({ length: 100 }, (_, i) => i));
    const first = await store.put(column, "run-b", "out:node:v1", policy(0));
    const second = await store.put(makeVector(Float64Array.from({ length: 100 }, (_, i) => i)), "run-b", "out:node:v1", policy(0));
    expect(second).toEqual(first);
    expect(await redis.client.keys("bull:test:ff:run-b:*")).toHaveLength(1);
    await store.deleteRun("run-b");
  });

  it("put sends values above redisBytes to the folder; deleteRun removes the run's keys and files, and only those", async () => {
    const big = makeVector(Float64Array.from({ length: 1000 }, (_, i) => i));
    const inFolder = await store.put(big, "run-c", "big", policy(0, 100, true));
    const inRedis = await store.put(big, "run-c", "small", policy(0));
    const otherRun = await store.put(big, "run-d", "kept", policy(0));
    expect(inFolder).toMatchObject({ ref: { where: "file" } });
    const file = join(folder, (inFolder as { ref: { key: string } }).ref.key);
    expect(tableFromIPC(readFileSync(file)).numRows).toBe(1000);
    expect([...((await store.get(inFolder)) as Vector)]).toEqual([...big]);
    await store.deleteRun("run-c");
    expect((readdirSync(folder, { recursive: true }) as string[]).filter((entry) => entry.endsWith(".bin"))).toEqual([]);
    await expect(store.get(inRedis)).rejects.toMatchObject({ code: "io_failed" });
    expect([...((await store.get(otherRun)) as Vector)]).toEqual([...big]);
    await store.deleteRun("run-d");
    expect(await redis.client.keys("bull:test:ff:*")).toEqual([]);
  });

  it("a stored value expires after ttlMs even when no cleanup runs", async () => {
    const wire = await store.put("x".repeat(100), "run-e", "v", { ...policy(0), ttlMs: 50_000 });
    const ttl = await redis.client.pttl((wire as { ref: { key: string } }).ref.key);
    expect(ttl).toBeGreaterThan(40_000);
    expect(ttl).toBeLessThanOrEqual(50_000);
    await store.deleteRun("run-e");
  });

  it("cached results live apart from runs: deleteRun leaves them, a hit renews their expiry, clearCache removes keys and files", async () => {
    const big = makeVector(Float64Array.from({ length: 1000 }, (_, i) => i));
    const cachePolicy = { ...policy(0, 100, true), ttlMs: 30_000 };
    const inFolder = await store.place(await store.encode(big), { cacheKey: "k-file" }, cachePolicy);
    const inRedis = await store.place(await store.encode("y".repeat(200)), { cacheKey: "k-redis" }, { ...policy(0), ttlMs: 30_000 });
    expect(store.isRunRef((inFolder as { ref: ValueRef }).ref, "run-f")).toBe(false);
    expect(store.isRunRef((inRedis as { ref: ValueRef }).ref, "run-f")).toBe(false);
    expect(store.isRunRef((await store.put("z".repeat(200), "run-f", "v", policy(0)) as { ref: ValueRef }).ref, "run-f")).toBe(true);
    await store.recordResult("k-redis", inRedis, 30_000);
    await store.recordResult("k-file", inFolder, 30_000);
    await store.deleteRun("run-f");
    expect(await store.cachedResult("k-missing", 30_000)).toBeUndefined();
    await redis.client.pexpire((inRedis as { ref: ValueRef }).ref.key, 1_000);
    expect(await store.cachedResult("k-redis", 60_000)).toEqual(inRedis);
    expect(await redis.client.pttl((inRedis as { ref: ValueRef }).ref.key)).toBeGreaterThan(50_000); // renewed by the hit
    expect([...((await store.get((await store.cachedResult("k-file", 30_000))!)) as Vector)]).toEqual([...big]);
    expect(await store.clearCache()).toBe(3); // two records and one value key; the file goes with the folder
    expect(await redis.client.keys("bull:test:ff:*")).toEqual([]);
    expect((readdirSync(folder, { recursive: true }) as string[]).filter((entry) => entry.endsWith(".bin"))).toEqual([]);
  });
});
