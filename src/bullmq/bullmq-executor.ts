/**
 * Runs chosen nodes as BullMQ jobs on Redis, done by `funcflow worker` processes on this or
 * other machines. The Driver keeps the schedule: a node becomes one job when its inputs are
 * ready, so the workers never see the graph. Values travel by reference when large (see
 * ValueStore); a value that came back from one job is passed on to the next as the same reference.
 */
import { CACHE_BEHAVIOR_TAG } from "../decorators/index.ts";
import { FuncflowError, invalidArgument, optionKeys, requireKnownRecord } from "../errors/index.ts";
import { settingReader } from "./queue-settings.ts";
import { runBlockNodeByNode, type BlockTask, type ModuleAddress, type NodeExecutor, type NodeTask } from "../executors/index.ts";
import type { NodeInfo } from "../graph/index.ts";
import type { BlockJob, FuncflowJob, JobReply, NodeJob, StorePolicy, ValueRef, WireValue } from "./job-protocol.ts";
import { QueueSession } from "./queue-session.ts";
import { parseRedisUrl } from "./redis-url.ts";
import { replyError } from "./remote-errors.ts";
import { DEFAULT_SELECTION, remoteSelector, type RemoteSelection } from "./remote-selection.ts";
import { resultCacheKey } from "./result-cache-key.ts";
import type { EncodedValue } from "./value-store.ts";

export interface BullmqExecutorOptions {
  /** The Redis URL, e.g. `redis://127.0.0.1:6379` (`rediss://` for TLS, `user:password@`, `/db`). */
  readonly connection: string;
  /** The queue name the workers listen on (default `funcflow`). */
  readonly queue?: string;
  /** BullMQ's key prefix (default `bull`). */
  readonly prefix?: string;
  /** Tries per job when the function throws (default 1: no retry). */
  readonly attempts?: number;
  /** Wait between tries: milliseconds, or BullMQ's `{ type: "fixed" | "exponential", delay }`. */
  readonly backoff?: number | { readonly type: "fixed" | "exponential"; readonly delay: number };
  /** A job not finished this many milliseconds after it is queued fails the run with `timeout` (default: no limit). */
  readonly timeoutMs?: number;
  /** Which nodes go to the workers (default: nodes tagged `executor: "remote"`; `"all"` sends every node that can go). */
  readonly select?: RemoteSelection;
  /** A folder every worker shares (a network mount) for values above `redisBytes`. */
  readonly store?: string;
  /** Values up to this size travel inside the job (default 16 KiB). */
  readonly inlineBytes?: number;
  /** Values up to this size go to Redis, larger ones to `store` when set (default 64 MiB). */
  readonly redisBytes?: number;
  /** Stored values expire after this long even if a run's cleanup never happens (default 24 h). */
  readonly valueTtlMs?: number;
  /** How long Redis may be unreachable, at the start or mid-run, before the run fails (default 5 s). */
  readonly lostAfterMs?: number;
  /** A parallel block's items are split into at most this many jobs (default 16). */
  readonly blockJobs?: number;
  /** After a failed run, how long to wait for its running jobs before deleting its values (default 5 s). */
  readonly endRunGraceMs?: number;
  /**
   * Keep remote results in Redis (or the shared folder) across runs, keyed by node, code
   * versions and input versions instead of the run: a later run — from this driver or any other
   * on the queue — that would send the same node with the same inputs reads the result and
   * queues no job. `true` keeps each result 24 h after its last use; `{ ttlMs }` sets that.
   * Off by default: then every value is deleted when its run ends. `clearResultCache()` empties it.
   */
  readonly resultCache?: boolean | { readonly ttlMs?: number };
}

/** The keys of BullmqExecutorOptions, checked against the interface by the compiler. */
export const BULLMQ_EXECUTOR_OPTION_KEYS = optionKeys<BullmqExecutorOptions>({ connection: true, queue: true, prefix: true, attempts: true, backoff: true, timeoutMs: true, select: true, store: true, inlineBytes: true, redisBytes: true, valueTtlMs: true, lostAfterMs: true, blockJobs: true, endRunGraceMs: true, resultCache: true });

/** The BullMQ executor, with where its nodes ran. */
export interface BullmqExecutor extends NodeExecutor {
  /** Closes the Redis connections; the next remote node opens them again. */
  close(): Promise<void>;
  /**
   * Nodes sent as jobs, run in this process, and parallel-block items sent as jobs, since it was
   * made; `reused`: nodes and block slices answered from the result cache, without a job.
   */
  stats(): { readonly remote: number; readonly local: number; readonly blockItemsRemote: number; readonly reused: number };
  /**
   * Deletes every cached result of this queue (`resultCache`), Redis keys and shared-folder
   * files, for every driver; resolves with the number of Redis keys deleted.
   * @throws FuncflowError `queue_unavailable`.
   */
  clearResultCache(): Promise<number>;
}

