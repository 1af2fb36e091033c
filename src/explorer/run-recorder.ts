/**
 * `runRecorder`: a lifecycle adapter writing each run as a JSON file under `.funcflow/runs/`,
 * for the explorer's run overlay and `funcflow ui`'s run history.
 */
import { join, resolve } from "node:path";
import { invalidArgument, isFuncflowError, optionKeys, requireOptions } from "../errors/index.ts";
import { type CacheEvent } from "../cache/index.ts";
import { type GraphEndEvent, type GraphStartEvent, type LifecycleAdapter, type NodeEndEvent, criticalPath } from "../hooks/index.ts";
import { summarizeValue } from "../columnar/index.ts";
import { RUN_RECORD_VERSION, type RunCacheStatus, type RunNodeRecord, type RunRecord } from "./run-record.ts";
import { writeFileAtomic } from "./write-file-atomic.ts";

/** Where run records go unless told otherwise. */
export const DEFAULT_RUNS_DIR = ".funcflow/runs";

/** Options of `runRecorder`. */
export interface RunRecorderOptions {
  /** The folder for run records (default `.funcflow/runs` in the working directory). */
  readonly dir?: string;
  /** Called with each complete record once it is written. */
  readonly onRecord?: (record: RunRecord, file: string) => void;
}

/** The part of a structured logger the cache reports its events through. */
export interface CacheEventLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

/** The recorder adapter, with the cache logger that feeds it cache events. */
export interface RunRecorder extends LifecycleAdapter {
  /** Pass as `withCache({ logger: recorder.cacheLogger })` to record hits, misses and why. */
  readonly cacheLogger: CacheEventLogger;
  /** The folder records are written to (absolute). */
  readonly dir: string;
  /** The last complete record written, and its file. */
  lastRecord(): { readonly record: RunRecord; readonly file: string } | undefined;
}

interface RunInProgress {
  readonly started: number;
  readonly startedAt: string;
  readonly file: string;
  readonly nodes: RunNodeRecord[];
  readonly cacheEvents: CacheEvent[];
  readonly cacheByNode: Map<string, RunCacheStatus>;
}

/**
 * Records every run: a `running` record when it starts, replaced by the complete one when it
 * ends (failed runs included), each written whole. Each run has its own file, named by its
 * start time and run id, so concurrent runs never share one.
 * @throws FuncflowError `invalid_argument` for options of the wrong shape (an unknown option included);
 *   `io_failed` (as `hook_failed` from the run) when the folder is not writable.
 * @example
 * const recorder = runRecorder();
 * const dr = await new Builder().withModules(url).withAdapters(recorder).withCache({ logger: recorder.cacheLogger }).build();
 */
export function runRecorder(options: RunRecorderOptions = {}): RunRecorder {
  checkOptions(options);
  const dir = resolve(options.dir ?? DEFAULT_RUNS_DIR);
  const runs = new Map<string, RunInProgress>();
  let last: { record: RunRecord; file: string } | undefined;
  const onCacheEvent = (fields: object) => {
    const event = fields as CacheEvent;
    const run = typeof event.runId === "string" ? runs.get(event.runId) : undefined;
    if (run === undefined || typeof event.kind !== "string") return;
    run.cacheEvents.push(event);
    // A node's later event (e.g. `stored` after `miss`) keeps the miss's reason: that is the why.
    if (event.kind !== "stored" || !run.cacheByNode.has(event.node)) run.cacheByNode.set(event.node, cacheStatusOf(event));
  };
  return {
    name: "runRecorder",
    // The record has one entry per graph step; a block's per-item nodes are inside its collecting node's.
    perItem: false,
    dir,
    cacheLogger: { debug: onCacheEvent, info: onCacheEvent, warn: onCacheEvent, error: onCacheEvent },
    lastRecord: () => last,
    beforeGraph: async (event) => {
      const startedAt = new Date().toISOString();
      const file = join(dir, `${startedAt.replace(/[:.]/g, "-")}-${safeFileName(event.runId)}.json`);
      const run: RunInProgress = { started: performance.now(), startedAt, file, nodes: [], cacheEvents: [], cacheByNode: new Map() };
      runs.set(event.runId, run);
      await writeFileAtomic(file, JSON.stringify(recordOf(event, run, undefined)));
    },
    afterNode: (event) => {
      const run = runs.get(event.runId);
      if (run !== undefined) run.nodes.push(nodeRecordOf(event, performance.now() - run.started));
    },
    afterGraph: async (event) => {
      const run = runs.get(event.runId);
      if (run === undefined) return;
      runs.delete(event.runId);
      const record = recordOf(event, run, event);
      await writeFileAtomic(run.file, `${JSON.stringify(record, null, 1)}\n`);
      last = { record, file: run.file };
      options.onRecord?.(record, run.file);
    },
  };
}

