/**
 * funcflow/workers: run CPU-heavy nodes on worker threads (a piscina pool), with Arrow and
 * typed-array buffers moved or shared rather than copied. Loads piscina; apache-arrow only when
 * an Arrow value crosses threads.
 */
// Imported by file: the executors folder index stays free of piscina for the root entry.
export { workerExecutor } from "./executors/worker-executor.ts";
export type { WorkerExecutor, WorkerExecutorOptions, WorkerSelection } from "./executors/worker-executor.ts";
export { shareBuffers } from "./codec/index.ts";
export { inlineExecutor, runBlockNodeByNode } from "./executors/index.ts";
export type { NodeExecutor, NodeTask, ModuleAddress, BlockTask } from "./executors/index.ts";
