/**
 * bullmqExecutor with a real redis-server and two real `funcflow worker` processes: results
 * equal the local run's, values travel by reference and are all gone after a run, a remote
 * throw fails the run with the remote stack, parallel blocks spread over the workers, a worker
 * with other code refuses the job, a timed-out run leaves no job behind, and the
 * feature-engineering example gives the local table.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder, type Driver, type LifecycleAdapter } from "funcflow";
import { gracefulErrors } from "funcflow/adapters";
import { bullmqExecutor, RemoteError, type BullmqExecutor } from "funcflow/bullmq";
import { caught, rejection } from "../support/caught.ts";
import { syntheticModule } from "../support/synthetic-module.ts";
import { distributedFeatureDriver, FEATURES_MODULE } from "../../examples/distributed/run.ts";
import { featureDriver, FEATURES, ordersInputs } from "../../examples/feature-engineering/run.ts";
import { generateOrders } from "../../examples/feature-engineering/orders.ts";
import { hasSystemBinary } from "../support/system-binary.ts";
import { REDIS_BINARY, startRedis, type RedisServer } from "./support/redis-server.ts";
import { repo, startWorkerProcess, type WorkerProcess } from "./support/worker-process.ts";

const nodesUrl = new URL("./fixtures/remote-nodes.ts", import.meta.url);
const nodesFile = fileURLToPath(nodesUrl);
const dagFile = fileURLToPath(new URL("./fixtures/dag-nodes.ts", import.meta.url));
const available = hasSystemBinary(REDIS_BINARY, "redis-server");

/** Keys of the server, without the stalled checker's short-lived marker (it comes and goes every second). */
async function keysOf(redis: RedisServer): Promise<string[]> {
  return (await redis.client.keys("*")).filter((key) => !key.endsWith(":stalled-check")).sort();
}

/**
 * Keys of a run's values or jobs that the server has now and did not have at `before`: a leak.
 * BullMQ's queue-wide bookkeeping keys (its marker, for one) come and go between two counts on
 * their own, so only funcflow's value keys (`…:ff:…`) and job keys (named by the job's UUID) count.
 */
async function keysAddedSince(redis: RedisServer, before: readonly string[]): Promise<string[]> {
  const ours = (key: string) => key.includes(":ff:") || /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/.test(key);
  return (await keysOf(redis)).filter((key) => ours(key) && !before.includes(key));
}

/** Arrow columns as plain arrays, so values read back from IPC compare with local ones. */
function plain(value: unknown): unknown {
  if (typeof value === "object" && value !== null && "toArray" in value && typeof value.toArray === "function") {
    return "schema" in value ? (value.toArray() as object[]).map((row) => ({ ...row })) : Array.from(value.toArray() as ArrayLike<unknown>);
  }
  return value;
}

