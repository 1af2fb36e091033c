/**
 * A run record: what one execution did, node by node, as the run recorder writes it to
 * `.funcflow/runs/` and the explorer's run overlay reads it. Plain JSON.
 */
import type { CacheEvent } from "../cache/index.ts";
import type { NodeStatus } from "../hooks/index.ts";

/** The record format's version, bumped when a field changes meaning. */
export const RUN_RECORD_VERSION = 1;

/** What the cache decided for a node in this run (its last decision, when it made several). */
export interface RunCacheStatus {
  readonly kind: CacheEvent["kind"];
  /** Why it missed, was not stored or was bypassed. */
  readonly reason?: string;
  /** For a miss because config or inputs changed: which ones. */
  readonly changed?: readonly string[];
}

/** One node that ended in the run. */
export interface RunNodeRecord {
  readonly name: string;
  readonly status: NodeStatus;
  readonly durationMs: number;
  /** When it ended, in ms since the run started. */
  readonly endedAtMs: number;
  /** What it threw, when it failed. */
  readonly error?: string;
  readonly skippedBecause?: string;
  readonly cache?: RunCacheStatus;
}

/** One output's summary: its kind, size (rows, items) and first values. */
export interface RunOutputSummary {
  readonly kind: string;
  readonly size: string;
  readonly preview: string;
}

/** One run, complete once `status` is no longer `running`. */
export interface RunRecord {
  readonly version: typeof RUN_RECORD_VERSION;
  readonly runId: string;
  /** ISO time the run started and ended. */
  readonly startedAt: string;
  readonly endedAt?: string;
  readonly status: "running" | "ok" | "failed";
  readonly durationMs?: number;
  readonly outputs: readonly string[];
  readonly inputNames: readonly string[];
  readonly overrideNames: readonly string[];
  /** The modules the run's nodes came from. */
  readonly modules: readonly string[];
  /** Why the run failed: the error's message, code and node. */
  readonly error?: { readonly message: string; readonly code?: string; readonly node?: string };
  readonly nodes: readonly RunNodeRecord[];
  /** The dependency chain with the largest total duration. */
  readonly criticalPath: { readonly nodes: readonly string[]; readonly durationMs: number };
  /** Every cache event of the run, in order. */
  readonly cacheEvents: readonly CacheEvent[];
  readonly outputSummaries: Readonly<Record<string, RunOutputSummary>>;
}

/** True for a run record of this format's version, as the run recorder writes it (the fields the explorer reads first). */
export function isRunRecord(value: unknown): value is RunRecord {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Partial<RunRecord>;
  return record.version === RUN_RECORD_VERSION && typeof record.runId === "string" && typeof record.startedAt === "string" && Array.isArray(record.nodes);
}
