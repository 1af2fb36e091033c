/**
 * The key a job's result is cached under across runs: the same node, code and inputs give the
 * same key on any driver, whatever the run or the machine's paths.
 */
import type { ModuleAddress } from "../executors/index.ts";
import type { BlockJob, WireValue } from "./job-protocol.ts";
import { combinedVersion } from "./wire-format.ts";

/** What identifies a job's work, apart from the run. */
export interface JobIdentity {
  readonly node: string;
  readonly addresses: readonly ModuleAddress[];
  /** The inputs' formats and content versions (stored or only encoded). */
  readonly inputs: readonly Pick<WireValue, "format" | "version">[];
  /** For a block: how its steps are wired and which slice it is. */
  readonly block?: Pick<BlockJob, "wiring" | "gathered" | "firstIndex">;
}

/**
 * The cache key, or undefined when a function has no code version (a declaration file): then a
 * changed function could not be told from the old one, so its results are not reused.
 * @example resultCacheKey({ node: "total", addresses: [address], inputs: [wire] }) // "q3J…"
 */
export function resultCacheKey(job: JobIdentity): string | undefined {
  if (job.addresses.some((address) => address.codeVersion === undefined)) return undefined;
  // The module URL is left out: it differs between machines for the same code.
  const parts = ["funcflow-result-1", job.node, ...job.addresses.map((address) => `${address.exportName}@${address.codeVersion}`), ...job.inputs.map((wire) => `${wire.format}:${wire.version}`)];
  if (job.block !== undefined) parts.push(JSON.stringify([job.block.wiring, job.block.gathered, job.block.firstIndex]));
  return combinedVersion(parts);
}