describe.skipIf(!available)("bullmqExecutor with two worker processes", () => {
  let redis: RedisServer;
  let workers: WorkerProcess[] = [];
  let store: string;
  let executor: BullmqExecutor;
  let remote: Driver;
  let local: Driver;

  beforeAll(async () => {
    store = mkdtempSync(join(tmpdir(), "funcflow-store-"));
    redis = await startRedis();
    workers = await Promise.all([0, 1].map(() => startWorkerProcess(redis.url, [nodesFile, dagFile, fileURLToPath(FEATURES_MODULE)], ["--store", store, "--lock-ms", "2000", "--stalled-ms", "1000"])));
    executor = bullmqExecutor({ connection: redis.url, store });
    remote = await new Builder().withModules(nodesUrl).withExecutor(executor).build();
    local = await new Builder().withModules(nodesUrl).build();
  }, 120_000);

  afterAll(async () => {
    await remote?.close();
    await Promise.all(workers.map((worker) => worker.stop()));
    await redis?.stop();
    rmSync(store, { recursive: true, force: true });
  });

  it("driver.execute runs nodes tagged executor: remote on the workers and the rest here, with the local results", async () => {
    const inputs = { seed: 1.5, size: 10_000 };
    const outputs = ["label", "table", "doubled"];
    const before = executor.stats();
    const got = await remote.execute(outputs, { inputs });
    const expected = await local.execute(outputs, { inputs });
    expect(got["label"]).toBe(expected["label"]);
    expect(plain(got["table"])).toEqual(plain(expected["table"]));
    expect(plain(got["doubled"])).toEqual(plain(expected["doubled"]));
    const after = executor.stats();
    expect(after.remote - before.remote).toBe(4); // column, doubled, table, total
    expect(after.local - before.local).toBe(1); // label
  });

  it("driver.execute gives the plain local run's outputs on random DAGs with every node on the workers (property)", async () => {
    const dag = (await import(pathToFileURL(dagFile).href)) as Record<string, (...args: never[]) => unknown>;
    // Small inline limit: most values, numbers included, travel by reference.
    const everything = bullmqExecutor({ connection: redis.url, select: "all", inlineBytes: 8 });
    const shape = fc.array(fc.record({ picks: fc.array(fc.nat(), { maxLength: 3 }), kind: fc.constantFrom("n", "v", "a") }), { minLength: 1, maxLength: 10 });
    try {
      await fc.assert(
        fc.asyncProperty(shape, fc.integer({ min: -50, max: 50 }), async (specs, seed) => {
          const names = specs.map(({ kind }, index) => `${kind}${index}`);
          const nodes = specs.map(({ picks }, index) => {
            const deps = index === 0 ? [] : [...new Set(picks.map((pick) => pick % index))];
            // Declared optional: the shared functions take rest parameters (arity 0); every one is provided.
            const params = (deps.length === 0 ? ["seed"] : deps.map((dep) => names[dep]!)).map((name) => ({ name, optional: true }));
            return { name: names[index]!, params, fn: dag[names[index]!]! };
          });
          const module = syntheticModule(nodes, "dag-nodes.ts");
          const expected = await (await new Builder().withModules(module).build()).execute(names, { inputs: { seed } });
          const dr = await new Builder().withModules({ ...module, url: pathToFileURL(dagFile) }).withExecutor(everything).build();
          const got = await dr.execute(names, { inputs: { seed } });
          expect(Object.fromEntries(names.map((name) => [name, plain(got[name])]))).toEqual(Object.fromEntries(names.map((name) => [name, plain(expected[name])])));
        }),
        { numRuns: 30 },
      );
      expect(everything.stats().local).toBe(0);
      expect(everything.stats().remote).toBeGreaterThan(12);
    } finally {
      await everything.close();
    }
  });

  it("examples/distributed: the feature table computed by the workers equals the local one, and Redis holds no value afterwards", async () => {
    const inputs = ordersInputs(generateOrders({ rows: 20_000 }));
    const remoteFeatures = await distributedFeatureDriver(redis.url);
    try {
      const distributed = await remoteFeatures.execute(FEATURES, { inputs });
      const localTable = await (await featureDriver()).execute(FEATURES, { inputs });
      expect(distributed.numRows).toBe(20_000);
      for (const name of FEATURES) expect([...distributed.getChild(name)!], name).toEqual([...localTable.getChild(name)!]);
      expect(await redis.client.keys("*:ff:*")).toEqual([]);
    } finally {
      await remoteFeatures.close();
    }
  });

  it("driver.execute passes columns and tables through Redis and leaves no key behind, after a run that succeeds or fails", async () => {
    await remote.execute(["label"], { inputs: { seed: 1, size: 10 } }); // the queue's own keys exist from here on
    const before = await keysOf(redis);
    const during: string[][] = [];
    const watcher: LifecycleAdapter = { name: "watch", afterNode: async (event) => void (event.name === "table" && during.push(await redis.client.keys("*:ff:*"))) };
    const watched = await new Builder().withModules(nodesUrl).withExecutor(executor).withAdapters(watcher).build();
    const { total } = await watched.execute(["total"], { inputs: { seed: 2, size: 20_000 } });
    expect(total).toBe((await local.execute(["total"], { inputs: { seed: 2, size: 20_000 } }))["total"]);
    expect(during[0]!.length).toBeGreaterThanOrEqual(3); // column, doubled and table were stored by reference
    expect(await keysAddedSince(redis, before)).toEqual([]);
    await rejection(remote.execute(["explodes", "table"], { inputs: { seed: 3, size: 20_000 } }));
    expect(await keysAddedSince(redis, before)).toEqual([]);
  });

  it("driver.execute fails with node_failed naming a node that throws on a worker, with the remote error and stack as cause", async () => {
    const error = await rejection(remote.execute(["explodes"], { inputs: { seed: 7 } }));
    expect(error).toMatchObject({ code: "node_failed", node: "explodes" });
    expect(error.message).toContain('Node "explodes" failed: seed 7 is too large for explodes.');
    const cause = error.cause as RemoteError;
    expect(cause).toBeInstanceOf(RemoteError);
    expect(cause.name).toBe("RangeError");
    expect(workers.map((worker) => `vm:${worker.pid}`).some((id) => cause.worker.endsWith(`:${id.split(":")[1]}`))).toBe(true);
    expect(cause.stack).toContain("remote-nodes.ts:");
    expect(cause.stack).toContain("thrown on funcflow worker");
  });

  it("driver.execute retries a node that throws when attempts allow, and fails on the first throw when they do not", async () => {
    const flagFile = join(store, `flag-${Date.now()}`);
    const once = await new Builder().withModules(nodesUrl).withExecutor(bullmqExecutor({ connection: redis.url })).build();
    const twice = await new Builder().withModules(nodesUrl).withExecutor(bullmqExecutor({ connection: redis.url, attempts: 2, backoff: 50 })).build();
    try {
      expect(await rejection(once.execute(["flaky"], { inputs: { flagFile } }))).toMatchObject({ code: "node_failed", node: "flaky" });
      rmSync(flagFile);
      expect(await twice.execute(["flaky"], { inputs: { flagFile } })).toEqual({ flaky: "recovered" });
    } finally {
      await Promise.all([once.close(), twice.close()]);
      rmSync(flagFile, { force: true });
    }
  });

  it("driver.execute runs a parallel block's items on both workers, in item order, and names a failing item", async () => {
    const list = Array.from({ length: 40 }, (_, i) => i - 5);
    const meet = mkdtempSync(join(tmpdir(), "funcflow-meet-"));
    const { squares, itemPids } = await remote.execute(["squares", "itemPids"], { inputs: { list, failOn: 1000, meet } }).finally(() => rmSync(meet, { recursive: true, force: true }));
    expect(squares).toEqual(list.map((item) => item * item));
    expect(new Set(itemPids as number[])).toEqual(new Set(workers.map((worker) => worker.pid)));
    const error = await rejection(remote.execute(["squares"], { inputs: { list, failOn: 12 } }));
    expect(error).toMatchObject({ code: "node_failed" });
    expect(error.message).toContain("squared");
    expect(error.message).toContain("item 12 is refused");
  });

  it("under gracefulErrors a block's failing item takes the sentinel alone; the other items still run on the workers", async () => {
    const graceful = gracefulErrors({ sentinel: null });
    // The same executor (closed with `remote` after the suite).
    const dr = await new Builder().withModules(nodesUrl).withExecutor(executor).withAdapters(graceful).build();
    const list = [1, 2, 3, 4, 5];
    const meet = mkdtempSync(join(tmpdir(), "funcflow-meet-"));
    const { squares, itemPids } = await dr.execute(["squares", "itemPids"], { inputs: { list, failOn: 3, meet } }).finally(() => rmSync(meet, { recursive: true, force: true }));
    expect(squares).toEqual([1, 4, null, 16, 25]);
    expect(new Set(itemPids as number[])).toEqual(new Set(workers.map((worker) => worker.pid)));
    const failures = graceful.lastReport()!.failed;
    expect(failures.map((failure) => failure.node)).toEqual(["squared"]);
    expect((failures[0]!.error as Error).message).toContain("item 3 is refused");
  });

  it("driver.execute with the cache reads unchanged nodes back instead of queueing them again", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "funcflow-cache-"));
    const cached = bullmqExecutor({ connection: redis.url });
    const dr = await new Builder().withModules(nodesUrl).withExecutor(cached).withCache({ dir: cacheDir }).build();
    try {
      const inputs = { seed: 5, size: 2_000 };
      const first = await dr.execute(["total", "label"], { inputs });
      const sent = cached.stats().remote;
      expect(sent).toBe(4);
      const second = await dr.execute(["total", "label"], { inputs });
      expect(second).toEqual(first);
      expect(cached.stats().remote).toBe(sent); // every node was a cache hit: no job queued
      expect(dr.lastCacheRun()?.hits).toEqual(expect.arrayContaining(["total"]));
    } finally {
      await dr.close();
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it("with resultCache, a second identical run from a fresh executor (as another driver's) queues no job; results expire, and clearResultCache leaves Redis as before", async () => {
    /** Jobs added to the queue after the event stream's entry `since` (BullMQ writes one "added" event per job). */
    const jobsAddedSince = async (since: string) => (await redis.client.xrange("bull:funcflow:events", `(${since}`, "+")).filter(([, fields]) => fields[fields.indexOf("event") + 1] === "added").length;
    const lastEvent = async () => (await redis.client.xrevrange("bull:funcflow:events", "+", "-", "COUNT", 1))[0]![0];
    await remote.execute(["label"], { inputs: { seed: 1, size: 10 } }); // the queue's own keys exist from here on
    const before = await keysOf(redis);
    const executors = [0, 1].map(() => bullmqExecutor({ connection: redis.url, resultCache: { ttlMs: 60_000 } }));
    const [first, second] = await Promise.all(executors.map((executor) => new Builder().withModules(nodesUrl).withExecutor(executor).build()));
    const outputs = ["total", "label", "squares"];
    const inputs = { seed: 6, size: 3_000, list: [4, 5, 6], failOn: 1000 };
    try {
      let mark = await lastEvent();
      const once = await first!.execute(outputs, { inputs });
      expect(await jobsAddedSince(mark)).toBe(4 + 3); // column, doubled, table, total; 3 block slices
      mark = await lastEvent();
      expect(await second!.execute(outputs, { inputs })).toEqual(once);
      expect(await jobsAddedSince(mark)).toBe(0);
      expect(executors[1]!.stats()).toEqual({ remote: 0, local: 2, blockItemsRemote: 0, reused: 4 + 3 });
      mark = await lastEvent();
      await second!.execute(["total"], { inputs: { seed: 7, size: 3_000 } });
      expect(await jobsAddedSince(mark)).toBe(4); // other inputs: no reuse
      await first!.execute(["stamp"], { inputs });
      mark = await lastEvent();
      await second!.execute(["stamp"], { inputs });
      expect(await jobsAddedSince(mark)).toBe(1); // cacheBehavior("disable"): never answered from the cache
      const kept = await keysAddedSince(redis, before);
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.filter((key) => !key.startsWith("bull:funcflow:ff:cache:"))).toEqual([]); // nothing of the runs themselves
      for (const key of kept) expect(await redis.client.pttl(key)).toBeGreaterThan(50_000);
      expect(await executors[0]!.clearResultCache()).toBe(kept.length);
      expect(await keysAddedSince(redis, before)).toEqual([]);
      mark = await lastEvent();
      await second!.execute(["total"], { inputs: { seed: 7, size: 3_000 } });
      expect(await jobsAddedSince(mark)).toBe(4); // cleared: computed again
      await executors[0]!.clearResultCache();
    } finally {
      await Promise.all([first?.close(), second?.close()]);
    }
  });

  it("driver.execute puts values above redisBytes in the shared folder and removes them after the run", async () => {
    const bigValues = bullmqExecutor({ connection: redis.url, store, redisBytes: 1000 });
    const seen: string[][] = [];
    const watcher: LifecycleAdapter = { name: "watch", afterNode: (event) => void (event.name === "doubled" && seen.push(readdirSync(store, { recursive: true }) as string[])) };
    const dr = await new Builder().withModules(nodesUrl).withExecutor(bigValues).withAdapters(watcher).build();
    try {
      const { total } = await dr.execute(["total"], { inputs: { seed: 4, size: 5_000 } });
      expect(total).toBe((await local.execute(["total"], { inputs: { seed: 4, size: 5_000 } }))["total"]);
      expect(seen[0]!.filter((entry) => entry.endsWith(".bin")).length).toBeGreaterThanOrEqual(2);
      expect((readdirSync(store, { recursive: true }) as string[]).filter((entry) => entry.endsWith(".bin"))).toEqual([]);
    } finally {
      await dr.close();
    }
  });

  it("driver.execute fails with timeout when no worker takes a job in time, and removes the waiting job", async () => {
    const unattended = bullmqExecutor({ connection: redis.url, queue: "unattended", timeoutMs: 300 });
    const dr = await new Builder().withModules(nodesUrl).withExecutor(unattended).build();
    try {
      const error = await rejection(dr.execute(["column"], { inputs: { seed: 1, size: 10 } }));
      expect(error).toMatchObject({ code: "timeout", node: "column", details: { timeoutMs: 300 } });
      expect(await redis.client.llen("bull:unattended:wait")).toBe(0);
      const leftover = (await redis.client.keys("bull:unattended:*")).filter((key) => /[0-9a-f]{8}-[0-9a-f]{4}/.test(key) || key.includes(":ff:"));
      expect(leftover).toEqual([]);
    } finally {
      await dr.close();
    }
  });

  it("a worker refuses a job whose code version differs from the driver's, and the error names both versions", async () => {
    const other = join(repo, "tests/bullmq/tmp/other-code");
    mkdirSync(other, { recursive: true });
    const changed = readFileSync(nodesFile, "utf8").replace("value * 2", "value * 2 + 0");
    writeFileSync(join(other, "remote-nodes.ts"), changed);
    const stale = await startWorkerProcess(redis.url, [join(other, "remote-nodes.ts")], ["--queue", "mismatch"]);
    const dr = await new Builder().withModules(nodesUrl).withExecutor(bullmqExecutor({ connection: redis.url, queue: "mismatch" })).build();
    try {
      const error = await rejection(dr.execute(["doubled"], { inputs: { seed: 1, size: 10 } }));
      expect(error).toMatchObject({ code: "version_mismatch", node: "doubled", details: { exportName: "doubled" } });
      const { expectedVersion, workerVersion } = error.details as { expectedVersion: string; workerVersion: string };
      expect(expectedVersion).not.toBe(workerVersion);
      expect(error.message).toContain(`code version ${expectedVersion}`);
      expect(error.message).toContain(`the worker ${workerVersion}`);
      // A node whose code is the same on both sides still runs there.
      expect((await dr.execute(["column"], { inputs: { seed: 1, size: 3 } }))["column"]).toBeDefined();
    } finally {
      await dr.close();
      await stale.stop();
      rmSync(other, { recursive: true, force: true });
    }
  });
});

