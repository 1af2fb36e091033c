/**
 * funcflow/bullmq: runs a pipeline's nodes across processes and machines as BullMQ jobs on
 * Redis. `bullmqExecutor` goes to `Builder.withExecutor`; `startWorker` (or `funcflow worker`)
 * runs the jobs, with code from module files or from an envelope. Loads bullmq, ioredis and
 * apache-arrow; bullmq and ioredis are optional peer dependencies, needed only by users of this entry.
 */
import { FuncflowError, invalidArgument, requireKnownRecord } from "./errors/index.ts";
import { startWorker as startModuleWorker, START_WORKER_OPTION_KEYS, type FuncflowWorker, type StartWorkerOptions as WorkerOptions } from "./bullmq/index.ts";

export { bullmqExecutor, RemoteError, loadModuleCode } from "./bullmq/index.ts";
export type { BullmqExecutor, BullmqExecutorOptions, FuncflowWorker, RemoteSelection, CodeMismatch, WorkerCode, WorkerFunction } from "./bullmq/index.ts";

/** `startWorker`'s options: the code as `modules`, as `code`, or as an `envelope`. */
export interface StartWorkerOptions extends WorkerOptions {
  /**
   * An envelope to run instead of module files: a folder, an id or prefix, `name` or
   * `name@version` in `registry`. The worker needs neither the source nor TypeScript.
   */
  readonly envelope?: string;
  /** The registry folder `envelope` is looked up in (default `.funcflow/registry`). */
  readonly registry?: string;
  /** Called with each drift between the envelope's saving environment and this one (default `process.emitWarning`). */
  readonly onDrift?: (message: string) => void;
}

/**
 * Starts a worker on `options.queue`, with the code of `modules`, `code` or `envelope` (exactly one).
 * @throws FuncflowError `invalid_argument` (bad option, none or several code sources),
 *   `module_not_found`, `scan_failed`, `module_load_failed` (a module), `envelope_not_found`,
 *   `envelope_tampered`, `envelope_invalid` (an envelope), `queue_unavailable` (Redis
 *   unreachable, naming the URL).
 * @example
 * const worker = await startWorker({ connection: "redis://127.0.0.1:6379", envelope: "features@1", concurrency: 2 });
 * process.on("SIGTERM", () => void worker.close());
 */
export async function startWorker(options: StartWorkerOptions): Promise<FuncflowWorker> {
  requireKnownRecord("startWorker", "options", options, [...START_WORKER_OPTION_KEYS, "envelope", "registry", "onDrift"] satisfies readonly (keyof StartWorkerOptions)[], `{ connection: "redis://127.0.0.1:6379", envelope: "features@1" }`);
  const { envelope, registry, onDrift, ...rest } = options;
  if (envelope === undefined) return startModuleWorker(rest);
  if (typeof envelope !== "string" || envelope === "" || rest.modules !== undefined || rest.code !== undefined) {
    throw new FuncflowError("invalid_argument", `startWorker: envelope must be one envelope reference (a folder, an id, name or name@version), given without modules or code; got ${JSON.stringify(envelope)}${rest.modules !== undefined || rest.code !== undefined ? " with modules or code too" : ""}.`);
  }
  if (registry !== undefined && (typeof registry !== "string" || registry === "")) throw invalidArgument("startWorker", "registry", registry, "the path of a registry folder");
  if (onDrift !== undefined && typeof onDrift !== "function") throw invalidArgument("startWorker", "onDrift", onDrift, "a function called with each drift's message");
  // Loaded here: the envelope entry provides the packages an envelope's bundle shares with this process.
  const { envelopeWorkerCode } = await import("./envelope.ts");
  const code = await envelopeWorkerCode(envelope, { ...(registry !== undefined && { registry }), ...(onDrift !== undefined && { onDrift }) });
  return startModuleWorker({ ...rest, code });
}
