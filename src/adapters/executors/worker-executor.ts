/**
 * Runs chosen nodes on worker threads (a piscina pool), so CPU-heavy nodes use the other
 * cores. A worker imports the node's module by its file URL, so module-level state is per
 * thread; the main thread sends only the module URL, export name and arguments.
 *
 * What is copied: arguments are sent by structured clone, which copies ordinary ArrayBuffers
 * (typed arrays, Arrow buffers) once per task, but never a SharedArrayBuffer (use
 * `shareBuffers` on a large input to put it in shared memory once). Results come back with
 * their buffers moved (transferred), not copied; with `resultBuffers: "share"` the worker copies
 * them into shared memory instead, so later worker nodes read them without a copy.
 */
import { availableParallelism } from "node:os";
import { createRequire } from "node:module";
import { extname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Piscina } from "piscina";
import { FuncflowError } from "../../errors.ts";
import type { NodeInfo } from "../../graph/index.ts";
import type { BlockTask, ModuleAddress, NodeExecutor, NodeTask } from "./node-executor.ts";
import { TaskBatcher } from "./task-batcher.ts";
import { decodeValue, encodeValue } from "./transfer-codec.ts";
import type { WorkerBlockTask, WorkerReply, WorkerTask } from "./worker-protocol.ts";

/** Which nodes go to the workers: all that can, those with matching tags, or a policy. */
export type WorkerSelection =
  | "all"
  | { readonly tags: Readonly<Record<string, string | readonly string[] | null>> }
  | ((node: NodeInfo) => boolean);

export interface WorkerExecutorOptions {
  /** Worker threads (default: the number of cores). */
  readonly threads?: number;
  /** Default `{ tags: { executor: "worker" } }`: nodes tagged `tag({ executor: "worker" }, …)`. */
  readonly select?: WorkerSelection;
  /** How results' buffers come back: moved (`transfer`, default) or copied into shared memory (`share`). */
  readonly resultBuffers?: "transfer" | "share";
  /** Node flags for the workers (default: this process's, plus a TypeScript loader when needed). */
  readonly execArgv?: readonly string[];
}

/** The worker executor, with where its nodes ran. */
export interface WorkerExecutor extends NodeExecutor {
  /** Stops the worker threads; the next node sent to a worker starts them again. */
  close(): Promise<void>;
  /**
   * How many nodes ran on workers and in the main thread since it was made; `blockItemsOnWorkers`
   * counts the items of parallel blocks run on workers (a block run in the main thread counts
   * as one node there).
   */
  stats(): { readonly onWorkers: number; readonly inMainThread: number; readonly blockItemsOnWorkers: number };
}

/**
 * A worker-thread executor for `Builder.withExecutor`. Nodes not selected, and nodes a worker
 * cannot import (from a prebuilt module with no file, or made by a modifier from another
 * function), run in the main thread; the latter with a one-time warning.
 * @throws FuncflowError `worker_failed` from `execute` when a worker cannot load a module or dies.
 * @example
 * const dr = await new Builder().withModules(url).withExecutor(workerExecutor({ select: { tags: { cpu: "heavy" } } })).build();
 * try { await dr.execute(["model"]); } finally { await dr.close(); }
 */
export function workerExecutor(options: WorkerExecutorOptions = {}): WorkerExecutor {
  const threads = options.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) {
    throw new FuncflowError("invalid_argument", `workerExecutor: threads must be a whole number of at least 1, got ${String(threads)}.`);
  }
  const selected = selector(options.select ?? { tags: { executor: "worker" } });
  const resultBuffers = options.resultBuffers ?? "transfer";
  const warned = new Set<string>();
  let pool: { readonly piscina: Piscina; readonly batcher: TaskBatcher } | undefined;
  let onWorkers = 0;
  let inMainThread = 0;
  let blockItemsOnWorkers = 0;
  const batcherFor = () => {
    if (pool === undefined) {
      const piscina = createPool(threads, options.execArgv);
      pool = { piscina, batcher: new TaskBatcher((batch) => piscina.run(batch) as Promise<WorkerReply[]>, threads, resultBuffers) };
    }
    return pool.batcher;
  };

  const runInMainThread = (task: NodeTask) => {
    inMainThread++;
    return (task.fn as (...args: readonly unknown[]) => unknown)(...task.args);
  };

  return {
    name: "workers",
    run(task: NodeTask): unknown {
      if (!selected(task.node)) return runInMainThread(task);
      if (task.address === undefined) {
        if (!warned.has(task.node.name)) {
          warned.add(task.node.name);
          process.emitWarning(`funcflow: node "${task.node.name}" runs in the main thread: a worker cannot import its function (a prebuilt module, or a node made by a modifier).`);
        }
        return runInMainThread(task);
      }
      onWorkers++;
      return runOnWorker(batcherFor(), task);
    },
    runBlock(task: BlockTask): Promise<unknown[]> | undefined {
      // Marking a node parallelizable asks for its items to be spread, so with the default
      // selection every block goes to the workers; an explicit one must accept a node of the block.
      if (options.select !== undefined && ![task.node, ...task.nodes].some(selected)) return undefined;
      const missing = task.nodes.find((_, i) => task.addresses[i] === undefined);
      if (missing !== undefined) {
        if (!warned.has(task.node.name)) {
          warned.add(task.node.name);
          process.emitWarning(
            `funcflow: the items of "${task.node.name}" run in the main thread: a worker cannot import block node "${missing.name}" (a prebuilt module, or a node made by a modifier).`,
          );
        }
        return undefined; // the engine then calls run(), which counts it and does not warn again
      }
      blockItemsOnWorkers += task.items.length;
      return runBlockOnWorkers(batcherFor(), task, threads);
    },
    async close() {
      const closing = pool;
      pool = undefined;
      await closing?.piscina.destroy();
    },
    stats: () => ({ onWorkers, inMainThread, blockItemsOnWorkers }),
  };
}

