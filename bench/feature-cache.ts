/**
 * examples/feature-engineering with the cache on, run twice as the example would be: each run in
 * its own fresh process (a new Driver over the same cache folder). The first run computes the
 * twenty features of 1M orders and stores every node; the second reads the features back. Times
 * building the Driver plus `execute` (not generating the orders), and checks that both runs
 * return the same values (a digest of every column). For scale, a third process only reads the
 * output entries' bytes (the floor of any second run that returns the values: the copy from the
 * page cache into new memory), and a fourth runs first and second in one process, as a notebook
 * or server would (sameProcessSecondMs, with a new Driver each time).
 * Run: `npx tsx bench/feature-cache.ts [rows]` (or `npm run bench -- feature-cache`). Writes
 * bench/results/feature-cache.json.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Table } from "apache-arrow";
import { generateOrders } from "../examples/feature-engineering/orders.ts";
import { FEATURES, featureDriver, ordersInputs } from "../examples/feature-engineering/run.ts";
import { nodeFileOps } from "../src/cache/cache-store.ts";
import { median, printTable, writeResults } from "./report.ts";

interface RunResult {
  readonly ms: number;
  /** Of `ms`, building the Driver (manifest, importing features.ts, the hasher). */
  readonly buildMs: number;
  readonly hits: number;
  readonly misses: number;
  readonly digest: string;
}

/** Every column's values (null and NaN told apart), hashed. */
function digest(table: Table): string {
  const hash = createHash("sha256");
  for (const field of table.schema.fields) {
    const column = table.getChild(field.name)!;
    const values = new Float64Array(column.length);
    for (let row = 0; row < column.length; row++) {
      const value = column.get(row) as unknown;
      values[row] = value === null ? Number.NEGATIVE_INFINITY : Number(value);
    }
    hash.update(`${field.name}:${String(field.type)}:`).update(new Uint8Array(values.buffer));
  }
  return hash.digest("hex");
}

/** `runs` runs of the example in this process, each with a new Driver: prints their times and result digests as JSON. */
async function child(cacheDir: string, rows: number, runs: number): Promise<void> {
  const inputs = ordersInputs(generateOrders({ rows }));
  const results: RunResult[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const dr = await featureDriver({ cacheDir });
    const built = performance.now();
    const table = await dr.execute(FEATURES, { inputs });
    const ms = performance.now() - start;
    const report = dr.lastCacheRun()!;
    results.push({ ms, buildMs: built - start, hits: report.hits.length, misses: report.misses.length, digest: digest(table) });
  }
  console.log(JSON.stringify(results));
}

/** The entry files of the requested features in `cacheDir`. */
function featureEntries(cacheDir: string): string[] {
  return FEATURES.flatMap((feature) => readdirSync(join(cacheDir, feature)).filter((file) => file.endsWith(".entry")).map((file) => join(cacheDir, feature, file)));
}

/** Reads the features' entries side by side, as the cache does, and prints the time as JSON. */
async function readOnlyChild(cacheDir: string): Promise<void> {
  const files = featureEntries(cacheDir);
  const start = performance.now();
  await Promise.all(files.map((file) => nodeFileOps.readFile(file)));
  console.log(JSON.stringify({ ms: performance.now() - start }));
}

function checkSecond(first: RunResult, second: RunResult): void {
  if (second.digest !== first.digest) throw new Error("the cached run returned different values");
  if (second.misses > 0 || second.hits < FEATURES.length) throw new Error(`the second run had ${second.hits} hits and ${second.misses} misses`);
}

function runChild<T>(...args: string[]): T {
  const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));
  const self = fileURLToPath(import.meta.url);
  const { stdout, stderr, status } = spawnSync(tsx, [self, ...args], { encoding: "utf8" });
  if (status !== 0) throw new Error(`the run failed: ${stderr}`);
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as T;
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const trials = 3;
  const samples = [];
  for (let trial = 1; trial <= trials; trial++) {
    const cacheDir = mkdtempSync(join(tmpdir(), "funcflow-bench-feature-cache-"));
    try {
      const [first] = runChild<RunResult[]>("--run", cacheDir, String(rows), "1");
      const [second] = runChild<RunResult[]>("--run", cacheDir, String(rows), "1");
      checkSecond(first!, second!);
      const readOnly = runChild<{ ms: number }>("--read-only", cacheDir);
      // A notebook or server runs again in the same process: its memory is already mapped.
      rmSync(cacheDir, { recursive: true, force: true });
      const [, sameProcess] = runChild<RunResult[]>("--run", cacheDir, String(rows), "2");
      checkSecond(first!, sameProcess!);
      const outputMb = featureEntries(cacheDir).reduce((total, file) => total + statSync(file).size, 0) / 1e6;
      samples.push({
        trial,
        firstMs: Math.round(first!.ms),
        secondMs: Math.round(second!.ms),
        secondBuildMs: Math.round(second!.buildMs),
        ratio: Math.round((first!.ms / second!.ms) * 10) / 10,
        sameProcessSecondMs: Math.round(sameProcess!.ms),
        identical: true,
        outputMb: Math.round(outputMb),
        readBytesOnlyMs: Math.round(readOnly.ms),
      });
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  }
  const firstMs = median(samples.map((sample) => sample.firstMs));
  const secondMs = median(samples.map((sample) => sample.secondMs));
  const secondBuildMs = median(samples.map((sample) => sample.secondBuildMs));
  const readBytesOnlyMs = median(samples.map((sample) => sample.readBytesOnlyMs));
  const sameProcessSecondMs = median(samples.map((sample) => sample.sameProcessSecondMs));
  // The second run against the floor of reading its outputs (issue 13: ≤ 1.2×). The old target,
  // ≥ 20× faster than the first run, is retired: 153 MB cannot be read faster than memory allows.
  const secondVsFloor = Math.round((secondMs / readBytesOnlyMs) * 100) / 100;
  const summary = { rows, firstMs, secondMs, secondBuildMs, ratio: Math.round((firstMs / secondMs) * 10) / 10, sameProcessSecondMs, readBytesOnlyMs, ceiling: Math.round((firstMs / readBytesOnlyMs) * 10) / 10, secondVsFloor, target: "secondVsFloor ≤ 1.2" };
  printTable(`examples/feature-engineering, ${rows.toLocaleString()} rows, cache on: first run (computes, stores) vs second run (reads back), each a fresh process`, samples);
  printTable("Median (ceiling = first run ÷ reading the output bytes alone: no second run that returns the values can beat it; secondVsFloor = second run ÷ that read)", [summary]);
  console.log(`Wrote ${await writeResults("feature-cache", { samples, summary })}`);
}

if (process.argv[2] === "--run") await child(process.argv[3]!, Number(process.argv[4]), Number(process.argv[5]));
else if (process.argv[2] === "--read-only") await readOnlyChild(process.argv[3]!);
else await main();
