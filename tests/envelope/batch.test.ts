/**
 * runBatch / `funcflow batch`: every input format read in record batches with one schema, the
 * outputs equal to one in-memory run, a row that does not fit named with no output left behind,
 * 1M rows of CSV and JSON Lines under a heap cap the whole file would not fit in, and one complete
 * log line per run. (The 1M/3M-row RSS figures per format live in bench/text-batches.ts.)
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeVector, Table, tableFromIPC } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readParquetBatches, readTable, writeTable } from "../../src/io.ts";
import { loadEnvelope, runBatch, saveEnvelope, type InferenceLogLine } from "../../src/envelope.ts";
import { rejection } from "../support/caught.ts";
import { repo, runChild } from "./support/child.ts";
import { funcflowInProcess } from "./support/cli-in-process.ts";

let sandbox: string;
let registry: string;
const X = [1, 3, 5, 7, 9];
const Y = [2, 4, 1, 7, 3];

beforeAll(async () => {
  sandbox = await mkdtemp(join(tmpdir(), "funcflow-envelope-batch-"));
  registry = join(sandbox, "registry");
  await saveEnvelope({ name: "wide", modules: ["tests/envelope/fixtures/wide.ts"], outputs: ["total", "gap", "product", "ratio"], registry, root: repo, sbom: false });
}, 120_000);

afterAll(async () => {
  await rm(sandbox, { recursive: true, force: true });
});

async function logLines(path: string): Promise<InferenceLogLine[]> {
  return (await readFile(path, "utf8")).trim().split("\n").map((line) => JSON.parse(line) as InferenceLogLine);
}

/** X and Y written as `file` (its extension names the format). */
async function inputFile(file: string): Promise<string> {
  const path = join(sandbox, file);
  const rows = X.map((x, index) => ({ x, y: Y[index]! }));
  if (file.endsWith(".jsonl")) await writeFile(path, rows.map((row) => JSON.stringify(row)).join("\n"));
  else await writeTable(path, new Table({ x: makeVector(new Float64Array(X)), y: makeVector(new Float64Array(Y)) }));
  return path;
}