async function runOnWorker(batcher: TaskBatcher, task: NodeTask): Promise<unknown> {
  const address = task.address!;
  // Arguments belong to the main thread (other nodes may read them), so they are never moved.
  const args = task.args.map((arg) => encodeValue(arg, "clone").payload);
  const message: WorkerTask = { url: address.url, exportName: address.exportName, node: task.node.name, args };
  let reply: WorkerReply;
  try {
    reply = await batcher.submit(message);
  } catch (error) {
    throw workerFailed(task.node.name, "the worker thread failed", error);
  }
  if (reply.ok) return decodeValue(reply.result);
  if (reply.stage === "run") throw reply.error;
  throw workerFailed(task.node.name, `the worker could not load ${address.url}`, reply.error);
}

/**
 * Splits the items into slices (a few per thread, so a slow slice does not leave a thread idle)
 * and sends each as one task; the block's outside inputs are encoded once but, like any
 * argument, copied into each slice's message unless their buffers are shared.
 */
async function runBlockOnWorkers(batcher: TaskBatcher, task: BlockTask, threads: number): Promise<unknown[]> {
  const { items } = task;
  if (items.length === 0) return [];
  // The items list itself (argument 0) is sent slice by slice, not with every slice.
  const outer = encodeValue([undefined, ...task.outer.slice(1)], "clone").payload;
  const steps = task.addresses as readonly ModuleAddress[];
  const slices = Math.min(items.length, threads * 4);
  const size = Math.ceil(items.length / slices);
  const parts: Promise<unknown[]>[] = [];
  for (let first = 0; first < items.length; first += size) {
    const message: WorkerBlockTask = {
      kind: "block",
      node: task.node.name,
      steps,
      wiring: task.wiring,
      gathered: task.gathered,
      items: encodeValue(items.slice(first, first + size), "clone").payload,
      outer,
      firstIndex: first,
    };
    parts.push(runSlice(batcher, task, message));
  }
  return (await Promise.all(parts)).flat(1);
}

async function runSlice(batcher: TaskBatcher, task: BlockTask, message: WorkerBlockTask): Promise<unknown[]> {
  let reply: WorkerReply;
  try {
    reply = await batcher.submit(message);
  } catch (error) {
    throw workerFailed(task.node.name, "the worker thread failed", error);
  }
  if (reply.ok) return (await decodeValue(reply.result)) as unknown[];
  if (reply.stage === "load") throw workerFailed(task.node.name, `the worker could not load the block's modules (${message.steps.map((step) => step.url).join(", ")})`, reply.error);
  if (reply.step !== undefined && reply.item !== undefined) throw task.itemFailed(reply.step, reply.item, reply.error);
  throw reply.error;
}

function workerFailed(node: string, what: string, cause: unknown): FuncflowError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new FuncflowError(
    "worker_failed",
    `Node "${node}": ${what}: ${reason}. The node itself did not run to completion; check that its module imports in a fresh thread (no state set up by the main thread).`,
    { node, cause },
  );
}

function selector(selection: WorkerSelection): (node: NodeInfo) => boolean {
  if (selection === "all") return () => true;
  if (typeof selection === "function") return selection;
  const wanted = Object.entries(selection.tags);
  return (node) =>
    wanted.every(([key, accepted]) => {
      if (!Object.hasOwn(node.tags, key)) return false;
      if (accepted === null) return true;
      const present = ([] as string[]).concat(node.tags[key]!);
      return ([] as string[]).concat(accepted).some((value) => present.includes(value));
    });
}

function createPool(threads: number, execArgv: readonly string[] | undefined): Piscina {
  const here = import.meta.url;
  const filename = fileURLToPath(new URL(`./node-worker${extname(here)}`, here));
  return new Piscina({
    filename,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
    recordTiming: false,
    execArgv: [...(execArgv ?? workerExecArgv(here))],
  });
}

/**
 * Workers inherit this process's Node flags. Run from TypeScript source (tests, tsx) without a
 * TypeScript loader among them, the workers get tsx's, so they can import `.ts` modules.
 */
function workerExecArgv(here: string): string[] {
  const inherited = process.execArgv;
  if (!here.endsWith(".ts") || inherited.some((flag) => flag.includes("tsx"))) return [...inherited];
  const tsx = createRequire(here).resolve("tsx");
  return [...inherited, "--import", pathToFileURL(tsx).href];
}
