/**
 * Distributed execution (funcflow/bullmq) on loopback, against a real redis-server and real
 * `funcflow worker` processes:
 *   1. per-node overhead: a 60-node chain as jobs (one worker) against the same chain inline,
 *      beside BullMQ's own round trip (add → worker → completed event) measured in this run;
 *   2. throughput of 400 independent trivial nodes with worker concurrency 1, 8 and 50;
 *   3. a CPU-bound wide DAG (16 nodes of ~60 ms) on two worker processes against sequential;
 *   4. resultCache: the chain's per-node overhead when every lookup misses (new inputs each run),
 *      and the wide DAG run again when every node is reused (no job).
 * Run: `npx tsx bench/distributed.ts` (or `npm run bench -- distributed`). Needs
 * /usr/bin/redis-server (Debian package redis-server). Writes bench/results/distributed.json.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Queue, QueueEvents, Worker } from "bullmq";
import { Builder } from "../src/index.ts";
import { bullmqExecutor } from "../src/bullmq.ts";
import { printTable, round, timeMedian, writeResults } from "./report.ts";

const REDIS = "/usr/bin/redis-server";
const CHAIN = 60;
const WIDE = 400;
const CPU_NODES = 16;

/** One module for all three graphs, written as plain JavaScript so the workers import it as is. */
function moduleSource(burnIterations: number): string {
  const lines = ["export function c0(seed) { return seed + 1; }"];
  for (let k = 1; k < CHAIN; k++) lines.push(`export function c${k}(c${k - 1}) { return c${k - 1} + 1; }`);
  for (let k = 0; k < WIDE; k++) lines.push(`export function w${k}(seed) { return seed + ${k}; }`);
  lines.push(`function burn(seed, k) { let x = 0; for (let i = 0; i < ${burnIterations}; i++) x = (x + Math.sqrt(i + seed + k)) % 1e9; return x; }`);
  for (let k = 0; k < CPU_NODES; k++) lines.push(`export function b${k}(seed) { return burn(seed, ${k}); }`);
  return lines.join("\n");
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once `child` has written `marker` to stdout or stderr. */
function waitFor(child: ChildProcess, marker: string, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(marker)) resolve();
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.once("exit", (code) => reject(new Error(`${what} exited with ${code}: ${output}`)));
  });
}

async function startWorkers(url: string, module: string, queue: string, count: number, concurrency: number): Promise<ChildProcess[]> {
  const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
  const children = Array.from({ length: count }, () =>
    spawn(process.execPath, ["--import", "tsx", cli, "worker", module, "--redis", url, "--queue", queue, "--concurrency", String(concurrency)], { stdio: ["ignore", "pipe", "pipe"] }),
  );
  await Promise.all(children.map((child) => waitFor(child, ": ready on queue", "a worker")));
  return children;
}

/** Calibrates the burn loop to ~`targetMs` per node on this machine. */
function burnIterationsFor(targetMs: number): number {
  const probe = 2_000_000;
  const started = performance.now();
  let x = 0;
  for (let i = 0; i < probe; i++) x = (x + Math.sqrt(i + 1)) % 1e9;
  const ms = performance.now() - started + (x < 0 ? 1 : 0);
  return Math.round((probe * targetMs) / ms);
}

/** BullMQ alone: sequential add → worker → completed event, per job. */
async function rawRoundTripMs(connection: { host: string; port: number }, jobs: number): Promise<number> {
  const queue = new Queue("raw", { connection });
  const events = new QueueEvents("raw", { connection, lastEventId: "0-0" }); // a fresh stream: read it all, not from whenever the first XREAD runs
  const worker = new Worker("raw", async (job) => (job.data as { x: number }).x + 1, { connection: { ...connection, maxRetriesPerRequest: null } });
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady(), worker.waitUntilReady()]);
  const once = async (x: number) => {
    const done = new Promise<void>((resolve) => {
      const listener = ({ jobId }: { jobId: string }) => {
        if (jobId === `raw-${x}`) {
          events.off("completed", listener);
          resolve();
        }
      };
      events.on("completed", listener);
    });
    await queue.add("raw", { x }, { jobId: `raw-${x}`, removeOnComplete: true });
    await done;
  };
  for (let i = 0; i < 50; i++) await once(-1 - i); // warm-up
  const started = performance.now();
  for (let i = 0; i < jobs; i++) await once(i);
  const perJob = (performance.now() - started) / jobs;
  await Promise.all([worker.close(), queue.close(), events.close()]);
  return perJob;
}

