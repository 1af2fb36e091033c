/** What a funcflow job carries to a worker through BullMQ, and what the worker replies. */
import type { BlockTask, ModuleAddress } from "../executors/index.ts";

/** How a value's bytes are laid out: Arrow IPC for a table or column, V8 serialization otherwise. */
export type WireFormat = "arrow-table" | "arrow-vector" | "v8";

/** Where a stored value's bytes are: a Redis key, or a file under the shared store folder. */
export interface ValueRef {
  readonly where: "redis" | "file";
  /** The Redis key, or the file's path relative to the store folder. */
  readonly key: string;
  readonly bytes: number;
}

/**
 * One value on the wire: its bytes inline (base64) when small, else a reference to where they
 * are. `version` is a hash of the bytes, so equal values have equal versions.
 */
export type WireValue =
  | { readonly format: WireFormat; readonly version: string; readonly inline: string }
  | { readonly format: WireFormat; readonly version: string; readonly ref: ValueRef };

/** Where the worker puts its result, as the driver decided (it reads it back and cleans it up). */
export interface StorePolicy {
  /** Values up to this many bytes travel in the reply. */
  readonly inlineBytes: number;
  /** Values up to this many bytes go to Redis; larger ones to the store folder when `useFolder`. */
  readonly redisBytes: number;
  readonly useFolder: boolean;
  /** Expiry of stored values in Redis, in case a run's cleanup never happens (driver gone). */
  readonly ttlMs: number;
}

interface JobBase {
  /** The protocol version: a worker refuses jobs of another. */
  readonly protocol: 1;
  readonly runId: string;
  /** The node the job runs (the collect node of a block), for messages. */
  readonly node: string;
  readonly store: StorePolicy;
  /**
   * With the executor's result cache: the key the result is kept under, across runs, until it
   * expires (`store.ttlMs`), instead of under the run. Made from the node, its code versions and
   * its inputs' versions (see `resultCacheKey`).
   */
  readonly cacheKey?: string;
}

/** One node: where its function is, and its arguments. */
export interface NodeJob extends JobBase {
  readonly kind: "node";
  readonly address: ModuleAddress;
  readonly args: readonly WireValue[];
}

/** A slice of a parallel block's items, run through the block's functions one item at a time. */
export interface BlockJob extends JobBase {
  readonly kind: "block";
  readonly steps: readonly ModuleAddress[];
  readonly wiring: BlockTask["wiring"];
  readonly gathered: BlockTask["gathered"];
  /** The slice's items, as one list. */
  readonly items: WireValue;
  /** The compiled collect node's arguments (the items list left out). */
  readonly outer: WireValue;
  readonly firstIndex: number;
}

export type FuncflowJob = NodeJob | BlockJob;

/** An error as data: what crosses back from the worker. */
export interface RemoteErrorData {
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
  readonly code: string | undefined;
}

/**
 * The worker's answer, as the job's return value. Failures are answers, not BullMQ failures,
 * so the driver learns the stage and the remote stack: `run` (the function threw), `load` (the
 * worker cannot load the function) or `version` (its code differs from the driver's).
 */
export type JobReply =
  | { readonly ok: true; readonly result: WireValue; readonly worker: string }
  | {
      readonly ok: false;
      readonly stage: "run" | "load" | "version";
      readonly error: RemoteErrorData;
      readonly worker: string;
      /** For a block: which step failed on which item. */
      readonly step?: number;
      readonly item?: number;
      /** For `version`: the export, the driver's version and the worker's. */
      readonly exportName?: string;
      /** For `version`: "envelope" when the whole code differs (two envelopes), not one export's version. */
      readonly codeOf?: "envelope";
      readonly expectedVersion?: string;
      readonly workerVersion?: string | null;
    };
