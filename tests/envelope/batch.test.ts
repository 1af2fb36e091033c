/**
 * runBatch / `funcflow batch`: 1M rows in record batches with bounded memory (peak RSS measured in
 * the child), outputs equal to one in-memory run, one complete log line per run.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RecordBatch, RecordBatchStreamWriter, Table, makeVector, tableFromIPC } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readParquetBatches, readTable } from "../../src/io.ts";
import { runBatch, saveEnvelope, type InferenceLogLine } from "../../src/envelope.ts";
import { rejection } from "../support/caught.ts";
import { repo, runChild, runCli } from "./support/child.ts";

const ROWS = 1_000_000;
const STORED_BATCH = 50_000;
let sandbox: string;
let registry: string;
let input: string;
let larger: string;

beforeAll(async () => {
  sandbox = await mkdtemp(join(tmpdir(), "funcflow-envelope-batch-"));
  registry = join(sandbox, "registry");
  await saveEnvelope({ name: "wide", modules: ["tests/envelope/fixtures/wide.ts"], outputs: ["total", "gap", "product", "ratio"], registry, root: repo, sbom: false });
  input = await writeRows(join(sandbox, "rows.arrows"), ROWS);
  larger = await writeRows(join(sandbox, "rows-3m.arrows"), 3 * ROWS);
}, 120_000);

/** `rows` rows of x and y as an Arrow IPC stream of 50k-row batches. */
async function writeRows(path: string, rows: number): Promise<string> {
  const writer = new RecordBatchStreamWriter();
  const chunks: Uint8Array[] = [];
  for (let start = 0; start < rows; start += STORED_BATCH) {
    const x = new Float64Array(STORED_BATCH);
    const y = new Float64Array(STORED_BATCH);
    for (let index = 0; index < STORED_BATCH; index += 1) {
      x[index] = start + index;
      y[index] = (start + index) % 7;
    }
    writer.write(new Table({ x: makeVector(x), y: makeVector(y) }).batches[0] as RecordBatch);
  }
  writer.finish();
  for await (const chunk of writer) chunks.push(chunk);
  await writeFile(path, Buffer.concat(chunks));
  return path;
}

afterAll(async () => {
  await rm(sandbox, { recursive: true, force: true });
});

async function logLines(path: string): Promise<InferenceLogLine[]> {
  return (await readFile(path, "utf8")).trim().split("\n").map((line) => JSON.parse(line) as InferenceLogLine);
}

