/** Executors: where a node's function runs (inline, worker threads, later remote) behind the NodeExecutor interface. Light on purpose (no piscina); `workerExecutor` is exported from `funcflow/workers` (src/workers.ts). */
export type { NodeExecutor, NodeTask, ModuleAddress, BlockTask } from "./node-executor.ts";
export { inlineExecutor } from "./inline-executor.ts";
export { runBlockNodeByNode } from "./run-block-node-by-node.ts";
export { nodeSelector } from "./node-selection.ts";
export type { NodeSelection } from "./node-selection.ts";
