/**
 * Workers that run an envelope: saved from a copy of the pipeline that is then deleted, a real
 * `funcflow worker <name@version>` process serves a Driver loaded from the same envelope with
 * the local run's results; a worker of another envelope refuses the job naming both; a Driver
 * built from source is served when the code versions match.
 */
import { cp, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { bullmqExecutor, startWorker } from "funcflow/bullmq";
import { loadEnvelope, saveEnvelope, serveEnvelope, type SavedEnvelope } from "funcflow/envelope";
import { workerExecutor } from "funcflow/workers";
import { main } from "../../src/cli/index.ts";
import { remoteExecutorFrom } from "../../src/cli/support/remote-options.ts";
import { rejection } from "../support/caught.ts";
import { hasSystemBinary } from "../support/system-binary.ts";
import { REDIS_BINARY, startRedis, type RedisServer } from "./support/redis-server.ts";
import { repo, startWorkerProcess, type WorkerProcess } from "./support/worker-process.ts";

const OUTPUTS = ["total", "label", "squares"];
const INPUTS = { seed: 2.5, size: 5_000, list: [3, -1, 4, 1, -5, 9, 2, 6], failOn: 1000 };

describe.skipIf(!hasSystemBinary(REDIS_BINARY, "redis-server"))("funcflow worker <envelope>", () => {
  let redis: RedisServer;
  let sandbox: string;
  let registry: string;
  let first: SavedEnvelope;
  let second: SavedEnvelope;
  let worker: WorkerProcess;

  beforeAll(async () => {
    sandbox = await mkdtemp(join(tmpdir(), "funcflow-envelope-worker-"));
    registry = join(sandbox, "registry");
    // Saved from a copy that is deleted before any worker starts: the workers cannot read the source.
    const source = join(repo, "tests/bullmq/tmp", `envelope-${process.pid}`);
    await mkdir(source, { recursive: true });
    await cp(join(repo, "tests/bullmq/fixtures/remote-nodes.ts"), join(source, "remote-nodes.ts"));
    const [started] = await Promise.all([
      startRedis(),
      (async () => {
        try {
          const save = (description: string) => saveEnvelope({ name: "remote", description, modules: [join(source, "remote-nodes.ts")], outputs: OUTPUTS, registry, root: repo, sbom: false });
          first = await save("first");
          second = await save("second"); // the same code, another envelope (its description differs)
        } finally {
          await rm(source, { recursive: true, force: true });
        }
      })(),
    ]);
    redis = started;
    worker = await startWorkerProcess(redis.url, ["remote@1"], ["--registry", registry]);
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await redis?.stop();
    await rm(sandbox, { recursive: true, force: true });
  });

  it("a Driver loaded from the envelope with bullmqExecutor gets the local results, its nodes and block items run by the envelope's worker", async () => {
    const executor = bullmqExecutor({ connection: redis.url });
    const remote = await loadEnvelope("remote@1", { registry, executor });
    const local = await loadEnvelope("remote@1", { registry });
    try {
      const got = await remote.execute(INPUTS, OUTPUTS);
      expect(got).toEqual(await local.execute(INPUTS, OUTPUTS));
      expect(got["squares"]).toEqual(INPUTS.list.map((item) => item * item));
      // Sent: column, doubled, table, total and the block items; here: label and the collecting function of squares.
      expect(executor.stats()).toEqual({ remote: 4, local: 2, blockItemsRemote: INPUTS.list.length, reused: 0 });
      expect(worker.output()).toContain(`envelope remote@1 (${first.id.slice(0, 12)})`);
      expect(await redis.client.keys("*:ff:*")).toEqual([]);
    } finally {
      await remote.driver.close();
    }
  });

  it("a Driver built from the source is served by the envelope's worker when the code versions match", async () => {
    const dr = await new Builder().withModules(new URL("./fixtures/remote-nodes.ts", import.meta.url)).withExecutor(bullmqExecutor({ connection: redis.url })).build();
    try {
      expect(await dr.execute(["total"], { inputs: { seed: 1, size: 100 } })).toEqual({ total: 2 * (100 * 1 + 0.5 * ((99 * 100) / 2)) });
    } finally {
      await dr.close();
    }
  });

  it("startWorker({ envelope }) of another envelope refuses the job with version_mismatch naming both envelopes", async () => {
    const other = await startWorker({ connection: redis.url, queue: "second", envelope: "remote@2", registry });
    const dr = await loadEnvelope("remote@1", { registry, executor: bullmqExecutor({ connection: redis.url, queue: "second" }) });
    try {
      const error = await rejection(dr.execute(INPUTS, ["total"]));
      expect(error).toMatchObject({ code: "version_mismatch", node: "column", details: { codeOf: "envelope", expectedVersion: `envelope remote@1 (${first.id.slice(0, 12)})`, workerVersion: `envelope remote@2 (${second.id.slice(0, 12)})` } });
      expect(error.message).toContain(`runs envelope remote@2 (${second.id.slice(0, 12)}), but the driver's code comes from envelope remote@1 (${first.id.slice(0, 12)})`);
    } finally {
      await dr.driver.close();
      await other.close();
    }
  });

  it("funcflow batch and serve <envelope> --redis run the envelope's nodes on a worker of that envelope, with the local results", async () => {
    await saveEnvelope({ name: "hello", modules: [join(repo, "examples/hello-world/transforms.ts")], outputs: ["spendPerSignup"], exampleInputs: { spend: new Float64Array([10, 20]), signups: new Float64Array([1, 4]) }, registry, root: repo, sbom: false });
    const hello = await startWorker({ connection: redis.url, queue: "hello", envelope: "hello@1", registry });
    const batch = (out: string, ...extra: string[]) => main(["node", "funcflow", "batch", "hello@1", "--registry", registry, "--inputs", join(repo, "examples/hello-world/data.csv"), "--out", out, "--log", join(sandbox, "log.jsonl"), ...extra]);
    try {
      expect(await batch(join(sandbox, "local.csv"))).toBe(0);
      expect(await batch(join(sandbox, "remote.csv"), "--redis", redis.url, "--queue", "hello", "--remote-all")).toBe(0);
      expect(await readFile(join(sandbox, "remote.csv"), "utf8")).toBe(await readFile(join(sandbox, "local.csv"), "utf8"));
      const afterBatch = hello.stats().jobs;
      expect(afterBatch).toBeGreaterThan(0);
      // serve: the executor `--redis … --queue hello --remote-all` makes, behind the envelope's HTTP service.
      const executor = (await remoteExecutorFrom({ redis: redis.url, queue: "hello", remoteAll: true }))!;
      const service = await serveEnvelope("hello@1", { registry, executor, host: "127.0.0.1", port: 0 });
      try {
        const reply = await fetch(`${service.url}/execute`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ outputs: ["spendPerSignup"], inputs: { spend: [10, 10, 20], signups: [1, 10, 50] } }),
        });
        expect(reply.status).toBe(200);
        expect(await reply.json()).toEqual({ spendPerSignup: [10, 1, 0.4] });
        expect(hello.stats().jobs).toBeGreaterThan(afterBatch);
      } finally {
        await service.close();
        await executor.close();
      }
    } finally {
      await hello.close();
    }
  });

  it("worker threads cannot import an envelope's module URL: with workerExecutor its nodes run in the main thread, with the same results", async () => {
    const threads = workerExecutor({ threads: 1, select: "all" });
    const loaded = await loadEnvelope("remote@1", { registry, executor: threads });
    const warnings: string[] = [];
    const warn = (warning: Error) => warnings.push(warning.message);
    process.on("warning", warn);
    try {
      expect(await loaded.execute(INPUTS, ["total"])).toEqual(await (await loadEnvelope("remote@1", { registry })).execute(INPUTS, ["total"]));
      expect(threads.stats()).toMatchObject({ onWorkers: 0 });
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.some((message) => message.includes('node "total" runs in the main thread'))).toBe(true);
    } finally {
      process.off("warning", warn);
      await loaded.driver.close();
    }
  });

  it("startWorker refuses an envelope given with modules or with a mistyped registry or onDrift, and names an envelope that is not there", async () => {
    await expect(startWorker({ connection: redis.url, envelope: "remote@1", modules: ["x.ts"], registry })).rejects.toMatchObject({ code: "invalid_argument" });
    await expect(startWorker({ connection: redis.url, envelope: "remote@9", registry })).rejects.toMatchObject({ code: "envelope_not_found" });
    // Wrong types are named before the envelope is looked up, not met later as a TypeError from node:path or on the first drift.
    await expect(startWorker({ connection: redis.url, envelope: "remote@1", registry: 5 as never })).rejects.toMatchObject({ code: "invalid_argument", details: { argument: "registry" } });
    await expect(startWorker({ connection: redis.url, envelope: "remote@1", registry, onDrift: "warn" as never })).rejects.toMatchObject({ code: "invalid_argument", details: { argument: "onDrift" } });
  });
});