describe("runBatch", () => {
  it.each(["in.csv", "in.json", "in.jsonl", "in.arrow", "in.arrows", "in.parquet"])("reads %s in batches and writes the outputs of one in-memory run", async (file) => {
    const out = join(sandbox, `${file}.out.arrow`);
    const log = join(sandbox, `${file}.jsonl`);
    const line = await runBatch("wide@1", { inputs: await inputFile(file), out, batchRows: 2, registry, log });
    expect(line).toMatchObject({ status: "ok", rows: 5, batches: 3, envelope: { name: "wide", version: 1 }, errors: [] });
    expect(line.input.schema).toEqual({ x: "Float64", y: "Float64" });
    expect(line.output.schema).toEqual({ total: "Float64", gap: "Float64", product: "Float64", ratio: "Float64" });
    const table = tableFromIPC(await readFile(out));
    expect(Array.from(table.getChild("product")!.toArray() as Float64Array)).toEqual(X.map((x, index) => x * Y[index]!));
    expect(Array.from(table.getChild("ratio")!.toArray() as Float64Array)).toEqual(X.map((x, index) => (x + Y[index]!) / (x - Y[index]!)));
    expect(await logLines(log)).toEqual([line]);
  });

  it.each(["out.parquet", "out.arrows", "out.csv"])("writes %s batch by batch, equal to the Arrow output", async (file) => {
    const out = join(sandbox, `csv-${file}`);
    await runBatch("wide", { inputs: await inputFile("in.csv"), out, batchRows: 2, registry, log: join(sandbox, "formats.jsonl") });
    const table = await readTable(out);
    expect(table.numRows).toBe(5);
    expect(Array.from(table.getChild("total")! as Iterable<number>)).toEqual(X.map((x, index) => x + Y[index]!));
    if (file.endsWith(".csv")) expect((await readFile(out, "utf8")).split("\n").filter((text) => text.startsWith("total"))).toHaveLength(1);
    if (file.endsWith(".parquet")) {
      const rowGroups: number[] = [];
      for await (const batch of readParquetBatches(out)) rowGroups.push(batch.numRows);
      expect(rowGroups).toEqual([2, 2, 1]);
    }
  });

  it.each(["parquet", "arrow", "arrows", "csv"])("refuses a CSV row that does not fit, after two batches were written: no .%s output and no temporary file", async (format) => {
    const folder = await mkdtemp(join(sandbox, `mismatch-${format}-`));
    const bad = join(folder, "bad.csv");
    await writeFile(bad, "x,y\n1,2\n3,4\n5,6\n7,8\n9,oops\n11,12\n");
    const log = join(folder, "log.jsonl");
    const error = await rejection(runBatch("wide@1", { inputs: bad, out: join(folder, `scores.${format}`), batchRows: 2, registry, log }));
    // y's type comes from the envelope's schema: a declared column, refused as tableFromCsv refuses one.
    expect(error).toMatchObject({ code: "io_failed", details: { source: bad, line: 6, row: 4, column: "y", type: "float64", text: "oops" } });
    expect(error.message).toContain(`${bad} line 6 (row 4), column "y": "oops" is not a number, as types.y = "float64" declares`);
    expect((await readdir(folder)).sort()).toEqual(["bad.csv", "log.jsonl"]);
    const [line] = await logLines(log);
    expect(line).toMatchObject({ status: "failed", rows: 4, batches: 2, errors: [{ code: "io_failed", batch: 2 }] });
  });

  it("types CSV and JSON columns from the envelope's schema, not from the first batch, and skips columns it does not need", async () => {
    // y is empty in the whole first batch: inferred, it would be Null, and the 3rd row would not fit.
    // note is not an input: its late text (or late key) is not even read.
    const csv = join(sandbox, "late-y.csv");
    await writeFile(csv, "x,y,note\n1,,\n2,,\n3,4,late text\n");
    const jsonl = join(sandbox, "late-y.jsonl");
    await writeFile(jsonl, '{"x":1,"y":null}\n{"x":2}\n{"x":3,"y":4,"note":"late key"}\n');
    for (const inputs of [csv, jsonl]) {
      const line = await runBatch("wide@1", { inputs, out: join(sandbox, "late-y.arrow"), batchRows: 2, registry, log: join(sandbox, "late-y.log") });
      expect(line.input.schema).toEqual({ x: "Float64", y: "Float64" });
      expect(tableFromIPC(await readFile(join(sandbox, "late-y.arrow"))).getChild("total")!.get(2)).toBe(7);
    }
  });

  it("reads CSV and JSON columns as the Arrow types their inputs declare (Int32, Int64, DateDay), as funcflow run --inputs does", async () => {
    await saveEnvelope({ name: "declared", modules: ["tests/envelope/fixtures/declared-columns.ts"], outputs: ["arrived"], registry, root: repo, sbom: false });
    const csv = join(sandbox, "declared.csv");
    await writeFile(csv, "count,id,day\n1,10,2024-01-02\n2,20,2024-01-03\n");
    const jsonl = join(sandbox, "declared.jsonl");
    await writeFile(jsonl, '{"count":1,"id":10,"day":"2024-01-02"}\n{"count":2,"id":20,"day":"2024-01-03"}\n');
    for (const inputs of [csv, jsonl]) {
      const out = join(sandbox, "declared.arrow");
      const line = await runBatch("declared@1", { inputs, out, registry, log: join(sandbox, "declared.log") });
      expect(line.input.schema).toEqual({ count: "Int32", id: "Int64", day: "Date32<DAY>" });
      expect([...tableFromIPC(await readFile(out)).getChild("arrived")!]).toEqual(["Int32|Int64|Date32<DAY>", "Int32|Int64|Date32<DAY>"]);
    }
  }, 60_000);

  it("gives a header-only CSV an empty output that still has the outputs' columns", async () => {
    const header = join(sandbox, "header.csv");
    await writeFile(header, "x,y\n");
    const out = join(sandbox, "header.parquet");
    const line = await runBatch("wide@1", { inputs: header, out, registry, log: join(sandbox, "header.log") });
    expect(line).toMatchObject({ status: "ok", rows: 0, output: { schema: { total: "Float64", ratio: "Float64" } } });
    const table = await readTable(out);
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((field) => field.name)).toEqual(["total", "gap", "product", "ratio"]);
  });

  it("reads nullValues markers in CSV as null (the column stays Float64); a bad list is refused before anything runs", async () => {
    const marked = join(sandbox, "marked.csv");
    await writeFile(marked, "x,y\n1,2\n?,4\n5,NA\n");
    const out = join(sandbox, "marked.arrow");
    const line = await runBatch("wide@1", { inputs: marked, out, registry, log: join(sandbox, "marked.log"), nullValues: ["?", "NA"] });
    expect(line).toMatchObject({ status: "ok", rows: 3, input: { schema: { x: "Float64", y: "Float64" } } });
    expect([...(await readTable(out)).getChild("total")!]).toEqual([3, null, null]);
    const refused = await rejection(runBatch("wide@1", { inputs: marked, out: join(sandbox, "never.arrow"), registry, nullValues: [3] as never }));
    expect(refused).toMatchObject({ code: "invalid_argument" });
    expect(refused.message).toContain("runBatch: options.nullValues");
    await expect(readdir(sandbox)).resolves.not.toContain("never.arrow");
  });

  it("reads a CSV with another delimiter; a delimiter that is not one character is refused before anything runs", async () => {
    const semicolons = join(sandbox, "semicolons.csv");
    await writeFile(semicolons, "x;y\n1;2\n3;4\n");
    const out = join(sandbox, "semicolons.arrow");
    const line = await runBatch("wide@1", { inputs: semicolons, out, registry, log: join(sandbox, "semicolons.log"), delimiter: ";" });
    expect(line).toMatchObject({ status: "ok", rows: 2, input: { schema: { x: "Float64", y: "Float64" } } });
    expect([...(await readTable(out)).getChild("total")!]).toEqual([3, 7]);
    const refused = await rejection(runBatch("wide@1", { inputs: semicolons, out: join(sandbox, "never-delimited.arrow"), registry, delimiter: ";;" }));
    expect(refused).toMatchObject({ code: "invalid_argument" });
    expect(refused.message).toContain("runBatch (options.delimiter)");
    await expect(readdir(sandbox)).resolves.not.toContain("never-delimited.arrow");
  });

  it("refuses a file without a needed column: no output, a failed log line naming it", async () => {
    const bad = join(sandbox, "no-y.csv");
    await writeFile(bad, "x,z\n1,2\n");
    const log = join(sandbox, "bad.jsonl");
    const error = await rejection(runBatch("wide@1", { inputs: bad, out: join(sandbox, "never.parquet"), registry, log }));
    expect(error).toMatchObject({ code: "missing_input", input: "y" });
    expect(error.message).toContain(bad);
    expect((await readdir(sandbox)).filter((name) => name.includes("never"))).toEqual([]);
    const [line] = await logLines(log);
    expect(line).toMatchObject({ status: "failed", rows: 0, errors: [{ code: "missing_input" }] });
  });

  it("a job failing midway keeps the existing output's bytes and removes a killed job's temporary", async () => {
    const folder = await mkdtemp(join(sandbox, "kept-"));
    const out = join(folder, "scores.csv");
    await writeFile(out, "old scores");
    // pid 2^22 + 1 is above Linux's pid_max limit: the job that left it is gone.
    await writeFile(join(folder, `.scores.csv.${2 ** 22 + 1}.0123456789ab.tmp`), "half of a killed job's output");
    const bad = join(folder, "bad-row.csv");
    await writeFile(bad, "x,y\n1,2\n3,4\n5,not a number\n");
    const error = await rejection(runBatch("wide@1", { inputs: bad, out, batchRows: 2, registry, log: join(sandbox, "kept.jsonl") }));
    expect(error.code).toBeDefined();
    expect((await readdir(folder)).sort()).toEqual(["bad-row.csv", "scores.csv"]);
    expect(await readFile(out, "utf8")).toBe("old scores");
  });
});