describe("runBatch", () => {
  it("runs 1M rows batch by batch with bounded memory, and logs the run completely", async () => {
    const out = join(sandbox, "scores.parquet");
    const log = join(sandbox, "batch.jsonl");
    const measure = async (file: string, target: string): Promise<{ before: number; after: number; rows: number; batches: number; growthMb: number }> => {
      const child = await runChild("tests/envelope/support/batch-child.ts", [registry, "wide@1", file, target, "65536", log], sandbox);
      expect(child.stderr).not.toMatch(/Error/);
      const measured = JSON.parse(child.stdout) as { before: number; after: number; rows: number; batches: number };
      const growthMb = (measured.after - measured.before) / 2 ** 20;
      process.stdout.write(`batch over ${measured.rows} rows → Parquet: peak RSS ${(measured.before / 2 ** 20).toFixed(0)} MB before, ${(measured.after / 2 ** 20).toFixed(0)} MB after (+${growthMb.toFixed(0)} MB)\n`);
      return { ...measured, growthMb };
    };
    const measured = await measure(input, out);
    const thrice = await measure(larger, join(sandbox, "scores-3m.parquet"));
    // 2M more rows are 96 MB more of raw float64 (2 columns in, 4 out): a job that held its data
    // would grow by about that much; a batched one grows by about one batch.
    expect(thrice.rows).toBe(3 * ROWS);
    expect(thrice.growthMb - measured.growthMb).toBeLessThan(48);
    expect(measured.growthMb).toBeLessThan(BOUND_MB);
    expect(measured).toMatchObject({ rows: ROWS, batches: 20 });
    let rows = 0;
    let checked = false;
    for await (const batch of readParquetBatches(out, { batchSize: 100_000 })) {
      if (!checked) {
        expect(batch.schema.fields.map((field) => field.name)).toEqual(["total", "gap", "product", "ratio"]);
        expect(batch.getChild("total")!.get(10)).toBe(10 + (10 % 7));
        expect(batch.getChild("ratio")!.get(10)).toBe((10 + 3) / (10 - 3));
        checked = true;
      }
      rows += batch.numRows;
    }
    expect(rows).toBe(ROWS);
    const [line, second, ...others] = await logLines(log);
    expect(others).toEqual([]);
    expect(second).toMatchObject({ status: "ok", rows: 3 * ROWS, batches: 60 });
    expect(line).toMatchObject({ status: "ok", rows: ROWS, batches: 20, envelope: { name: "wide", version: 1 }, errors: [] });
    expect(line!.envelope.id).toMatch(/^[0-9a-f]{64}$/);
    expect(line!.input.schema).toEqual({ x: "Float64", y: "Float64" });
    expect(line!.output.schema).toEqual({ total: "Float64", gap: "Float64", product: "Float64", ratio: "Float64" });
    expect(line!.durationMs).toBeGreaterThan(0);
  }, 180_000);

  it("writes Arrow and CSV too, equal to a run over the whole table", async () => {
    const small = join(sandbox, "small.csv");
    await writeFile(small, "x,y\n1,2\n3,4\n5,1\n7,7\n9,3\n");
    const log = join(sandbox, "small.jsonl");
    await runBatch("wide", { inputs: small, out: join(sandbox, "small.arrow"), batchRows: 2, registry, log });
    await runBatch("wide", { inputs: small, out: join(sandbox, "small-out.csv"), batchRows: 2, registry, log });
    const arrow = tableFromIPC(await readFile(join(sandbox, "small.arrow")));
    expect(arrow.numRows).toBe(5);
    expect(Array.from(arrow.getChild("product")!.toArray() as Float64Array)).toEqual([2, 12, 5, 49, 27]);
    const csv = await readFile(join(sandbox, "small-out.csv"), "utf8");
    expect(csv.split("\n").filter((line) => line.startsWith("total"))).toHaveLength(1);
    expect((await readTable(join(sandbox, "small-out.csv"))).numRows).toBe(5);
    expect((await logLines(log)).map((line) => line.batches)).toEqual([3, 3]);
  });

  it("refuses a file without a needed column: no output, a failed log line naming it", async () => {
    const bad = join(sandbox, "bad.csv");
    await writeFile(bad, "x,z\n1,2\n");
    const out = join(sandbox, "never.parquet");
    const log = join(sandbox, "bad.jsonl");
    const error = await rejection(runBatch("wide@1", { inputs: bad, out, registry, log }));
    expect(error).toMatchObject({ code: "missing_input", input: "y" });
    expect(error.message).toContain(bad);
    await expect(stat(out)).rejects.toThrow();
    const [line] = await logLines(log);
    expect(line).toMatchObject({ status: "failed", rows: 0, errors: [{ code: "missing_input" }] });
  });
});

describe("funcflow batch (the issue's example)", () => {
  it("runs hello@1 over examples/hello-world/data.csv into out.parquet and logs one line", async () => {
    // From the repo, as the README shows (the example imports funcflow/arrow, which resolves there); the registry elsewhere.
    const folder = await mkdtemp(join(sandbox, "cli-"));
    const env = { FUNCFLOW_REGISTRY: join(folder, ".funcflow/registry") };
    const save = await runCli(["envelope", "save", "examples/hello-world/transforms.ts", "--name", "hello", "--outputs", "spendPerSignup", "--no-sbom"], repo, env);
    expect(save.stderr).toContain("hello@1");
    expect(save.stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
    const list = await runCli(["envelope", "list"], repo, env);
    expect(list.stdout).toMatch(new RegExp(`hello\\s+1\\s+${save.stdout.trim().slice(0, 12)}`));
    const batch = await runCli(["batch", "hello@1", "--inputs", "examples/hello-world/data.csv", "--out", join(folder, "out.parquet")], repo, env);
    expect(batch.code).toBe(0);
    const table = await readTable(join(folder, "out.parquet"));
    const data = await readTable(join(repo, "examples/hello-world/data.csv"));
    expect(table.numRows).toBe(data.numRows);
    expect(table.getChild("spendPerSignup")!.get(0)).toBe(Number(data.getChild("spend")!.get(0)) / Number(data.getChild("signups")!.get(0)));
    const lines = await logLines(join(folder, ".funcflow/inference-log.jsonl"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ status: "ok", rows: data.numRows, envelope: { name: "hello", version: 1, id: save.stdout.trim() } });
  }, 120_000);
});

/** Peak RSS growth allowed for 1M rows (measured: 90-105 MB, mostly parquet-wasm memory and batches not yet collected). */
const BOUND_MB = 160;
