/**
 * examples/distributed: the feature-engineering pipeline through two `funcflow worker`
 * processes on a real redis-server gives the same table as the local run.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { distributedFeatureDriver, FEATURES_MODULE } from "../../examples/distributed/run.ts";
import { featureDriver, FEATURES, ordersInputs } from "../../examples/feature-engineering/run.ts";
import { generateOrders } from "../../examples/feature-engineering/orders.ts";
import { hasSystemBinary } from "../support/system-binary.ts";
import { REDIS_BINARY, startRedis, type RedisServer } from "./support/redis-server.ts";
import { startWorkerProcess, type WorkerProcess } from "./support/worker-process.ts";

describe.skipIf(!hasSystemBinary(REDIS_BINARY, "redis-server"))("examples/distributed", () => {
  let redis: RedisServer;
  let workers: WorkerProcess[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    workers = await Promise.all([0, 1].map(() => startWorkerProcess(redis.url, [fileURLToPath(FEATURES_MODULE)])));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await redis?.stop();
  });

  it("the feature table computed by two workers equals the local one, and Redis holds no value afterwards", async () => {
    const inputs = ordersInputs(generateOrders({ rows: 20_000 }));
    const remote = await distributedFeatureDriver(redis.url);
    try {
      const distributed = await remote.execute(FEATURES, { inputs });
      const local = await (await featureDriver()).execute(FEATURES, { inputs });
      expect(distributed.numRows).toBe(20_000);
      for (const name of FEATURES) expect([...distributed.getChild(name)!], name).toEqual([...local.getChild(name)!]);
      expect(await redis.client.keys("*:ff:*")).toEqual([]);
      const counts = workers.map((worker) => (worker.output().match(/failed/g) ?? []).length);
      expect(counts).toEqual([0, 0]);
    } finally {
      await remote.close();
    }
  });
});
