/**
 * `--redis <url>` (with `--queue`, `--store`, `--remote-all`) for the commands that run an
 * envelope (`batch`, `serve`): its remote nodes then run on `funcflow worker <envelope>` processes.
 */
import type { Command } from "commander";
import { parseRedisUrlArgument } from "./parse-options.ts";
import { FuncflowError } from "../../errors/index.ts";
import type { NodeExecutor } from "../../executors/index.ts";

/** What the options give. */
export interface RemoteCommandOptions {
  readonly redis?: string;
  readonly queue?: string;
  readonly store?: string;
  readonly remoteAll?: boolean;
}

/**
 * Adds the options.
 * @example withRemoteOptions(command)
 */
export function withRemoteOptions(command: Command): Command {
  return command
    .option("--redis <url>", "run the envelope's remote nodes (tagged executor: remote, and parallel-block items) on funcflow workers through this Redis", parseRedisUrlArgument)
    .option("--queue <name>", "with --redis: the workers' queue (default funcflow)")
    .option("--store <dir>", "with --redis: the folder shared with the workers for values too large for Redis")
    .option("--remote-all", "with --redis: send every node to the workers, not only the tagged ones");
}

/**
 * The executor the options ask for, or undefined without `--redis`. bullmq is loaded only then.
 * @throws FuncflowError `invalid_argument` for a bad URL or queue name.
 */
export async function remoteExecutorFrom(options: RemoteCommandOptions): Promise<(NodeExecutor & { close(): Promise<void> }) | undefined> {
  if (options.redis === undefined) return undefined;
  const { bullmqExecutor } = await import("../../bullmq/index.ts");
  return bullmqExecutor({
    connection: options.redis,
    ...(options.queue !== undefined && { queue: options.queue }),
    ...(options.store !== undefined && { store: options.store }),
    ...(options.remoteAll === true && { select: "all" as const }),
  });
}

/**
 * `--redis` applies to envelopes only: module files are served or run from code instead.
 * @throws FuncflowError `invalid_argument` when `--redis` was given.
 */
export function refuseRemoteForModules(options: RemoteCommandOptions, command: string): void {
  if (options.redis === undefined) return;
  throw new FuncflowError(
    "invalid_argument",
    `funcflow ${command}: --redis runs an envelope's nodes on workers started from that envelope; for module files, build the Driver withExecutor(bullmqExecutor(…)) in code, or save an envelope and ${command} that.`,
  );
}
