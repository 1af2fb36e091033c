/**
 * `funcflow worker <modules... | envelope> --redis URL`: a long-running process that runs the
 * jobs a Driver built with `bullmqExecutor` queues, until it gets SIGINT or SIGTERM (it then
 * finishes the jobs it has started). Start one or more per machine; each loads the same modules
 * as the driver, or the envelope the driver was loaded from (no source needed).
 */
import type { Command } from "commander";
import { parseCount, parseRedisUrlArgument } from "../support/parse-options.ts";
import { ensureTypeScriptLoader } from "../support/typescript-loader.ts";
import { envelopeReferenceOf, registryFrom, withRegistryOption } from "../support/registry-option.ts";

interface WorkerCommandOptions {
  readonly redis: string;
  readonly concurrency: number;
  readonly queue?: string;
  readonly prefix?: string;
  readonly store?: string;
  readonly lockMs?: number;
  readonly stalledMs?: number;
  readonly registry?: string;
}

/**
 * Adds `worker` to `program`.
 * @example registerWorker(new Command("funcflow"));
 */
export function registerWorker(program: Command): void {
  const command = program
    .command("worker")
    .description("run a distributed pipeline's jobs from a Redis queue (BullMQ) until stopped with Ctrl-C or SIGTERM; the code comes from the module files, or from one envelope (id, name@version or folder) given instead")
    .argument("<modules...>", "the pipeline's module files (the same code as the driver's)")
    .requiredOption("--redis <url>", "the Redis URL, e.g. redis://127.0.0.1:6379", parseRedisUrlArgument)
    .option("--concurrency <n>", "jobs run at once in this process", (text) => parseCount(text, 1), 1)
    .option("--queue <name>", "the queue name (default funcflow)")
    .option("--prefix <prefix>", "BullMQ's key prefix (default bull)")
    .option("--store <dir>", "a folder shared with the driver and the other workers, for values too large for Redis")
    .option("--lock-ms <ms>", "how long a job's lock lasts (default 10000); a killed worker's job is re-run after it", (text) => parseCount(text, 100))
    .option("--stalled-ms <ms>", "how often to look for jobs whose worker died (default 5000)", (text) => parseCount(text, 100));
  withRegistryOption(command)
    .addHelpText(
      "after",
      `
Example:
  $ redis-server --port 6379 &
  $ funcflow worker examples/feature-engineering/features.ts --redis redis://127.0.0.1:6379 --concurrency 2
  $ funcflow worker features@1 --registry /mnt/registry --redis redis://10.0.0.5:6379`,
    )
    .action(async (modules: string[], options: WorkerCommandOptions) => runWorker(modules, options));
}

async function runWorker(modules: readonly string[], options: WorkerCommandOptions): Promise<void> {
  const envelope = envelopeReferenceOf(modules);
  if (envelope === undefined) await ensureTypeScriptLoader(modules);
  // Loaded here: bullmq and ioredis are optional, needed by this command only.
  const { startWorker } = await import("../../bullmq/index.ts");
  const code =
    envelope === undefined
      ? { modules }
      : { code: await (await import("../../envelope/index.ts")).envelopeWorkerCode(envelope, { registry: registryFrom(options), onDrift: (message) => process.stderr.write(`warning: ${message}\n`) }) };
  const worker = await startWorker({
    connection: options.redis,
    ...code,
    concurrency: options.concurrency,
    ...(options.queue !== undefined && { queue: options.queue }),
    ...(options.prefix !== undefined && { prefix: options.prefix }),
    ...(options.store !== undefined && { store: options.store }),
    ...(options.lockMs !== undefined && { lockDurationMs: options.lockMs }),
    ...(options.stalledMs !== undefined && { stalledIntervalMs: options.stalledMs }),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.stderr.write(`funcflow worker ${worker.id}: ${signal}, finishing running jobs\n`);
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      void worker.close().then(resolve, resolve);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  const { jobs, failed } = worker.stats();
  process.stderr.write(`funcflow worker ${worker.id}: stopped after ${jobs} jobs (${failed} failed)\n`);
}