/** An argument encoded (for its version) but not stored yet: stored only if its job is sent. */
interface PendingValue {
  readonly value: unknown;
  readonly encoded: EncodedValue;
}

/** What the executor keeps per run: the stored form of values it has seen, so each is stored once. */
interface RunValues {
  readonly known: WeakMap<object, WireValue>;
  /** Every stored value sent or received, deleted when the run ends. */
  readonly refs: Map<string, ValueRef>;
}

/**
 * A NodeExecutor for `Builder.withExecutor` that runs selected nodes (and the items of parallel
 * blocks) on `funcflow worker` processes through BullMQ. Other nodes, and nodes a worker cannot
 * import (from a prebuilt module without a file, or made by a modifier), run in this process.
 * @throws FuncflowError `invalid_argument` at once for a bad option. From `execute`:
 *   `queue_unavailable` (Redis unreachable at the start, or lost mid-run for longer than
 *   `lostAfterMs`, naming the URL), `node_failed` (the function threw on a worker: the cause
 *   carries the remote stack), `version_mismatch` (a worker has other code), `worker_failed`
 *   (a worker cannot load the function, or BullMQ failed the job), `timeout`.
 * @example
 * const remote = bullmqExecutor({ connection: "redis://127.0.0.1:6379", select: "all" });
 * const dr = await new Builder().withModules(url).withExecutor(remote).build();
 * try { await dr.execute(["features"], { inputs }); } finally { await dr.close(); }
 */
