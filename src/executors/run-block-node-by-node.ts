/**
 * A parallel block's items with each block node a task of its own, for runs that recover
 * failures: the recovery is decided where the run's adapters are, so an item whose node fails
 * takes its sentinel and the other items go on, exactly as the block runs in process.
 */
import { invalidArgument, requireArray } from "../errors/index.ts";
import { runBlockItems } from "../graph/index.ts";
import type { BlockTask } from "./node-executor.ts";

/**
 * Runs `task`'s items, calling `runNode(step, args)` for block node `step` of each item; items
 * run side by side, each item's nodes in order. Failures go through `task.recover`.
 * @example executor.runBlock = (task) => task.recover === undefined ? runInSlices(task) : runBlockNodeByNode(task, (step, args) => runOnWorker(task.nodes[step]!, task.addresses[step]!, args));
 */
export async function runBlockNodeByNode(task: BlockTask, runNode: (step: number, args: readonly unknown[]) => Promise<unknown>): Promise<unknown[]> {
  const where = "runBlockNodeByNode";
  if (typeof task !== "object" || task === null) throw invalidArgument(where, "task", task, "the BlockTask the engine passed to your executor's runBlock(task)");
  for (const field of ["nodes", "wiring", "items", "outer"] as const) requireArray(where, `task.${field}`, task[field], "an array, as in the BlockTask the engine passed to runBlock(task)");
  if (task.acceptsSentinels !== undefined) requireArray(where, "task.acceptsSentinels", task.acceptsSentinels, "an array, as in the BlockTask the engine passed to runBlock(task)");
  if (typeof task.itemFailed !== "function") throw invalidArgument(where, "task.itemFailed", task.itemFailed, "a function, as in the BlockTask the engine passed to runBlock(task)");
  if (typeof runNode !== "function") throw invalidArgument(where, "runNode", runNode, "a function (step, args) => Promise<value> that runs block node `step` with `args`");
  const steps = task.nodes.map((_, step) => (...args: unknown[]) => runNode(step, args));
  const failed = (step: number, index: number, error: unknown) => task.itemFailed(step, index, error);
  return runBlockItems(steps, task.wiring, task.gathered, task.items, task.outer, failed, 0, task.recover, task.acceptsSentinels, task.failedItems);
}
