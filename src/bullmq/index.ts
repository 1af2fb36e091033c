// funcflow/bullmq: distributed execution — nodes as BullMQ jobs on Redis, run by funcflow workers.
export { bullmqExecutor } from "./bullmq-executor.ts";
export type { BullmqExecutor, BullmqExecutorOptions } from "./bullmq-executor.ts";
export { startWorker, START_WORKER_OPTION_KEYS } from "./start-worker.ts";
export type { FuncflowWorker, StartWorkerOptions } from "./start-worker.ts";
export type { RemoteSelection } from "./remote-selection.ts";
export { RemoteError } from "./remote-errors.ts";
export { loadModuleCode } from "./worker-code.ts";
export type { CodeMismatch, WorkerCode, WorkerFunction } from "./worker-code.ts";
