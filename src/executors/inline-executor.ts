import type { NodeExecutor, NodeTask } from "./node-executor.ts";

/**
 * The default executor: calls each node in the current thread. Async nodes still overlap
 * (up to the Builder's concurrency limit) because the engine does not wait for one to start another.
 * @example new Builder().withModules(url).withExecutor(inlineExecutor())
 */
export function inlineExecutor(): NodeExecutor {
  return {
    name: "inline",
    run: (task: NodeTask) => (task.fn as (...args: readonly unknown[]) => unknown)(...task.args),
  };
}
