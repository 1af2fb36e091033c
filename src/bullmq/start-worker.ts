/**
 * A funcflow worker: takes funcflow jobs from a BullMQ queue, runs the node function a job
 * names with its arguments, stores the result and replies with it (or a reference to it).
 * A worker that dies mid-job loses its lock; after `lockDurationMs` another worker's stalled
 * check (every `stalledIntervalMs`) puts the job back, and it runs again elsewhere. Results are
 * stored under keys made from the run, the node, its code version and its inputs' versions, so
 * a job that runs twice writes the same key.
 */
import { hostname } from "node:os";
import { Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { FuncflowError, optionKeys, requireKnownRecord } from "../errors/index.ts";
import { settingReader } from "./queue-settings.ts";
import { runBlockItems, BlockItemFailure } from "../graph/index.ts";
import type { BlockJob, FuncflowJob, JobReply, NodeJob, WireValue } from "./job-protocol.ts";
import { withDeadline } from "./queue-session.ts";
import { parseRedisUrl, redactRedisUrl } from "./redis-url.ts";
import { errorData, queueUnavailable } from "./remote-errors.ts";
import { ValueStore } from "./value-store.ts";
import { combinedVersion } from "./wire-format.ts";
import { loadWorkerModules, type CodeMismatch, type WorkerCode, type WorkerFunction } from "./worker-code.ts";

export interface StartWorkerOptions {
  /** The Redis URL, as given to `bullmqExecutor`. */
  readonly connection: string;
  /** The module files whose functions this worker runs (the driver's modules). Give this or `code`. */
  readonly modules?: readonly (string | URL)[];
  /** Code loaded some other way, e.g. `envelopeWorkerCode` (funcflow/envelope) for an envelope. Give this or `modules`. */
  readonly code?: WorkerCode;
  /** Jobs run at once in this process (default 1; async nodes benefit from more). */
  readonly concurrency?: number;
  /** The queue name (default `funcflow`). */
  readonly queue?: string;
  /** BullMQ's key prefix (default `bull`). */
  readonly prefix?: string;
  /** The shared folder for large values, the same one the executor has. */
  readonly store?: string;
  /**
   * How long a job's lock lasts without renewal (default 10 s). A dead worker's job is run
   * again after it; a node that blocks the event loop longer than this loses its lock.
   */
  readonly lockDurationMs?: number;
  /** How often this worker looks for jobs whose worker died (default 5 s). */
  readonly stalledIntervalMs?: number;
  /** How many times a job may lose its worker before it fails (default 1). */
  readonly maxStalledCount?: number;
  /** How long Redis may be unreachable at the start before failing (default 5 s). */
  readonly connectTimeoutMs?: number;
  /** Where to write one line per event worth knowing (start, failures); default nowhere. */
  readonly log?: (line: string) => void;
}

/** The keys of StartWorkerOptions, checked against the interface by the compiler. */
export const START_WORKER_OPTION_KEYS = optionKeys<StartWorkerOptions>({ connection: true, modules: true, code: true, concurrency: true, queue: true, prefix: true, store: true, lockDurationMs: true, stalledIntervalMs: true, maxStalledCount: true, connectTimeoutMs: true, log: true });

/** A running worker. */
export interface FuncflowWorker {
  /** `host:pid`, as named in replies and errors. */
  readonly id: string;
  readonly modules: readonly string[];
  /** Jobs answered, and of those the ones whose function failed. */
  stats(): { readonly jobs: number; readonly failed: number };
  /** Stops taking jobs, waits for those running, and disconnects. */
  close(): Promise<void>;
}

/**
 * Starts a worker on `options.queue`.
 * @throws FuncflowError `invalid_argument` (bad option, or both or neither of `modules` and `code`), `module_not_found`, `scan_failed`,
 *   `module_load_failed` (a module), `queue_unavailable` (Redis unreachable, naming the URL).
 * @example
 * const worker = await startWorker({ connection: "redis://127.0.0.1:6379", modules: ["src/transforms.ts"], concurrency: 2 });
 * process.on("SIGTERM", () => void worker.close());
 */
export async function startWorker(options: StartWorkerOptions): Promise<FuncflowWorker> {
  requireKnownRecord("startWorker", "options", options, START_WORKER_OPTION_KEYS, `{ connection: "redis://127.0.0.1:6379", modules: ["src/transforms.ts"] }`);
  const connection = parseRedisUrl(options?.connection, "startWorker");
  const settings = checkedSettings(options);
  const code = await codeOf(options);
  const redis = new Redis({ ...connection, lazyConnect: true, maxRetriesPerRequest: null, connectTimeout: settings.connectTimeoutMs });
  redis.on("error", () => undefined);
  try {
    await withDeadline(redis.connect(), settings.connectTimeoutMs, "no answer");
  } catch (error) {
    redis.disconnect();
    throw queueUnavailable(options.connection, `is unreachable: ${error instanceof Error ? error.message : String(error)}`, error, "startWorker");
  }
  const id = `${hostname()}:${process.pid}`;
  const store = new ValueStore(redis, `${settings.prefix}:${settings.queue}:ff`, options.store);
  const log = options.log ?? (() => undefined);
  let jobs = 0;
  let failed = 0;
  const processor = async (job: Job<FuncflowJob>): Promise<JobReply> => {
    const reply = await answer(job, code, store, id);
    jobs++;
    if (!reply.ok) {
      failed++;
      log(`funcflow worker ${id}: node "${job.data.node}" failed (${reply.stage}): ${reply.error.message}`);
    }
    return reply;
  };
  const worker = new Worker<FuncflowJob, JobReply>(settings.queue, processor, {
    connection: { ...connection, maxRetriesPerRequest: null },
    prefix: settings.prefix,
    concurrency: settings.concurrency,
    lockDuration: settings.lockDurationMs,
    stalledInterval: settings.stalledIntervalMs,
    maxStalledCount: settings.maxStalledCount,
    name: id,
  });
  worker.on("error", (error) => log(`funcflow worker ${id}: ${error.message}`));
  await worker.waitUntilReady();
  log(`funcflow worker ${id}: ready on queue "${settings.queue}" at ${redactRedisUrl(options.connection)} (concurrency ${settings.concurrency}; ${code.modules.join(", ")})`);
  return {
    id,
    modules: code.modules,
    stats: () => ({ jobs, failed }),
    async close() {
      await worker.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/**
 * Runs one job and makes its reply. A function that throws is retried by BullMQ while the job
 * has attempts left (the throw goes to BullMQ); on the last attempt the failure is the reply.
 */
async function answer(job: Job<FuncflowJob>, code: WorkerCode, store: ValueStore, worker: string): Promise<JobReply> {
  const data = job.data;
  if (data.protocol !== 1) {
    return { ok: false, stage: "load", worker, error: errorData(new Error(`the job uses funcflow job protocol ${String(data.protocol)}; this worker speaks 1 (update funcflow on the driver or the worker)`)) };
  }
  const addresses = data.kind === "block" ? data.steps : [data.address];
  const fns: WorkerFunction[] = [];
  for (const address of addresses) {
    let found: WorkerFunction | CodeMismatch;
    try {
      found = code.resolve(address);
    } catch (error) {
      return { ok: false, stage: "load", worker, error: errorData(error) };
    }
    if ("mismatch" in found) {
      const { driver, worker: here } = found.mismatch;
      return { ok: false, stage: "version", codeOf: "envelope", worker, error: errorData(new Error(`this worker runs ${here}, the job comes from ${driver}`)), exportName: address.exportName, expectedVersion: driver, workerVersion: here };
    }
    fns.push(found);
  }
  for (let i = 0; i < fns.length; i++) {
    const expected = addresses[i]!.codeVersion;
    if (expected !== undefined && fns[i]!.codeVersion !== expected) {
      const message = `code version ${fns[i]!.codeVersion ?? "none"} here, ${expected} on the driver`;
      return { ok: false, stage: "version", worker, error: errorData(new Error(message)), exportName: addresses[i]!.exportName, expectedVersion: expected, workerVersion: fns[i]!.codeVersion ?? null };
    }
  }
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  try {
    const value = data.kind === "block" ? await runBlock(data, fns, store) : await runNode(data, fns[0]!, store);
    // Same run (or cache key), node, code and inputs give the same key: a job run twice writes one value.
    const versions = [...addresses.map((address) => address.codeVersion ?? address.exportName), ...inputsOf(data).map((wire) => wire.version)];
    const where = data.cacheKey !== undefined ? { cacheKey: data.cacheKey } : { runId: data.runId, name: `out:${data.node}:${combinedVersion(versions)}` };
    const result = await store.place(await store.encode(value), where, data.store);
    return { ok: true, result, worker };
  } catch (caught) {
    if (!lastAttempt) throw caught instanceof BlockItemFailure ? caught.error : caught;
    if (caught instanceof BlockItemFailure) return { ok: false, stage: "run", worker, error: errorData(caught.error), step: caught.step, item: caught.item };
    return { ok: false, stage: "run", worker, error: errorData(caught) };
  }
}

async function runNode(job: NodeJob, fn: WorkerFunction, store: ValueStore): Promise<unknown> {
  const args = await Promise.all(job.args.map((wire) => store.get(wire)));
  return fn.fn(...args);
}


async function runBlock(job: BlockJob, fns: readonly WorkerFunction[], store: ValueStore): Promise<unknown> {
  const [items, outer] = await Promise.all([store.get(job.items), store.get(job.outer)]);
  const fail = (step: number, item: number, error: unknown) => new BlockItemFailure(step, item, error);
  return runBlockItems(fns.map((fn) => fn.fn), job.wiring, job.gathered, items as unknown[], outer as unknown[], fail, job.firstIndex);
}

function inputsOf(job: FuncflowJob): readonly WireValue[] {
  return job.kind === "block" ? [job.items, job.outer] : job.args;
}

async function codeOf(options: StartWorkerOptions): Promise<WorkerCode> {
  if (options.code !== undefined && options.modules !== undefined) {
    throw new FuncflowError("invalid_argument", "startWorker: both modules and code given. Pass the module files (modules) or code loaded otherwise (code, e.g. from an envelope), not both.");
  }
  if (options.code === undefined) return loadWorkerModules("startWorker", "options.modules", options.modules);
  if (typeof options.code?.resolve !== "function" || !Array.isArray(options.code.modules)) {
    throw new FuncflowError("invalid_argument", "startWorker: code must be a WorkerCode ({ modules, resolve }), as loadModuleCode or envelopeWorkerCode return.");
  }
  return options.code;
}

function checkedSettings(options: StartWorkerOptions) {
  const { whole, name } = settingReader("startWorker", options);
  return {
    queue: name("queue", "funcflow"),
    prefix: name("prefix", "bull"),
    concurrency: whole("concurrency", 1, 1),
    lockDurationMs: whole("lockDurationMs", 10_000, 100),
    stalledIntervalMs: whole("stalledIntervalMs", 5_000, 100),
    maxStalledCount: whole("maxStalledCount", 1, 0),
    connectTimeoutMs: whole("connectTimeoutMs", 5_000, 100),
  };
}