describe("runBatch and loadEnvelope refuse arguments of the wrong shape by name (not a TypeError)", () => {
  it.each([
    ["runBatch options null", () => runBatch("wide@1", null as never), "runBatch: options must be a plain object"],
    ["runBatch without inputs", () => runBatch("wide@1", { out: "o.parquet" } as never), "runBatch: options.inputs must be a non-empty string"],
    ["runBatch with a numeric out", () => runBatch("wide@1", { inputs: "in.csv", out: 5 } as never), "runBatch: options.out must be a non-empty string"],
    // The function the user called, not io's tableFormatOf, names the file it cannot read or write.
    ["runBatch to an unknown format", () => runBatch("wide@1", { inputs: "in.csv", out: "scores.xlsx" }), 'runBatch: cannot tell the format of "scores.xlsx"'],
    ["runBatch from an unknown format", () => runBatch("wide@1", { inputs: "in.xlsx", out: "scores.csv" }), 'runBatch: cannot tell the format of "in.xlsx"'],
    ["loadEnvelope of a number", () => loadEnvelope(5 as never), "loadEnvelope: reference must be a non-empty string"],
    ["loadEnvelope options null", () => loadEnvelope("wide@1", null as never), "loadEnvelope: options must be a plain object"],
  ])("%s", async (_, call, message) => {
    const error = await rejection(call());
    expect(error.code).toBe("invalid_argument");
    expect(error.message).toContain(message);
  });
});

