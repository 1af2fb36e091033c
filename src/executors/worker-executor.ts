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
import type { ResourceLimits } from "node:worker_threads";
import { Piscina } from "piscina";
import { didYouMean, FuncflowError, invalidArgument, listNames, optionKeys, suggestNames, requireKnownRecord } from "../errors/index.ts";
import type { BlockTask, ModuleAddress, NodeExecutor, NodeTask } from "./node-executor.ts";
import { nodeSelector, type NodeSelection } from "./node-selection.ts";
import { runBlockNodeByNode } from "./run-block-node-by-node.ts";
import { TaskBatcher, type LostBatch } from "./task-batcher.ts";
import { decodeValue, encodeValue } from "../codec/index.ts";
import type { WorkerBlockTask, WorkerReply, WorkerTask } from "./worker-protocol.ts";

/** Which nodes go to the workers: all that can, those with matching tags, or a policy. */
export type WorkerSelection = NodeSelection;

export interface WorkerExecutorOptions {
  /** Worker threads (default: the number of cores). */
  readonly threads?: number;
  /** Default `{ tags: { executor: "worker" } }`: nodes tagged `tag({ executor: "worker" }, …)`. */
  readonly select?: WorkerSelection;
  /** How results' buffers come back: moved (`transfer`, default) or copied into shared memory (`share`). */
  readonly resultBuffers?: "transfer" | "share";
  /**
   * Node flags for the workers. Default: this process's, plus tsx's loader when a worker must
   * import a TypeScript module and the flags carry no TypeScript loader (this process may have
   * registered one by API, which threads do not inherit).
   */
  readonly execArgv?: readonly string[];
  /** Per-thread memory limits (Node's `resourceLimits`); a worker that goes past them dies, and its node fails with `worker_failed`. */
  readonly resourceLimits?: ResourceLimits;
}

/** The keys of WorkerExecutorOptions, checked against the interface by the compiler. */
export const WORKER_EXECUTOR_OPTION_KEYS = optionKeys<WorkerExecutorOptions>({ threads: true, select: true, resultBuffers: true, execArgv: true, resourceLimits: true });

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
 * @throws FuncflowError `worker_failed` from `execute` when a worker cannot load a module, cannot be sent a
 * node's arguments, or dies while running a node (the pool replaces the thread for later runs).
 * @example
 * const dr = await new Builder().withModules(url).withExecutor(workerExecutor({ select: { tags: { cpu: "heavy" } } })).build();
 * try { await dr.execute(["model"]); } finally { await dr.close(); }
 */
export function workerExecutor(options: WorkerExecutorOptions = {}): WorkerExecutor {
  requireKnownRecord("workerExecutor", "options", options as unknown, WORKER_EXECUTOR_OPTION_KEYS, "{ threads: 4 }");
  const { execArgv, resultBuffers: buffers } = options;
  // Spread into the pool's flags later: a string would become one flag per character.
  if (execArgv !== undefined && !(Array.isArray(execArgv) && execArgv.every((flag) => typeof flag === "string"))) {
    throw invalidArgument("workerExecutor", "execArgv", execArgv, 'an array of Node flags, e.g. ["--import", "tsx"]');
  }
  if (buffers !== undefined && buffers !== "transfer" && buffers !== "share") throw invalidArgument("workerExecutor", "resultBuffers", buffers, '"transfer" or "share"');
  const threads = options.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) {
    throw new FuncflowError("invalid_argument", `workerExecutor: threads must be a whole number of at least 1, got ${String(threads)}.`);
  }
  checkResourceLimits(options.resourceLimits);
  const selected = nodeSelector(options.select ?? { tags: { executor: "worker" } });
  const resultBuffers = options.resultBuffers ?? "transfer";
  const warned = new Set<string>();
  let pool: { readonly piscina: Piscina; readonly batcher: TaskBatcher; readonly typeScript: boolean } | undefined;
  let onWorkers = 0;
  let inMainThread = 0;
  let blockItemsOnWorkers = 0;
  const batcherFor = (urls: readonly string[]) => {
    const typeScriptModule = urls.find(isTypeScriptUrl);
    // A pool started for .js modules has no loader: the first TypeScript one replaces it (tasks in flight finish first).
    if (pool !== undefined && typeScriptModule !== undefined && !pool.typeScript && options.execArgv === undefined) {
      void pool.piscina.close().catch(() => undefined);
      pool = undefined;
    }
    if (pool === undefined) {
      const piscina = createPool(threads, options.execArgv ?? workerExecArgv(typeScriptModule), options.resourceLimits);
      pool = { piscina, batcher: new TaskBatcher((batch) => piscina.run(batch) as Promise<WorkerReply[]>, threads, resultBuffers), typeScript: typeScriptModule !== undefined };
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
      if (!importable(task.address)) {
        if (!warned.has(task.node.name)) {
          warned.add(task.node.name);
          process.emitWarning(`funcflow: node "${task.node.name}" runs in the main thread: a worker cannot import its function (a prebuilt module, a function its module does not export, or a node made by a modifier).`);
        }
        return runInMainThread(task);
      }
      onWorkers++;
      return runOnWorker(batcherFor([task.address.url]), task.node.name, task.address, task.args);
    },
    runBlock(task: BlockTask): Promise<unknown[]> | undefined {
      // Marking a node parallelizable asks for its items to be spread, so with the default
      // selection every block goes to the workers; an explicit one must accept a node of the block.
      if (options.select !== undefined && ![task.node, ...task.nodes].some(selected)) return undefined;
      const missing = task.nodes.find((_, i) => !importable(task.addresses[i]));
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
      const batcher = batcherFor(task.addresses.map((address) => address!.url));
      if (task.recover !== undefined) return runBlockNodeByNode(task, (step, args) => runOnWorker(batcher, task.nodes[step]!.name, task.addresses[step]!, args));
      return runBlockOnWorkers(batcher, task, threads);
    },
    async close() {
      const closing = pool;
      pool = undefined;
      await closing?.piscina.destroy();
    },
    stats: () => ({ onWorkers, inMainThread, blockItemsOnWorkers }),
  };
}

