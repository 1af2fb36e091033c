/**
 * funcflow/workers: run CPU-heavy nodes on worker threads (a piscina pool), with Arrow and
 * typed-array buffers moved or shared rather than copied. Loads piscina; apache-arrow only when
 * an Arrow value crosses threads.
 */
// Imported by file: the executors folder index stays free of piscina for the root entry.
export { workerExecutor } from "./adapters/executors/worker-executor.ts";
export type { WorkerExecutor, WorkerExecutorOptions, WorkerSelection } from "./adapters/executors/worker-executor.ts";
export { shareBuffers, inlineExecutor } from "./adapters/executors/index.ts";
export type { NodeExecutor, NodeTask, ModuleAddress } from "./adapters/executors/index.ts";
