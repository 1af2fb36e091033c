/** The messages between `workerExecutor` and its worker threads. */
import type { Encoded } from "./transfer-codec.ts";

/** One node to run: where its function is, and its encoded arguments. */
export interface WorkerTask {
  readonly url: string;
  readonly exportName: string;
  readonly node: string;
  readonly args: readonly Encoded[];
}

/** Several nodes sent as one message, so a batch of small nodes pays the thread round trip once. */
export interface WorkerBatch {
  readonly tasks: readonly WorkerTask[];
  /** How the worker sends back buffers of the results. */
  readonly resultBuffers: "transfer" | "share";
}

/**
 * The worker's answer for one task. Errors are sent as values rather than thrown, so the main
 * thread can tell a node that threw (`run`) from a module the worker could not load (`load`).
 */
export type WorkerReply =
  | { readonly ok: true; readonly result: Encoded }
  | { readonly ok: false; readonly stage: "load" | "run"; readonly error: unknown };
