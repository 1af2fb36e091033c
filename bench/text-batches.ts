/**
 * `funcflow batch` memory and speed per input format: one envelope (2 float64 columns in, 4 out,
 * Parquet out, 65,536-row batches) over 1M and 3M rows of CSV, JSON (one array), JSON Lines,
 * Arrow IPC stream (50k-row batches) and Parquet (65,536-row row groups). Each run is a fresh child
 * process reporting its peak RSS (`process.resourceUsage().maxRSS`) before and after the batch,
 * so "growth" is what the run added over the loaded envelope. A reader that held its input would
 * grow with the rows; a streaming one grows by about one batch. "MB per 1M rows" is the growth
 * between 1M and 3M rows divided by 2 (0 when flat), which is the MB/row figure × 1M. Each input
 * runs twice: with Node's default heap, and with the JavaScript heap capped at 48 MB (V8 lets a
 * heap it may grow fill with garbage before collecting, which the capped run leaves out).
 * Run: `npm run bench -- text-batches` (or `npx tsx bench/text-batches.ts`). Writes bench/results/text-batches.json.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeVector, RecordBatchStreamWriter, Table, type RecordBatch } from "apache-arrow";
import { loadEnvelope, runBatch, saveEnvelope } from "../src/envelope.ts";
import { writeTable } from "../src/io.ts";
import { printTable, round, writeResults } from "./report.ts";

const SIZES = [1_000_000, 3_000_000];
const FORMATS = ["csv", "json", "jsonl", "arrows", "parquet"] as const;
const BATCH_ROWS = 65_536;
/** The JavaScript heap cap of the second run of each input: V8 grows a heap it is allowed to, so the uncapped growth overstates what a run keeps. */
const HEAP_CAP_MB = 48;
const repo = fileURLToPath(new URL("..", import.meta.url));

/** Child mode: one batch run; prints peak RSS before and after, rows and milliseconds. */
async function child(registry: string, input: string, out: string): Promise<void> {
  const envelope = await loadEnvelope("wide@1", { registry });
  const before = process.resourceUsage().maxRSS * 1024;
  const started = performance.now();
  const line = await runBatch(envelope, { inputs: input, out, batchRows: BATCH_ROWS, log: `${out}.log` });
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({ before, after: process.resourceUsage().maxRSS * 1024, rows: line.rows, ms }));
}

function runChild(registry: string, input: string, out: string, heapCapMb?: number): Promise<{ before: number; after: number; rows: number; ms: number }> {
  const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));
  const env = heapCapMb === undefined ? process.env : { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --max-old-space-size=${heapCapMb}` };
  return new Promise((resolve, reject) => {
    execFile(tsx, [fileURLToPath(import.meta.url), "--child", registry, input, out], { maxBuffer: 1 << 20, env }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${input}: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

/** `rows` rows of x and y in `format`. */
async function writeInput(dir: string, format: (typeof FORMATS)[number], rows: number): Promise<string> {
  const path = join(dir, `rows-${rows}.${format}`);
  const y = (index: number) => index % 7;
  if (format === "csv" || format === "jsonl" || format === "json") {
    const parts: string[] = format === "csv" ? ["x,y\n"] : format === "json" ? ["[\n"] : [];
    for (let index = 0; index < rows; index++) {
      if (format === "csv") parts.push(`${index},${y(index)}\n`);
      else parts.push(`{"x":${index},"y":${y(index)}}${format === "json" && index < rows - 1 ? "," : ""}\n`);
    }
    if (format === "json") parts.push("]\n");
    await writeFile(path, parts.join(""));
    return path;
  }
  const batch = (start: number, length: number): RecordBatch => {
    const xs = new Float64Array(length);
    const ys = new Float64Array(length);
    for (let index = 0; index < length; index++) {
      xs[index] = start + index;
      ys[index] = y(start + index);
    }
    return new Table({ x: makeVector(xs), y: makeVector(ys) }).batches[0]!;
  };
  if (format === "parquet") {
    await writeTable(path, new Table(batch(0, rows)), { parquet: { rowGroupSize: BATCH_ROWS } });
    return path;
  }
  const writer = new RecordBatchStreamWriter();
  for (let start = 0; start < rows; start += 50_000) writer.write(batch(start, Math.min(50_000, rows - start)));
  writer.finish();
  const chunks: Uint8Array[] = [];
  for await (const chunk of writer) chunks.push(chunk);
  await writeFile(path, Buffer.concat(chunks));
  return path;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "funcflow-bench-text-batches-"));
  try {
    const registry = join(dir, "registry");
    await saveEnvelope({ name: "wide", modules: [join(repo, "tests/envelope/fixtures/wide.ts")], outputs: ["total", "gap", "product", "ratio"], registry, root: repo, sbom: false });
    const rows: Record<string, unknown>[] = [];
    for (const format of FORMATS) {
      const growth: number[] = [];
      const cappedGrowth: number[] = [];
      for (const size of SIZES) {
        const input = await writeInput(dir, format, size);
        const out = join(dir, `out-${format}-${size}.parquet`);
        const measured = await runChild(registry, input, out);
        const capped = await runChild(registry, input, out, HEAP_CAP_MB);
        growth.push((measured.after - measured.before) / 2 ** 20);
        cappedGrowth.push((capped.after - capped.before) / 2 ** 20);
        rows.push({
          format,
          rows: measured.rows,
          inputMb: round((await stat(input)).size / 2 ** 20),
          rssGrowthMb: round(growth.at(-1)!),
          [`rssGrowthMb${HEAP_CAP_MB}MbHeap`]: round(cappedGrowth.at(-1)!),
          rowsPerSec: Math.round(measured.rows / (measured.ms / 1000)),
        });
        await rm(input);
      }
      rows.push({ format, rows: "1M → 3M", mbPer1MRows: round((growth[1]! - growth[0]!) / 2), [`mbPer1MRows${HEAP_CAP_MB}MbHeap`]: round((cappedGrowth[1]! - cappedGrowth[0]!) / 2) });
    }
    printTable(`batch: wide envelope, 2 columns in, 4 out, Parquet out, ${BATCH_ROWS}-row batches (fresh process per run)`, rows);
    console.log(`wrote ${await writeResults("text-batches", rows)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") await child(process.argv[3]!, process.argv[4]!, process.argv[5]!);
else await main();
