/**
 * The executor interface: where and how a node's function runs. The engine hands an executor
 * one node at a time, with its arguments already computed, so an executor never sees the graph:
 * a thread pool, a process pool or a distributed queue fit behind the same two methods.
 */
import type { NodeInfo, BlockSlot } from "../graph/index.ts";

/** Where another thread or process can import a node's function from. */
export interface ModuleAddress {
  /** The module's file URL (`file:///…/transforms.ts`). */
  readonly url: string;
  /** The export whose (unwrapped) function is the node's. */
  readonly exportName: string;
  /** The scanner's code version of that export, when the manifest has one (remote workers compare it with theirs). */
  readonly codeVersion?: string | undefined;
}

/** One node to run. */
export interface NodeTask {
  readonly node: NodeInfo;
  /** The node's function, callable in this thread. */
  readonly fn: (...args: never[]) => unknown;
  /** Its arguments in parameter order (undefined for an optional one nothing provides). */
  readonly args: readonly unknown[];
  /**
   * Where the function can be imported from elsewhere; undefined when it cannot be (a prebuilt
   * module without a file, or a node a modifier made from another function).
   */
  readonly address: ModuleAddress | undefined;
  /** The run (one `execute` call) the node belongs to; set by the engine. */
  readonly runId?: string;
}

/**
 * The items of a `parallelizable`/`collect` block, for an executor that can run them elsewhere.
 * The engine builds it from the compiled collect node; the collecting function itself always
 * runs in the main thread, on the gathered list.
 */
export interface BlockTask {
  /** The compiled collect node. */
  readonly node: NodeInfo;
  /** The block's nodes, in the order they run for each item. */
  readonly nodes: readonly NodeInfo[];
  /** Per block node, where its function can be imported from (undefined when it cannot be). */
  readonly addresses: readonly (ModuleAddress | undefined)[];
  /** Per block node, where each argument comes from (the item, an earlier block node, or `outer`). */
  readonly wiring: readonly (readonly BlockSlot[])[];
  /** The per-item value the collecting node gathers. */
  readonly gathered: BlockSlot;
  readonly items: readonly unknown[];
  /** The compiled node's arguments (index 0, the items list, is never read per item). */
  readonly outer: readonly unknown[];
  /** The run (one `execute` call) the block belongs to; set by the engine. */
  readonly runId?: string;
  /** The error to throw when block node `step` fails on item `index` (`node_failed` naming both). */
  itemFailed(step: number, index: number, error: unknown): Error;
  /**
   * Set when the run recovers failures (`gracefulErrors`): block node `step` failing on item
   * `index` is then that item's failure alone when this returns a value (the item's later nodes
   * are skipped and take it, unless they accept sentinels), and the run's when it returns
   * undefined. An executor honours it by running the items node by node (`runBlockNodeByNode`).
   */
  readonly recover?: (step: number, index: number, error: unknown) => { readonly value: unknown } | undefined;
  /**
   * With `recover`: per block node, whether it runs on a failed input's sentinel
   * (`acceptErrorSentinels`) rather than being skipped; absent, none does.
   */
  readonly acceptsSentinels?: readonly boolean[] | undefined;
  /**
   * Under graceful errors, the indexes of `items` that stand for a failure (a parallelizable
   * node that failed midway): their nodes are skipped, or get the item when they accept
   * sentinels. Only ever set together with `recover`.
   */
  readonly failedItems?: ReadonlySet<number>;
}

/**
 * Runs nodes. `run` returns the value or a promise of it; a throw or rejection is the node's
 * failure (the engine wraps it as `node_failed`).
 * @example const inline: NodeExecutor = { name: "inline", run: (task) => task.fn(...(task.args as never[])) };
 */
export interface NodeExecutor {
  readonly name: string;
  run(task: NodeTask): unknown;
  /**
   * Optionally runs a parallel block's items: resolves with the gathered value of every item, in
   * item order; returns undefined to decline, and the engine runs the block in the main thread.
   */
  runBlock?(task: BlockTask): Promise<unknown[]> | undefined;
  /**
   * Optionally told when a run ends, after its outputs are read or once it has failed, so an
   * executor can drop what it keeps for that run (queued jobs, stored values).
   */
  endRun?(runId: string, outcome: { readonly ok: boolean }): Promise<void>;
  /** Frees what the executor holds (threads, connections); `driver.close()` calls it. */
  close?(): Promise<void>;
}
