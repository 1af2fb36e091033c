/**
 * Stalled-job recovery with real processes: SIGKILL the worker running a node; BullMQ's stalled
 * check (2 s lock, 1 s interval here) hands the job to the other worker and the run completes
 * with the right outputs.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { bullmqExecutor } from "funcflow/bullmq";
import { hasSystemBinary } from "../support/system-binary.ts";
import { REDIS_BINARY, startRedis, type RedisServer } from "./support/redis-server.ts";
import { startWorkerProcess, type WorkerProcess } from "./support/worker-process.ts";

const nodesUrl = new URL("./fixtures/remote-nodes.ts", import.meta.url);

async function until<T>(probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const started = Date.now();
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() - started > timeoutMs) throw new Error(`nothing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.skipIf(!hasSystemBinary(REDIS_BINARY, "redis-server"))("bullmqExecutor when a worker is killed mid-job", () => {
  let redis: RedisServer;
  let workers: WorkerProcess[] = [];
  let markers: string;

  beforeAll(async () => {
    markers = mkdtempSync(join(tmpdir(), "funcflow-markers-"));
    redis = await startRedis();
    const env = { FUNCFLOW_TEST_MARKERS: markers };
    workers = await Promise.all([0, 1].map(() => startWorkerProcess(redis.url, [fileURLToPath(nodesUrl)], ["--lock-ms", "2000", "--stalled-ms", "1000"], env)));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill()));
    await redis?.stop();
    rmSync(markers, { recursive: true, force: true });
  });

  it("driver.execute completes with the right outputs when the worker running a node gets SIGKILL", async () => {
    const dr = await new Builder().withModules(nodesUrl).withExecutor(bullmqExecutor({ connection: redis.url })).build();
    try {
      const started = Date.now();
      const running = dr.execute(["afterSlow", "slow"], { inputs: { seed: 5, sleepMs: 1500 } });
      const first = await until(() => readdirSync(markers).find((name) => name.endsWith("-5")), 10_000);
      const victim = workers.find((worker) => first.startsWith(`${worker.pid}-`))!;
      await victim.kill();
      const survivor = workers.find((worker) => worker !== victim)!;
      expect(await running).toEqual({ afterSlow: 16, slow: 15 });
      // The node ran twice: on the killed worker (never answered) and again on the survivor.
      expect(existsSync(join(markers, `${survivor.pid}-5`))).toBe(true);
      expect(victim.output()).not.toContain("failed");
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      await dr.close();
    }
  }, 30_000);
});