describe("bullmqExecutor without Redis", () => {
  it("driver.execute fails at the start with queue_unavailable naming the URL when nothing listens there", async () => {
    const { freePort } = await import("./support/redis-server.ts");
    const url = `redis://127.0.0.1:${await freePort()}`;
    const dr = await new Builder().withModules(nodesUrl).withExecutor(bullmqExecutor({ connection: url, select: "all", lostAfterMs: 1000 })).build();
    const started = performance.now();
    const error = await rejection(dr.execute(["column"], { inputs: { seed: 1, size: 3 } }));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(error).toMatchObject({ code: "queue_unavailable", details: { url } });
    expect(error.message).toContain(`Redis at ${url} is unreachable`);
    await dr.close();
  });

  it("bullmqExecutor refuses a connection that is not a Redis URL, and bad numbers, at once", () => {
    expect(() => bullmqExecutor({ connection: "http://localhost:6379" })).toThrow(/must be a Redis URL/);
    expect(() => bullmqExecutor({ connection: "redis://localhost", attempts: 0 })).toThrow(/attempts must be a whole number of at least 1/);
    expect(() => bullmqExecutor({ connection: "redis://localhost", queue: "a:b" })).toThrow(/queue must be a non-empty name without ":"/);
    expect(() => bullmqExecutor({ connection: "redis://localhost", resultCache: { ttlMs: 5 } })).toThrow(/resultCache must be true, false or \{ ttlMs \}/);
    // Values JSON cannot write still get the coded error, naming what was given.
    for (const [resultCache, got] of [[{ ttlMs: 10n }, "the bigint 10"], ["yes", 'the string "yes"']] as const) {
      const error = caught(() => bullmqExecutor({ connection: "redis://localhost", resultCache: resultCache as never }));
      expect(error.code).toBe("invalid_argument");
      expect(error.message).toContain(`got ${got}`);
    }
  });
});
