/**
 * The engine options a Driver may be built with. A Driver with none of them runs the lean loop
 * (`run-plan.ts`); with any of them it runs the hooked scheduler (`run-engine.ts`), so the
 * common case never pays for features it does not use.
 */
import type { ComposedAdapters } from "../hooks/index.ts";
import type { ModuleAddress, NodeExecutor } from "../executors/index.ts";
import type { DriverCache } from "../cache/index.ts";

export interface Engine {
  /** Composed lifecycle adapters; undefined when there are none. */
  readonly adapters: ComposedAdapters | undefined;
  /** Where nodes run; undefined: called inline. */
  readonly executor: NodeExecutor | undefined;
  /** At most this many nodes in flight (async or on an executor) at once. */
  readonly concurrency: number;
  /** Per graph node: where a worker can import its function from. */
  readonly addresses: readonly (ModuleAddress | undefined)[];
  /** The cache; undefined when caching is off. */
  readonly cache: DriverCache | undefined;
  /** Per graph node: its time limit in ms (`withTimeout({ node })` or its `funcflow.timeoutMs` tag); 0: none. */
  readonly nodeTimeoutMs: Float64Array;
  /** The limit of a whole run in ms (`withTimeout({ run })`); 0: none. */
  readonly runTimeoutMs: number;
  /** Per graph node: the index of its optional `signal: AbortSignal` parameter, or -1. */
  readonly signalParameter: Int32Array;
}
