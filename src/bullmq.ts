/**
 * funcflow/bullmq: runs a pipeline's nodes across processes and machines as BullMQ jobs on
 * Redis. `bullmqExecutor` goes to `Builder.withExecutor`; `startWorker` (or `funcflow worker`)
 * runs the jobs. Loads bullmq, ioredis and apache-arrow; bullmq and ioredis are optional peer
 * dependencies, needed only by users of this entry.
 */
export * from "./bullmq/index.ts";
