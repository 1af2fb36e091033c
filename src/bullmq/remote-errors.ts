/** Errors as data for the trip back from a worker, and the driver's errors for failed replies. */
import { FuncflowError, invalidArgument, requireString } from "../errors/index.ts";
import type { JobReply, RemoteErrorData } from "./job-protocol.ts";
import { redactRedisUrl } from "./redis-url.ts";

/** An error thrown on a worker, rebuilt on the driver: its name, message, code and the remote stack. */
export class RemoteError extends Error {
  /** `host:pid` of the worker it was thrown on. */
  readonly worker: string;
  readonly code: string | undefined;

  constructor(data: RemoteErrorData, worker: string) {
    const isData = typeof data === "object" && data !== null && typeof data.name === "string" && typeof data.message === "string";
    if (!isData) throw invalidArgument("RemoteError", "data", data, '{ name, message, stack?, code? } as errorData(error) makes it on the worker');
    requireString("RemoteError", "worker", worker, '"host:pid" of the worker');
    super(data.message);
    this.name = data.name;
    this.code = data.code;
    this.worker = worker;
    this.stack = `${data.stack ?? `${data.name}: ${data.message}`}\n    (thrown on funcflow worker ${worker})`;
  }
}

/** @example errorData(new TypeError("bad")); // { name: "TypeError", message: "bad", stack: "…", code: undefined } */
export function errorData(error: unknown): RemoteErrorData {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, stack: error.stack, code: code === undefined ? undefined : String(code) };
  }
  return { name: "Error", message: String(error), stack: undefined, code: undefined };
}

type Failure = Extract<JobReply, { ok: false }>;

/**
 * The driver's error for a failed reply that is not the function's own throw.
 * `version` → `version_mismatch` naming both versions; `load` → `worker_failed`.
 */
export function replyError(node: string, reply: Failure): Error {
  if (reply.stage === "run") return new RemoteError(reply.error, reply.worker);
  if (reply.stage === "version" && reply.codeOf === "envelope") {
    return new FuncflowError(
      "version_mismatch",
      `Node "${node}": worker ${reply.worker} runs ${reply.workerVersion}, but the driver's code comes from ${reply.expectedVersion}. Start the workers from the driver's envelope (funcflow worker <name@version> --redis URL), then run again.`,
      { node, details: { exportName: reply.exportName, expectedVersion: reply.expectedVersion, workerVersion: reply.workerVersion, worker: reply.worker, codeOf: "envelope" } },
    );
  }
  if (reply.stage === "version") {
    return new FuncflowError(
      "version_mismatch",
      `Node "${node}": worker ${reply.worker} has other code for "${reply.exportName}": the driver runs code version ${reply.expectedVersion}, the worker ${reply.workerVersion ?? "none (it could not read one)"}. Restart the workers from the same module source as the driver, then run again.`,
      { node, details: { exportName: reply.exportName, expectedVersion: reply.expectedVersion, workerVersion: reply.workerVersion, worker: reply.worker } },
    );
  }
  return new FuncflowError(
    "worker_failed",
    `Node "${node}": worker ${reply.worker} could not load its function: ${reply.error.message}. Start the workers with the module that defines it (funcflow worker <module> --redis URL).`,
    { node, cause: new RemoteError(reply.error, reply.worker), details: { worker: reply.worker } },
  );
}

/**
 * Redis cannot be reached (at the start) or was lost (mid-run).
 * @example queueUnavailable("redis://127.0.0.1:6390", "is unreachable: connect ECONNREFUSED", cause)
 */
export function queueUnavailable(url: string, what: string, cause: unknown, who = "bullmqExecutor"): FuncflowError {
  const where = redactRedisUrl(url);
  return new FuncflowError(
    "queue_unavailable",
    `${who}: Redis at ${where} ${what}. Check that redis-server runs there and that this machine can reach it (redis-cli -u ${where} ping).`,
    { cause, details: { url: where } },
  );
}
