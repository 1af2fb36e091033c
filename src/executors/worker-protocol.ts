/** The messages between `workerExecutor` and its worker threads. */
import type { BlockSlot } from "../graph/index.ts";
import type { ModuleAddress } from "./node-executor.ts";
import type { Encoded } from "../codec/index.ts";

/** One node to run: where its function is, and its encoded arguments. */
export interface WorkerTask {
  readonly kind?: "node";
  readonly url: string;
  readonly exportName: string;
  readonly node: string;
  readonly args: readonly Encoded[];
}

/**
 * A slice of a parallel block's items: the worker runs the block's functions for each item and
 * replies with the gathered values (an encoded list), or with the failing step and item.
 */
export interface WorkerBlockTask {
  readonly kind: "block";
  /** The collect node, for messages. */
  readonly node: string;
  readonly steps: readonly ModuleAddress[];
  readonly wiring: readonly (readonly BlockSlot[])[];
  readonly gathered: BlockSlot;
  /** The slice's items, encoded as one list. */
  readonly items: Encoded;
  /** The compiled collect node's arguments, encoded as one list. */
  readonly outer: Encoded;
  /** The index of the slice's first item among all the items. */
  readonly firstIndex: number;
}

/** Several tasks sent as one message, so a batch of small nodes pays the thread round trip once. */
export interface WorkerBatch {
  readonly tasks: readonly (WorkerTask | WorkerBlockTask)[];
  /** How the worker sends back buffers of the results. */
  readonly resultBuffers: "transfer" | "share";
}

/**
 * The worker's answer for one task. Errors are sent as values rather than thrown, so the main
 * thread can tell a node that threw (`run`) from a module the worker could not load (`load`).
 * A block task's failure also says which step failed on which item.
 */
export type WorkerReply =
  | { readonly ok: true; readonly result: Encoded }
  | { readonly ok: false; readonly stage: "load" | "run"; readonly error: unknown; readonly step?: number; readonly item?: number };
