/**
 * The executor interface: where and how a node's function runs. The engine hands an executor
 * one node at a time, with its arguments already computed, so an executor never sees the graph:
 * a thread pool, a process pool or a distributed queue fit behind the same two methods.
 */
import type { NodeInfo } from "../../graph/index.ts";

/** Where another thread or process can import a node's function from. */
export interface ModuleAddress {
  /** The module's file URL (`file:///…/transforms.ts`). */
  readonly url: string;
  /** The export whose (unwrapped) function is the node's. */
  readonly exportName: string;
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
}

/**
 * Runs nodes. `run` returns the value or a promise of it; a throw or rejection is the node's
 * failure (the engine wraps it as `node_failed`).
 * @example const inline: NodeExecutor = { name: "inline", run: (task) => task.fn(...(task.args as never[])) };
 */
export interface NodeExecutor {
  readonly name: string;
  run(task: NodeTask): unknown;
  /** Frees what the executor holds (threads, connections); `driver.close()` calls it. */
  close?(): Promise<void>;
}