export function bullmqExecutor(options: BullmqExecutorOptions): BullmqExecutor {
  requireKnownRecord("bullmqExecutor", "options", options, BULLMQ_EXECUTOR_OPTION_KEYS, `{ connection: "redis://127.0.0.1:6379" }`);
  parseRedisUrl(options?.connection, "bullmqExecutor");
  const settings = checkedSettings(options);
  const selected = remoteSelector(options.select ?? DEFAULT_SELECTION);
  const policy: StorePolicy = { inlineBytes: settings.inlineBytes, redisBytes: settings.redisBytes, useFolder: options.store !== undefined, ttlMs: settings.valueTtlMs };
  const cacheTtlMs = settings.resultCacheTtlMs;
  const cachePolicy: StorePolicy | undefined = cacheTtlMs === undefined ? undefined : { ...policy, ttlMs: cacheTtlMs };
  const runs = new Map<string, RunValues>();
  const warned = new Set<string>();
  let session: Promise<QueueSession> | undefined;
  let remote = 0;
  let local = 0;
  let blockItemsRemote = 0;
  let reused = 0;

  const open = async (): Promise<QueueSession> => {
    for (;;) {
      session ??= QueueSession.open({
        url: options.connection,
        queue: settings.queue,
        prefix: settings.prefix,
        folder: options.store,
        attempts: settings.attempts,
        backoff: options.backoff,
        lostAfterMs: settings.lostAfterMs,
      });
      const opening = session;
      let connected: QueueSession;
      try {
        connected = await opening;
      } catch (error) {
        if (session === opening) session = undefined; // the next run tries again
        throw error;
      }
      if (connected.lost === undefined) return connected;
      // Lost during an earlier run: drop it and connect afresh (a new session is never lost at once).
      if (session === opening) session = undefined;
      void connected.close().catch(() => undefined);
    }
  };
  const valuesOf = (runId: string) => {
    let run = runs.get(runId);
    if (run === undefined) runs.set(runId, (run = { known: new WeakMap(), refs: new Map() }));
    return run;
  };
  const warnLocal = (name: string, why: string) => {
    if (warned.has(name)) return;
    warned.add(name);
    process.emitWarning(`funcflow: ${why} runs in this process: a worker cannot import its function (a prebuilt module without a file, a function its module does not export, or a node made by a modifier).`);
  };

  /** A value for a job: its stored form when this run has stored or received it, else encoded, to be placed if the job is sent. */
  const prepare = async (connection: QueueSession, runId: string, value: unknown): Promise<WireValue | PendingValue> => {
    if (typeof value === "object" && value !== null) {
      const known = valuesOf(runId).known.get(value);
      if (known !== undefined) return known;
    }
    return { value, encoded: await connection.store.encode(value) };
  };
  const place = async (connection: QueueSession, runId: string, prepared: WireValue | PendingValue): Promise<WireValue> => {
    if (!("encoded" in prepared)) return prepared;
    const run = valuesOf(runId);
    const wire = await connection.store.place(prepared.encoded, { runId, name: `in:${prepared.encoded.version}` }, policy);
    if (typeof prepared.value === "object" && prepared.value !== null) run.known.set(prepared.value, wire);
    if ("ref" in wire) run.refs.set(wire.ref.key, wire.ref);
    return wire;
  };
  const versionOf = (prepared: WireValue | PendingValue): WireValue | EncodedValue => ("encoded" in prepared ? prepared.encoded : prepared);
  const receive = async (connection: QueueSession, runId: string, wire: WireValue): Promise<unknown> => {
    const run = valuesOf(runId);
    // A cached result outlives the run: it is not the run's to delete.
    if ("ref" in wire && connection.store.isRunRef(wire.ref, runId)) run.refs.set(wire.ref.key, wire.ref);
    const value = await connection.guard(connection.store.get(wire));
    if (typeof value === "object" && value !== null) run.known.set(value, wire);
    return value;
  };
  /** The cached result for `cacheKey`, read; `found: false` when there is none or its bytes are gone. */
  const reuse = async (connection: QueueSession, runId: string, cacheKey: string | undefined): Promise<{ found: true; value: unknown } | { found: false }> => {
    if (cacheKey === undefined || cacheTtlMs === undefined) return { found: false };
    const wire = await connection.guard(connection.store.cachedResult(cacheKey, cacheTtlMs));
    if (wire === undefined) return { found: false };
    try {
      const value = await receive(connection, runId, wire);
      reused++;
      return { found: true, value };
    } catch (error) {
      if (connection.lost !== undefined) throw error;
      return { found: false }; // its value expired or its file was removed: run the job again
    }
  };
  /** Sends a job and reads its result; with the cache, records the result for later runs. */
  const submit = async (connection: QueueSession, runId: string, job: FuncflowJob): Promise<JobReply> => {
    const reply = await connection.submit(job, options.timeoutMs);
    if (reply.ok && job.cacheKey !== undefined) await connection.guard(connection.store.recordResult(job.cacheKey, reply.result, cacheTtlMs!));
    return reply;
  };

  async function runRemote(task: Pick<NodeTask, "node" | "args" | "runId"> & { readonly address: ModuleAddress }): Promise<unknown> {
    const connection = await open();
    const runId = task.runId ?? "no-run";
    const prepared = await connection.guard(Promise.all(task.args.map((arg) => prepare(connection, runId, arg))));
    const cacheKey = cachePolicy === undefined || !reusable(task.node) ? undefined : resultCacheKey({ node: task.node.name, addresses: [task.address], inputs: prepared.map(versionOf) });
    const cached = await reuse(connection, runId, cacheKey);
    if (cached.found) return cached.value;
    remote++;
    const args = await connection.guard(Promise.all(prepared.map((value) => place(connection, runId, value))));
    const job: NodeJob = { protocol: 1, kind: "node", runId, node: task.node.name, store: cacheKey === undefined ? policy : cachePolicy!, address: task.address, args, ...(cacheKey !== undefined && { cacheKey }) };
    const reply = await submit(connection, runId, job);
    if (!reply.ok) throw replyError(task.node.name, reply);
    return receive(connection, runId, reply.result);
  }

  async function runBlockRemote(task: BlockTask): Promise<unknown[]> {
    const { items } = task;
    if (items.length === 0) return [];
    const connection = await open();
    const runId = task.runId ?? "no-run";
    const steps = task.addresses as readonly ModuleAddress[];
    // The items list itself (argument 0) travels slice by slice; the rest once, by reference when large.
    const outer = await connection.guard(prepare(connection, runId, [undefined, ...task.outer.slice(1)]));
    let outerWire: Promise<WireValue> | undefined;
    const size = Math.ceil(items.length / Math.min(items.length, settings.blockJobs));
    const slices: Promise<unknown[]>[] = [];
    for (let first = 0; first < items.length; first += size) {
      slices.push(
        (async () => {
          const slice = await connection.guard(prepare(connection, runId, items.slice(first, first + size)));
          const block = { wiring: task.wiring, gathered: task.gathered, firstIndex: first };
          const cacheKey = cachePolicy === undefined || ![task.node, ...task.nodes].every(reusable) ? undefined : resultCacheKey({ node: task.node.name, addresses: steps, inputs: [versionOf(slice), versionOf(outer)], block });
          const cached = await reuse(connection, runId, cacheKey);
          if (cached.found) return cached.value as unknown[];
          blockItemsRemote += Math.min(size, items.length - first);
          outerWire ??= connection.guard(place(connection, runId, outer));
          const [itemsWire, shared] = await Promise.all([connection.guard(place(connection, runId, slice)), outerWire]);
          const job: BlockJob = { protocol: 1, kind: "block", runId, node: task.node.name, store: cacheKey === undefined ? policy : cachePolicy!, steps, ...block, items: itemsWire, outer: shared, ...(cacheKey !== undefined && { cacheKey }) };
          const reply = await submit(connection, runId, job);
          if (reply.ok) return (await receive(connection, runId, reply.result)) as unknown[];
          if (reply.stage === "run" && reply.step !== undefined && reply.item !== undefined) throw task.itemFailed(reply.step, reply.item, replyError(task.node.name, reply));
          throw replyError(task.node.name, reply);
        })(),
      );
    }
    return (await Promise.all(slices)).flat(1);
  }

  return {
    name: "bullmq",
    run(task: NodeTask): unknown {
      if (!selected(task.node) || task.address === undefined) {
        if (task.address === undefined && selected(task.node)) warnLocal(task.node.name, `node "${task.node.name}"`);
        local++;
        return (task.fn as (...args: readonly unknown[]) => unknown)(...task.args);
      }
      return runRemote(task as NodeTask & { readonly address: ModuleAddress });
    },
    runBlock(task: BlockTask): Promise<unknown[]> | undefined {
      // Marking a node parallelizable asks for its items to be spread; an explicit selection must accept a node of the block.
      if (options.select !== undefined && ![task.node, ...task.nodes].some(selected)) return undefined;
      const missing = task.nodes.find((_, i) => task.addresses[i] === undefined);
      if (missing !== undefined) {
        warnLocal(task.node.name, `the items of "${task.node.name}" (block node "${missing.name}")`);
        return undefined;
      }
      if (task.recover !== undefined) return runBlockNodeByNode(task, (step, args) => runRemote({ node: task.nodes[step]!, args, address: task.addresses[step]!, ...(task.runId !== undefined && { runId: task.runId }) }));
      return runBlockRemote(task);
    },
    async endRun(runId: string, outcome: { readonly ok: boolean }): Promise<void> {
      const run = runs.get(runId);
      runs.delete(runId);
      if (session === undefined || run === undefined) return; // nothing of this run went remote
      const connection = await session.catch(() => undefined);
      await connection?.endRun(runId, settings.endRunGraceMs, outcome.ok ? [...run.refs.values()] : undefined);
    },
    async close(): Promise<void> {
      const closing = session;
      session = undefined;
      await (await closing?.catch(() => undefined))?.close();
    },
    stats: () => ({ remote, local, blockItemsRemote, reused }),
    async clearResultCache(): Promise<number> {
      const connection = await open();
      return connection.guard(connection.store.clearCache());
    },
  };
}

