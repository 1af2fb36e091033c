/**
 * Runs chosen nodes as BullMQ jobs on Redis, done by `funcflow worker` processes on this or
 * other machines. The Driver keeps the schedule: a node becomes one job when its inputs are
 * ready, so the workers never see the graph. Values travel by reference when large (see
 * ValueStore); a value that came back from one job is passed on to the next as the same reference.
 */
import { FuncflowError } from "../errors/index.ts";
import type { BlockTask, ModuleAddress, NodeExecutor, NodeTask } from "../executors/index.ts";
import type { BlockJob, NodeJob, StorePolicy, ValueRef, WireValue } from "./job-protocol.ts";
import { QueueSession } from "./queue-session.ts";
import { parseRedisUrl } from "./redis-url.ts";
import { replyError } from "./remote-errors.ts";
import { DEFAULT_SELECTION, remoteSelector, type RemoteSelection } from "./remote-selection.ts";

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
}

/** The BullMQ executor, with where its nodes ran. */
export interface BullmqExecutor extends NodeExecutor {
  /** Closes the Redis connections; the next remote node opens them again. */
  close(): Promise<void>;
  /** Nodes sent as jobs, run in this process, and parallel-block items sent as jobs, since it was made. */
  stats(): { readonly remote: number; readonly local: number; readonly blockItemsRemote: number };
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
  parseRedisUrl(options?.connection, "bullmqExecutor");
  const settings = checkedSettings(options);
  const selected = remoteSelector(options.select ?? DEFAULT_SELECTION);
  const policy: StorePolicy = { inlineBytes: settings.inlineBytes, redisBytes: settings.redisBytes, useFolder: options.store !== undefined, ttlMs: settings.valueTtlMs };
  const runs = new Map<string, RunValues>();
  const warned = new Set<string>();
  let session: Promise<QueueSession> | undefined;
  let remote = 0;
  let local = 0;
  let blockItemsRemote = 0;

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
    process.emitWarning(`funcflow: ${why} runs in this process: a worker cannot import its function (a prebuilt module without a file, or a node made by a modifier).`);
  };

  /** Encodes a value for a job, reusing the stored form of a value this run has stored or received. */
  const send = async (connection: QueueSession, runId: string, value: unknown): Promise<WireValue> => {
    const run = valuesOf(runId);
    if (typeof value === "object" && value !== null) {
      const known = run.known.get(value);
      if (known !== undefined) return known;
    }
    const wire = await connection.store.put(value, runId, (version) => `in:${version}`, policy);
    if (typeof value === "object" && value !== null) run.known.set(value, wire);
    if ("ref" in wire) run.refs.set(wire.ref.key, wire.ref);
    return wire;
  };
  const receive = async (connection: QueueSession, runId: string, wire: WireValue): Promise<unknown> => {
    const run = valuesOf(runId);
    if ("ref" in wire) run.refs.set(wire.ref.key, wire.ref);
    const value = await connection.guard(connection.store.get(wire));
    if (typeof value === "object" && value !== null) run.known.set(value, wire);
    return value;
  };

  async function runRemote(task: NodeTask & { readonly address: ModuleAddress }): Promise<unknown> {
    const connection = await open();
    const runId = task.runId ?? "no-run";
    const args = await connection.guard(Promise.all(task.args.map((arg) => send(connection, runId, arg))));
    const job: NodeJob = { protocol: 1, kind: "node", runId, node: task.node.name, store: policy, address: task.address, args };
    const reply = await connection.submit(job, options.timeoutMs);
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
    const outer = await connection.guard(send(connection, runId, [undefined, ...task.outer.slice(1)]));
    const size = Math.ceil(items.length / Math.min(items.length, settings.blockJobs));
    const slices: Promise<unknown[]>[] = [];
    for (let first = 0; first < items.length; first += size) {
      slices.push(
        (async () => {
          const slice = await connection.guard(send(connection, runId, items.slice(first, first + size)));
          const job: BlockJob = { protocol: 1, kind: "block", runId, node: task.node.name, store: policy, steps, wiring: task.wiring, gathered: task.gathered, items: slice, outer, firstIndex: first };
          const reply = await connection.submit(job, options.timeoutMs);
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
      remote++;
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
      blockItemsRemote += task.items.length;
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
    stats: () => ({ remote, local, blockItemsRemote }),
  };
}

function checkedSettings(options: BullmqExecutorOptions) {
  const whole = (name: keyof BullmqExecutorOptions, fallback: number, min: number): number => {
    const value = options[name] ?? fallback;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
      throw new FuncflowError("invalid_argument", `bullmqExecutor: ${name} must be a whole number of at least ${min}, got ${String(value)}.`);
    }
    return value;
  };
  const name = (key: "queue" | "prefix", fallback: string): string => {
    const value = options[key] ?? fallback;
    if (typeof value !== "string" || value === "" || value.includes(":")) {
      throw new FuncflowError("invalid_argument", `bullmqExecutor: ${key} must be a non-empty name without ":", got ${JSON.stringify(value)}.`);
    }
    return value;
  };
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
  };
}