async function main(): Promise<void> {
  if (!existsSync(REDIS)) {
    console.log(`(distributed: skipped, ${REDIS} is missing; install the Debian package redis-server)`);
    return;
  }
  const port = await freePort();
  const redis = spawn(REDIS, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
  const children: ChildProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), "funcflow-bench-distributed-"));
  try {
    await waitFor(redis, "Ready to accept connections", "redis-server");
    const url = `redis://127.0.0.1:${port}`;
    const burnMs = 60;
    const module = join(dir, "nodes.mjs");
    writeFileSync(module, moduleSource(burnIterationsFor(burnMs)));
    const progress = (what: string) => process.stderr.write(`distributed: ${what}\n`);
    progress("starting 5 workers");
    const started = await Promise.all([
      startWorkers(url, module, "c1", 1, 1),
      startWorkers(url, module, "c8", 1, 8),
      startWorkers(url, module, "c50", 1, 50),
      startWorkers(url, module, "cpu", 2, 1),
    ]);
    children.push(...started.flat());
    const build = (queue?: string) => {
      const builder = new Builder().withModules(module);
      return (queue === undefined ? builder : builder.withExecutor(bullmqExecutor({ connection: url, queue, select: "all" }))).build();
    };
    const inputs = { inputs: { seed: 1 } };
    const rows: Record<string, unknown>[] = [];

    progress("measuring the per-node overhead");
    // 1. Per-node overhead.
    const raw = await rawRoundTripMs({ host: "127.0.0.1", port }, 300);
    const chainOutputs = [`c${CHAIN - 1}`];
    const [inline, chained] = [await build(), await build("c1")];
    await chained.execute(chainOutputs, inputs);
    const inlineMs = await timeMedian(() => inline.execute(chainOutputs, inputs), 20);
    const remoteMs = await timeMedian(() => chained.execute(chainOutputs, inputs), 7);
    const perNode = (remoteMs - inlineMs) / CHAIN;
    rows.push({ measure: `per-node overhead, ${CHAIN}-node chain, 1 worker`, value: round(perNode), unit: "ms/node", baseline: `BullMQ round trip ${round(raw)} ms/job`, ratio: round(perNode / raw) });

    progress("measuring throughput");
    // 2. Throughput of independent trivial nodes.
    const wideOutputs = Array.from({ length: WIDE }, (_, k) => `w${k}`);
    const throughputs: Record<string, number> = {};
    for (const queue of ["c1", "c8", "c50"]) {
      const dr = await build(queue);
      await dr.execute(wideOutputs, inputs);
      const ms = await timeMedian(() => dr.execute(wideOutputs, inputs), 3);
      throughputs[queue] = (WIDE / ms) * 1000;
      await dr.close();
    }
    for (const queue of ["c1", "c8", "c50"]) {
      rows.push({ measure: `throughput, ${WIDE} independent trivial nodes, 1 worker, concurrency ${queue.slice(1)}`, value: Math.round(throughputs[queue]!), unit: "nodes/s", baseline: "concurrency 1", ratio: round(throughputs[queue]! / throughputs["c1"]!) });
    }

    progress("measuring the CPU-bound wide DAG");
    // 3. CPU-bound wide DAG on two workers.
    const cpuOutputs = Array.from({ length: CPU_NODES }, (_, k) => `b${k}`);
    const [sequential, spread] = [await build(), await build("cpu")];
    await spread.execute(cpuOutputs, inputs);
    const sequentialMs = await timeMedian(() => sequential.execute(cpuOutputs, inputs), 3);
    const spreadMs = await timeMedian(() => spread.execute(cpuOutputs, inputs), 3);
    rows.push({ measure: `CPU-bound wide DAG, ${CPU_NODES} nodes × ~${burnMs} ms, 2 worker processes`, value: round(spreadMs), unit: "ms", baseline: `sequential in-process ${round(sequentialMs)} ms`, ratio: round(sequentialMs / spreadMs) });

    progress("measuring resultCache");
    // 4. resultCache: the cost of a lookup that misses, and a run whose every node is reused.
    const cached = (queue: string) => new Builder().withModules(module).withExecutor(bullmqExecutor({ connection: url, queue, select: "all", resultCache: { ttlMs: 600_000 } })).build();
    const [chainCached, cpuCached] = [await cached("c1"), await cached("cpu")];
    let seed = 1_000;
    const freshInputs = () => ({ inputs: { seed: seed++ } });
    await chainCached.execute(chainOutputs, freshInputs());
    // Interleaved with runs without the cache, so both see the same machine load.
    const plainSamples: number[] = [];
    const missSamples: number[] = [];
    for (let i = 0; i < 9; i++) {
      plainSamples.push(await timeMedian(() => chained.execute(chainOutputs, inputs), 1));
      missSamples.push(await timeMedian(() => chainCached.execute(chainOutputs, freshInputs()), 1));
    }
    const middle = (samples: number[]) => samples.sort((a, b) => a - b)[samples.length >> 1]!;
    const [perNodePlain, perNodeMiss] = [(middle(plainSamples) - inlineMs) / CHAIN, (middle(missSamples) - inlineMs) / CHAIN];
    rows.push({ measure: `per-node overhead, ${CHAIN}-node chain, resultCache, every lookup a miss`, value: round(perNodeMiss), unit: "ms/node", baseline: `without resultCache, interleaved ${round(perNodePlain)} ms/node`, ratio: round(perNodeMiss / perNodePlain) });
    await cpuCached.execute(cpuOutputs, inputs); // fills the cache
    const reusedMs = await timeMedian(() => cpuCached.execute(cpuOutputs, inputs), 5);
    rows.push({ measure: `CPU-bound wide DAG again, resultCache, every node reused (no job)`, value: round(reusedMs), unit: "ms", baseline: `computed on 2 workers ${round(spreadMs)} ms`, ratio: round(spreadMs / reusedMs) });
    await Promise.all([chained.close(), spread.close(), chainCached.close(), cpuCached.close()]);

    printTable("funcflow/bullmq on loopback (ratio: per-node overhead / BullMQ round trip; throughput / concurrency 1; sequential / distributed; resultCache against without)", rows);
    console.log(`Wrote ${await writeResults("distributed", rows)}`);
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : child.once("exit", resolve)))));
    redis.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