function checkedSettings(options: BullmqExecutorOptions) {
  const { whole, name } = settingReader("bullmqExecutor", options);
  if (options.timeoutMs !== undefined) whole("timeoutMs", 0, 1);
  return {
    queue: name("queue", "funcflow"),
    prefix: name("prefix", "bull"),
    attempts: whole("attempts", 1, 1),
    inlineBytes: whole("inlineBytes", 16 * 1024, 0),
    redisBytes: whole("redisBytes", 64 * 1024 * 1024, 0),
    valueTtlMs: whole("valueTtlMs", 24 * 3600 * 1000, 1000),
    lostAfterMs: whole("lostAfterMs", 5000, 100),
    blockJobs: whole("blockJobs", 16, 1),
    endRunGraceMs: whole("endRunGraceMs", 5000, 0),
    resultCacheTtlMs: resultCacheTtl(options.resultCache),
  };
}

/**
 * Whether the result cache may answer for a node: not when its source marks it
 * `cacheBehavior("recompute" | "disable" | "ignore")` (it reads a clock, a file, a service…).
 */
function reusable(node: NodeInfo): boolean {
  const behavior = node.tags[CACHE_BEHAVIOR_TAG];
  return behavior === undefined || behavior === "default";
}

/** The result cache's expiry in milliseconds, or undefined when it is off. */
function resultCacheTtl(option: BullmqExecutorOptions["resultCache"]): number | undefined {
  if (option === undefined || option === false) return undefined;
  if (option === true) return 24 * 3600 * 1000;
  const ttlMs = typeof option === "object" && option !== null ? (option.ttlMs ?? 24 * 3600 * 1000) : undefined;
  if (typeof ttlMs !== "number" || !Number.isInteger(ttlMs) || ttlMs < 1000) {
    // For an object, what is wrong is its ttlMs: name that value, not "an object".
    const got = typeof option === "object" && option !== null ? option.ttlMs : option;
    throw invalidArgument("bullmqExecutor", "resultCache", got, "true, false or { ttlMs } with ttlMs a whole number of at least 1000");
  }
  return ttlMs;
}
