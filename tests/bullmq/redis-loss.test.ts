/** Redis lost mid-run: the run fails with queue_unavailable after a bounded wait, never hangs. */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { bullmqExecutor } from "funcflow/bullmq";
import { rejection } from "../support/caught.ts";
import { hasSystemBinary } from "../support/system-binary.ts";
import { REDIS_BINARY, startRedis, type RedisServer } from "./support/redis-server.ts";
import { startWorkerProcess, type WorkerProcess } from "./support/worker-process.ts";

const nodesUrl = new URL("./fixtures/remote-nodes.ts", import.meta.url);

describe.skipIf(!hasSystemBinary(REDIS_BINARY, "redis-server"))("bullmqExecutor when Redis goes away mid-run", () => {
  let redis: RedisServer | undefined;
  let worker: WorkerProcess | undefined;
  const markers = mkdtempSync(join(tmpdir(), "funcflow-markers-"));

  afterAll(async () => {
    await worker?.kill();
    await redis?.stop();
    rmSync(markers, { recursive: true, force: true });
  });

  it("driver.execute fails with queue_unavailable naming the URL within lostAfterMs of Redis dying, and runs again once Redis is back", async () => {
    redis = await startRedis();
    worker = await startWorkerProcess(redis.url, [fileURLToPath(nodesUrl)], [], { FUNCFLOW_TEST_MARKERS: markers });
    const dr = await new Builder().withModules(nodesUrl).withExecutor(bullmqExecutor({ connection: redis.url, lostAfterMs: 1000 })).build();
    const running = rejection(dr.execute(["slow"], { inputs: { seed: 1, sleepMs: 10_000 } }));
    while (readdirSync(markers).length === 0) await new Promise((resolve) => setTimeout(resolve, 25));
    await redis.stop();
    const killed = Date.now();
    const error = await running;
    expect(Date.now() - killed).toBeLessThan(4_000);
    expect(error).toMatchObject({ code: "queue_unavailable", details: { url: redis.url } });
    expect(error.message).toContain(`Redis at ${redis.url} was lost and did not come back within 1000 ms`);
    // Redis back on the same port: the same driver connects afresh and the worker resumes.
    redis = await startRedis(redis.port);
    expect(await dr.execute(["afterSlow"], { inputs: { seed: 2, sleepMs: 10 } })).toEqual({ afterSlow: 7 });
    await redis.stop();
    const closing = Date.now();
    await dr.close();
    expect(Date.now() - closing).toBeLessThan(3_000);
  }, 120_000);
});
