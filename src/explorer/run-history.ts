/**
 * Reading run records back: the list for the UI's history (newest first) and one record by id.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { FuncflowError, requireName, requirePath } from "../errors/index.ts";
import { isRunRecord, type RunRecord } from "./run-record.ts";

/** One line of the run history. */
export interface RunSummary {
  readonly runId: string;
  readonly file: string;
  readonly startedAt: string;
  readonly status: RunRecord["status"];
  readonly durationMs: number | undefined;
  readonly outputs: readonly string[];
  readonly nodeCount: number;
  readonly cacheHits: number;
}

/**
 * Every run record in `dir`, newest first; files that are not run records are passed over,
 * and a missing folder is an empty history.
 * @example (await listRuns(".funcflow/runs"))[0]?.runId;
 */
export async function listRuns(dir: string): Promise<RunSummary[]> {
  requirePath("listRuns", "dir", dir, '".funcflow/runs"');
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const records = await Promise.all(names.filter((name) => name.endsWith(".json")).map(async (name) => ({ name, record: await readRecord(join(dir, name)) })));
  return records
    .flatMap(({ name, record }) => (record === undefined ? [] : [summaryOf(name, record)]))
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.file.localeCompare(a.file));
}

/**
 * The record of run `runId` in `dir`.
 * @throws FuncflowError `invalid_argument` naming the run id when no record has it, or when `dir`
 *   or `runId` is not a non-empty string.
 * @example const record = await readRun(".funcflow/runs", "run-1");
 */
export async function readRun(dir: string, runId: string): Promise<RunRecord> {
  requirePath("readRun", "dir", dir, '".funcflow/runs"');
  requireName("readRun", "runId", runId, "a run id as listRuns(dir) lists them");
  const summary = (await listRuns(dir)).find((run) => run.runId === runId);
  const record = summary === undefined ? undefined : await readRecord(join(dir, summary.file));
  if (record === undefined) {
    throw new FuncflowError("invalid_argument", `${dir}: no run record has id "${runId}". List them with GET /api/runs or look in the folder.`, { details: { runId, dir } });
  }
  return record;
}

/**
 * A run record from its file.
 * @throws FuncflowError `invalid_argument` when `path` is not a non-empty string.
 * @throws FuncflowError `io_failed` when the file cannot be read or is not a run record.
 * @example const record = await readRunFile(".funcflow/runs/2026-…-run-1.json");
 */
export async function readRunFile(path: string): Promise<RunRecord> {
  requirePath("readRunFile", "path", path, '".funcflow/runs/<file>.json"');
  const record = await readRecord(path);
  if (record === undefined) {
    throw new FuncflowError("io_failed", `${path}: not a funcflow run record. Record runs with runRecorder() from funcflow/explorer and pass one of the files it writes.`, { details: { path } });
  }
  return record;
}

async function readRecord(path: string): Promise<RunRecord | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path, "utf8"));
    return isRunRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function summaryOf(file: string, record: RunRecord): RunSummary {
  return {
    runId: record.runId,
    file,
    startedAt: record.startedAt,
    status: record.status,
    durationMs: record.durationMs,
    outputs: record.outputs,
    nodeCount: record.nodes.length,
    cacheHits: record.nodes.filter((node) => node.status === "cached").length,
  };
}