async function runOnWorker(batcher: TaskBatcher, node: string, address: ModuleAddress, args: readonly unknown[]): Promise<unknown> {
  // Arguments belong to the main thread (other nodes may read them), so they are never moved.
  const message: WorkerTask = { url: address.url, exportName: address.exportName, node, args: args.map((arg) => encodeValue(arg, "clone").payload) };
  const reply = await submit(batcher, message);
  if (reply.ok) return decodeValue(reply.result);
  if (reply.stage === "run") throw reply.error;
  throw workerFailed(node, `the worker could not load ${address.url}`, reply.error, [address.url]);
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
  const reply = await submit(batcher, message);
  if (reply.ok) return (await decodeValue(reply.result)) as unknown[];
  if (reply.stage === "load") throw workerFailed(task.node.name, `the worker could not load the block's modules (${message.steps.map((step) => step.url).join(", ")})`, reply.error, message.steps.map((step) => step.url));
  if (reply.step !== undefined && reply.item !== undefined) throw task.itemFailed(reply.step, reply.item, reply.error);
  throw reply.error;
}

/** Sends a task to the pool; a task that gets no reply fails with `worker_failed` naming its node. */
async function submit(batcher: TaskBatcher, message: WorkerTask | WorkerBlockTask): Promise<WorkerReply> {
  try {
    return await batcher.submit(message);
  } catch (lost) {
    throw workerLost(message.node, lost as LostBatch);
  }
}

/**
 * The error for a node whose task got no reply. Either the main thread could not clone a value
 * into the message, or the worker thread stopped mid-task: by code run on it (a node that merely
 * throws is replied to, so this is never `node_failed`), or by `close()` during the run.
 */
function workerLost(node: string, lost: LostBatch): FuncflowError {
  const cause = lost.error;
  const sentWith = [...new Set(lost.nodes)].filter((name) => name !== node);
  const together = sentWith.length === 0 ? "" : ` (it shared a worker message with ${listNames(sentWith)}; any of them may be the cause)`;
  const fields = { node, cause, details: { sentWith } };
  if (cause instanceof Error && cause.name === "DataCloneError") {
    return new FuncflowError(
      "worker_failed",
      `Node "${node}": a value could not be sent to a worker thread: ${cause.message.replace(/\.$/, "")}${together}. Inputs of nodes on workers must be data (structured-cloneable), not functions or objects holding them; pass data, or run the node in the main thread.`,
      fields,
    );
  }
  let reason = cause instanceof Error ? cause.message : String(cause);
  // A DOMException thrown on a worker (the one a result that cannot be cloned raises there) reaches this thread as `{}`.
  if (typeof cause === "object" && !(cause instanceof Error)) {
    reason = "an error the thread could not send back (a result that cannot be cloned, such as a function, ends the thread this way)";
  }
  return new FuncflowError(
    "worker_failed",
    `Node "${node}": its worker thread died before the node finished: ${reason}${together}. Code on that thread ended it: process.exit(), an error thrown outside the node's promise (in a timer or event callback, perhaps one left by a node that ran there earlier), or going past the executor's resourceLimits; look for these in the node's code.`,
    fields,
  );
}

const RESOURCE_LIMITS: readonly (keyof ResourceLimits)[] = ["maxOldGenerationSizeMb", "maxYoungGenerationSizeMb", "codeRangeSizeMb", "stackSizeMb"];