describe("runBatch memory", () => {
  const ROWS = 1_000_000;
  /** The heap (old space) cap of the child. The whole-file CSV reader this replaced aborted at 64 MB on the same 1M rows. */
  const HEAP_MB = 48;

  it(`runs 1M rows of CSV and of JSON Lines under a ${HEAP_MB} MB heap cap, and logs them completely`, async () => {
    const csv = join(sandbox, "million.csv");
    const jsonl = join(sandbox, "million.jsonl");
    const csvRows: string[] = ["x,y\n"];
    const jsonRows: string[] = [];
    for (let index = 0; index < ROWS; index++) {
      csvRows.push(`${index},${index % 7}\n`);
      jsonRows.push(`{"x":${index},"y":${index % 7}}\n`);
    }
    await Promise.all([writeFile(csv, csvRows.join("")), writeFile(jsonl, jsonRows.join(""))]);
    // One child runs both files, one after the other: each run must fit under the cap.
    const child = await runChild("tests/envelope/support/batch-child.ts", [registry, "wide@1", "65536", csv, `${csv}.parquet`, jsonl, `${jsonl}.parquet`], sandbox, {}, [`--max-old-space-size=${HEAP_MB}`]);
    expect(child.stderr).not.toMatch(/heap|Error/);
    expect(child.code, child.stderr).toBe(0);
    const measured = JSON.parse(child.stdout) as { input: string; before: number; after: number; rows: number; batches: number }[];
    expect(measured.map((run) => run.input)).toEqual([csv, jsonl]);
    for (const run of measured) {
      process.stdout.write(`batch over 1M rows of ${run.input.slice(-5)} under a ${HEAP_MB} MB heap: peak RSS +${((run.after - run.before) / 2 ** 20).toFixed(0)} MB\n`);
      expect(run).toMatchObject({ rows: ROWS, batches: 16 });
      const [line, ...others] = await logLines(`${run.input}.log`);
      expect(others).toEqual([]);
      expect(line).toMatchObject({ status: "ok", rows: ROWS, batches: 16, envelope: { name: "wide", version: 1 }, errors: [], input: { schema: { x: "Float64", y: "Float64" } } });
      expect(line!.envelope.id).toMatch(/^[0-9a-f]{64}$/);
      let rows = 0;
      for await (const batch of readParquetBatches(`${run.input}.parquet`, { batchSize: 250_000 })) {
        if (rows === 0) expect(batch.getChild("ratio")!.get(10)).toBe((10 + 3) / (10 - 3));
        rows += batch.numRows;
      }
      expect(rows).toBe(ROWS);
    }
  }, 60_000);
});

describe("funcflow envelope save and funcflow batch (the issue's example)", () => {
  it("saves hello with --example, lists it, runs hello@1 over examples/hello-world/data.csv into out.parquet and logs one line", async () => {
    // From the repo, as the README shows (the example imports funcflow/arrow, which resolves there); the registry elsewhere.
    const folder = await mkdtemp(join(sandbox, "cli-"));
    const at = ["--registry", join(folder, ".funcflow/registry")];
    const save = await funcflowInProcess(["envelope", "save", "examples/hello-world/transforms.ts", "--name", "hello", "--outputs", "spendPerSignup", "--example", "examples/hello-world/data.csv", "--no-sbom", ...at]);
    expect(save.stderr).toContain("hello@1");
    const id = save.stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    const data = await readTable(join(repo, "examples/hello-world/data.csv"));
    // --example: the inputs read from the CSV file are stored (Arrow IPC per column), with the outputs computed from them.
    const examples = join(folder, ".funcflow/registry/envelopes", id, "content/examples");
    expect((await readTable(join(examples, "inputs/spend.arrow"))).numRows).toBe(data.numRows);
    expect((await readTable(join(examples, "outputs/spendPerSignup.arrow"))).numRows).toBe(data.numRows);
    const list = await funcflowInProcess(["envelope", "list", ...at]);
    expect(list.stdout).toMatch(new RegExp(`hello\\s+1\\s+${id.slice(0, 12)}`));
    const batch = await funcflowInProcess(["batch", "hello@1", "--inputs", "examples/hello-world/data.csv", "--out", join(folder, "out.parquet"), ...at]);
    expect(batch.code, batch.stderr).toBe(0);
    const table = await readTable(join(folder, "out.parquet"));
    expect(table.numRows).toBe(data.numRows);
    expect(table.getChild("spendPerSignup")!.get(0)).toBe(Number(data.getChild("spend")!.get(0)) / Number(data.getChild("signups")!.get(0)));
    const lines = await logLines(join(folder, ".funcflow/inference-log.jsonl"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ status: "ok", rows: data.numRows, envelope: { name: "hello", version: 1, id } });
  }, 60_000);

  it("funcflow envelope save refuses a missing --example file, naming it", async () => {
    const missing = await funcflowInProcess(["envelope", "save", "examples/hello-world/transforms.ts", "--name", "hello", "--outputs", "spendPerSignup", "--example", "no/such/file.csv", "--no-sbom", "--registry", join(sandbox, "cli-missing")]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("no/such/file.csv");
  });
});
