/**
 * A worker serving an envelope whose pipeline loads modules while building (subdag,
 * parameterizedSubdag, withColumns, imported listed functions, a nested subdag): a Driver loaded
 * from the envelope with bullmqExecutor sends the nodes of those modules too, and the worker
 * finds each function in the envelope's bundle by its stable module URL.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeVector } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bullmqExecutor, startWorker, type FuncflowWorker } from "funcflow/bullmq";
import { envelopeWorkerCode, loadEnvelope, saveEnvelope } from "funcflow/envelope";
import { hasSystemBinary } from "../support/system-binary.ts";
import { REDIS_BINARY, startRedis, type RedisServer } from "./support/redis-server.ts";
import { repo } from "./support/worker-process.ts";

const OUTPUTS = ["partScore", "low", "high", "listedSum", "nestedScore", "enrichedRevenue"];
const arraysOf = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).map(([name, value]) => [name, Array.from(value as Iterable<number>)]));

describe.skipIf(!hasSystemBinary(REDIS_BINARY, "redis-server"))("a worker of an envelope with modules loaded while building", () => {
  let redis: RedisServer;
  let sandbox: string;
  let registry: string;
  let worker: FuncflowWorker;

  beforeAll(async () => {
    sandbox = await mkdtemp(join(tmpdir(), "funcflow-envelope-build-modules-worker-"));
    registry = join(sandbox, "registry");
    const [started] = await Promise.all([
      startRedis(),
      saveEnvelope({ name: "build-modules", modules: [join(repo, "tests/envelope/fixtures/build-modules/pipeline.ts")], outputs: OUTPUTS, registry, root: repo, sbom: false }),
    ]);
    redis = started;
    worker = await startWorker({ connection: redis.url, code: await envelopeWorkerCode("build-modules@1", { registry }) });
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await redis?.stop();
    await rm(sandbox, { recursive: true, force: true });
  });

  it("runs the subdag, withColumns and listed functions' nodes with the local results", async () => {
    const executor = bullmqExecutor({ connection: redis.url, select: "all" });
    const remote = await loadEnvelope("build-modules@1", { registry, executor });
    const local = await loadEnvelope("build-modules@1", { registry });
    const inputs = { x: makeVector(new Float64Array([1, 2, 3.5, -4])) };
    try {
      expect(arraysOf(await remote.execute(inputs))).toEqual(arraysOf(await local.execute(inputs)));
      // cleaned and score of part.ts three times, doubled and shifted, innerValue, revenue: 9 at least.
      console.log("STATS", JSON.stringify(executor.stats()));
      expect(executor.stats().remote).toBeGreaterThanOrEqual(9);
      expect(worker.stats().failed).toBe(0);
    } finally {
      await remote.driver.close();
    }
  });
});