/** Checked here: Node would reject a bad limit only when the pool starts, inside the first run. */
function checkResourceLimits(limits: ResourceLimits | undefined): void {
  if (limits === undefined) return;
  for (const [name, value] of Object.entries(limits as Record<string, unknown>)) {
    if (!RESOURCE_LIMITS.includes(name as keyof ResourceLimits)) {
      throw new FuncflowError("invalid_argument", `workerExecutor: resourceLimits has no setting "${name}"${didYouMean(suggestNames(name, RESOURCE_LIMITS))}; it takes ${RESOURCE_LIMITS.join(", ")}.`);
    }
    if (typeof value !== "number" || !(value > 0)) {
      throw new FuncflowError("invalid_argument", `workerExecutor: resourceLimits.${name} must be a positive number of megabytes, got ${String(value)}.`);
    }
  }
}

/** A module (or a block's modules) a worker could not import. */
function workerFailed(node: string, what: string, cause: unknown, urls: readonly string[]): FuncflowError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const typeScript = urls.filter((url) => /\.[cm]?tsx?$/.test(url));
  if (typeScript.length > 0) {
    // Node's own message ("Unknown file extension", "Unexpected token") does not say what to do.
    return new FuncflowError(
      "worker_failed",
      `Node "${node}": ${what}: ${reason}. ${typeScript.length === 1 ? "Its module is" : "These modules are"} TypeScript, and worker threads load modules with their own Node flags. funcflow adds tsx's loader to them when tsx is installed (\`npm install --save-dev tsx\`); with another loader, pass it: workerExecutor({ execArgv: ["--import", "<your loader>"] }) (add your other flags too), or run compiled .js modules.`,
      { node, cause, details: { modules: typeScript, execArgv: "pass a TypeScript loader" } },
    );
  }
  return new FuncflowError(
    "worker_failed",
    `Node "${node}": ${what}: ${reason}. The node itself did not run to completion; check that its module imports in a fresh thread (no state set up by the main thread).`,
    { node, cause },
  );
}


function createPool(threads: number, execArgv: readonly string[], resourceLimits: ResourceLimits | undefined): Piscina {
  const here = import.meta.url;
  const filename = fileURLToPath(new URL(`./node-worker${extname(here)}`, here));
  const pool = new Piscina({
    filename,
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 60_000,
    recordTiming: false,
    execArgv: [...execArgv],
    resourceLimits,
  });
  // A thread that dies while idle (a timer left by an earlier node threw) is replaced; an
  // 'error' event without a listener would instead end this whole process.
  pool.on("error", (error: unknown) => {
    process.emitWarning(`funcflow workers: a worker thread died between tasks: ${error instanceof Error ? error.message : String(error)}. A node that ran on it left a timer or callback that threw.`, "FuncflowWorkerWarning");
  });
  return pool;
}

const TYPESCRIPT_URL = /(?<!\.d)\.[cm]?tsx?$/;

function isTypeScriptUrl(url: string): boolean {
  return TYPESCRIPT_URL.test(url);
}

/** Flags that already let a thread import TypeScript: a loader (tsx, ts-node) or Node's own type stripping. */
const TYPESCRIPT_FLAG = /tsx|ts-node|strip-types|transform-types/;

/**
 * Workers inherit this process's Node flags. When they must import TypeScript (a worker node's
 * module is `.ts`, or funcflow itself runs from source) and the flags carry no loader, they get
 * tsx's, resolved from the module's folder (the user's project) or else from funcflow's: the
 * main thread imported that module, so a loader runs here, perhaps registered by API
 * (`register()` from `tsx/esm/api`), which threads do not inherit. Without tsx, the workers'
 * failure says what to pass.
 */
function workerExecArgv(typeScriptModule: string | undefined): string[] {
  const inherited = process.execArgv;
  const here = import.meta.url;
  const needsLoader = typeScriptModule !== undefined || isTypeScriptUrl(here);
  const nodeStripsTypes = Boolean((process.features as { readonly typescript?: unknown }).typescript);
  if (!needsLoader || nodeStripsTypes || inherited.some((flag) => TYPESCRIPT_FLAG.test(flag))) return [...inherited];
  for (const base of [typeScriptModule, here]) {
    if (base === undefined) continue;
    try {
      return [...inherited, "--import", pathToFileURL(createRequire(base).resolve("tsx")).href];
    } catch {
      // tsx is not installed where this base can see it; try the next.
    }
  }
  return [...inherited];
}

/** A thread can import only files: an envelope's module URL (`funcflow-envelope://…`) is for remote workers that hold the envelope. */
function importable(address: ModuleAddress | undefined): address is ModuleAddress {
  return address?.url.startsWith("file:") === true;
}