function recordOf(start: GraphStartEvent, run: RunInProgress, end: GraphEndEvent | undefined): RunRecord {
  const nodes = run.nodes.map((node) => {
    const cache = run.cacheByNode.get(node.name);
    return cache === undefined ? node : { ...node, cache };
  });
  const durations = new Map(nodes.map((node) => [node.name, node.durationMs]));
  const modules = [...new Set(start.nodes.flatMap((node) => (node.source === undefined ? [] : [node.source.module])))];
  return {
    version: RUN_RECORD_VERSION,
    runId: start.runId,
    startedAt: run.startedAt,
    ...(end !== undefined && { endedAt: new Date().toISOString(), durationMs: end.durationMs }),
    status: end === undefined ? "running" : end.success ? "ok" : "failed",
    outputs: start.outputs,
    inputNames: start.inputNames,
    overrideNames: start.overrideNames,
    modules,
    ...(end !== undefined && !end.success && { error: errorOf(end.error) }),
    nodes,
    criticalPath: criticalPath(start.nodes, durations),
    cacheEvents: run.cacheEvents,
    outputSummaries: Object.fromEntries(Object.entries(end?.results ?? {}).map(([name, value]) => [name, summarizeValue(value)])),
  };
}

function nodeRecordOf(event: NodeEndEvent, endedAtMs: number): RunNodeRecord {
  return {
    name: event.name,
    status: event.status,
    durationMs: event.durationMs,
    endedAtMs,
    ...(event.status === "failed" && { error: messageOf(event.error) }),
    ...(event.skippedBecause !== undefined && { skippedBecause: event.skippedBecause }),
  };
}

function cacheStatusOf(event: CacheEvent): RunCacheStatus {
  return {
    kind: event.kind,
    ...("reason" in event && { reason: event.reason }),
    ...("changed" in event && event.changed !== undefined && { changed: event.changed }),
  };
}

function errorOf(error: unknown): NonNullable<RunRecord["error"]> {
  if (!isFuncflowError(error)) return { message: messageOf(error) };
  return { message: error.message, code: error.code, ...(error.node !== undefined && { node: error.node }) };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Run ids are ours, but a file name must never leave the folder whatever they hold. */
function safeFileName(runId: string): string {
  return runId.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 80);
}

/** Wrong options are named when the recorder is made, not met as a TypeError in the first run's hook. */
const RUN_RECORDER_OPTION_KEYS = optionKeys<RunRecorderOptions>({ dir: true, onRecord: true });

function checkOptions(options: unknown): void {
  requireOptions("runRecorder", "options", options, RUN_RECORDER_OPTION_KEYS, '{ dir: ".funcflow/runs" }');
  if (options === undefined) return;
  if (options.dir !== undefined && (typeof options.dir !== "string" || options.dir === "")) throw invalidArgument("runRecorder", "options.dir", options.dir, 'a folder path such as ".funcflow/runs"');
  if (options.onRecord !== undefined && typeof options.onRecord !== "function") throw invalidArgument("runRecorder", "options.onRecord", options.onRecord, "a function (record, file) => void");
}
