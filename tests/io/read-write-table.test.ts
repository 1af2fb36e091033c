import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Bool, DateDay, DateMillisecond, Table, Utf8, makeVector, vectorFromArray, tableFromArrays } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toVector } from "../../src/adapters/arrow/index.ts";
import { readJson, readTable, tableFormatOf, tableToJsonChunks, tableToParquet, writeJson, writeTable, type TableFormat } from "../../src/io/index.ts";
import { FuncflowError } from "../../src/errors/index.ts";
import { caught, rejection } from "../support/caught.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "funcflow-io-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const rows = (table: Table) => table.toArray().map((row) => (row as { toJSON(): unknown }).toJSON());
const typesOf = (table: Table) => table.schema.fields.map((field) => `${field.name}:${String(field.type)}`);


function sampleTable(): Table {
  return new Table({
    price: toVector([1.5, null, -3]),
    qty: makeVector(new Int32Array([1, 2, 3])),
    name: vectorFromArray(["a,b", null, 'q"'], new Utf8()),
    ok: vectorFromArray([true, false, null], new Bool()),
  });
}

describe("readTable and writeTable", () => {
  it.each<[TableFormat, string]>([
    ["arrow", "t.arrow"],
    ["arrows", "t.arrows"],
    ["parquet", "t.parquet"],
  ])("writeTable then readTable round-trips types and values through %s", async (_format, file) => {
    const path = join(dir, file);
    await writeTable(path, sampleTable());
    const back = await readTable(path);
    expect(typesOf(back)).toEqual(typesOf(sampleTable()));
    expect(rows(back)).toEqual(rows(sampleTable()));
  });

  it("writeTable then readTable round-trips CSV values (integers read back as Float64)", async () => {
    const path = join(dir, "t.csv");
    await writeTable(path, sampleTable());
    const back = await readTable(path);
    expect(typesOf(back)).toEqual(["price:Float64", "qty:Float64", "name:Utf8", "ok:Bool"]);
    expect(rows(back)).toEqual(rows(sampleTable()));
  });

  it("writeTable then readTable round-trips JSON records", async () => {
    const path = join(dir, "t.json");
    await writeTable(path, sampleTable());
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual(rows(sampleTable()));
    const back = await readTable(path);
    expect(rows(back)).toEqual(rows(sampleTable()));
  });

  it("writeTable writes Parquet with every compression codec", async () => {
    const table = tableFromArrays({ x: Float64Array.from({ length: 1000 }, (_, index) => index % 7) });
    for (const compression of ["uncompressed", "snappy", "gzip", "brotli", "lz4", "zstd"] as const) {
      const path = join(dir, `c-${compression}.parquet`);
      await writeTable(path, table, { parquet: { compression } });
      expect(Array.from((await readTable(path)).getChild("x")!.toArray() as Float64Array)).toEqual(Array.from(table.getChild("x")!.toArray() as Float64Array));
    }
  });

  it("writeTable honours an explicit format over the extension", async () => {
    const path = join(dir, "data.bin");
    await writeTable(path, sampleTable(), { format: "arrows" });
    expect(rows(await readTable(path, { format: "arrows" }))).toEqual(rows(sampleTable()));
  });

  it("readTable of a missing file throws io_failed naming the path", async () => {
    const path = join(dir, "nope", "missing.csv");
    const error = await rejection(readTable(path));
    expect(error.code).toBe("io_failed");
    expect(error.details).toEqual({ path, systemCode: "ENOENT" });
    expect(error.message).toContain(path);
  });

  it("readTable of a corrupt Parquet or Arrow file throws io_failed naming the path", async () => {
    for (const file of ["bad.parquet", "bad.arrow"]) {
      const path = join(dir, file);
      await writeFile(path, "not a table at all");
      const error = await rejection(readTable(path));
      expect(error.code).toBe("io_failed");
      expect(error.details).toMatchObject({ path });
      expect(error.cause).toBeDefined();
    }
  });

  it("readTable of malformed CSV reports the path and line", async () => {
    const path = join(dir, "bad.csv");
    await writeFile(path, "a,b\n1,2\n3\n");
    const error = await rejection(readTable(path));
    expect(error.code).toBe("io_failed");
    expect(error.details).toMatchObject({ source: path, line: 3 });
  });

  it("readTable of JSON that is not records throws type_mismatch", async () => {
    const path = join(dir, "scalar.json");
    await writeFile(path, "42");
    const error = await rejection(readTable(path));
    expect(error.code).toBe("type_mismatch");
  });

  it("readTable reads JSON records with differing keys, filling nulls", async () => {
    const path = join(dir, "ragged.json");
    await writeFile(path, JSON.stringify([{ a: 1 }, { b: "x", a: 2 }, {}]));
    const table = await readTable(path);
    expect(rows(table)).toEqual([
      { a: 1, b: null },
      { a: 2, b: "x" },
      { a: null, b: null },
    ]);
  });

  it("writeTable throws type_mismatch for a value that is not a Table", async () => {
    const error = await rejection(writeTable(join(dir, "x.csv"), { a: [1] } as unknown as Table));
    expect(error.code).toBe("type_mismatch");
  });

  it("tableFormatOf throws invalid_argument for an unknown extension", () => {
    expect(tableFormatOf("a/b.PARQUET")).toBe("parquet");
    try {
      tableFormatOf("data.xlsx");
      expect.unreachable();
    } catch (error) {
      expect((error as FuncflowError).code).toBe("invalid_argument");
      expect((error as FuncflowError).details).toEqual({ function: "tableFormatOf", path: "data.xlsx" });
    }
  });

  it("readTable and writeTable name themselves and options.format, not tableFormatOf, for a format they cannot use", async () => {
    const sub = await mkdtemp(join(dir, "format-"));
    const table = tableFromArrays({ a: new Float64Array([1]) });
    const badFormat = await rejection(readTable(join(sub, "t.csv"), { format: "xlsx" as TableFormat }));
    expect([badFormat.code, badFormat.details?.["argument"]]).toEqual(["invalid_argument", "options.format"]);
    expect(badFormat.message).toBe('readTable: options.format must be one of arrow, arrows, csv, json, parquet, got the string "xlsx".');
    expect((await rejection(writeTable(join(sub, "t.csv"), table, { format: "xlsx" as TableFormat }))).message).toMatch(/^writeTable: options\.format must be one of/);
    const unknownExtension = await rejection(writeTable(join(sub, "t.xlsx"), table));
    expect(unknownExtension.message).toMatch(/^writeTable: cannot tell the format of ".*t\.xlsx" from its extension "\.xlsx"\. Pass \{ format: "arrow" \| "arrows" \| "csv" \| "json" \| "parquet" \}, or use one of \.arrow, /);
    expect(unknownExtension.details).toEqual({ function: "writeTable", path: join(sub, "t.xlsx") });
    expect((await rejection(readTable(join(sub, "t.xlsx")))).message).toMatch(/^readTable: cannot tell the format of/);
    expect(await readdir(sub)).toEqual([]);
  });

  it("writeTable replaces an existing file and leaves no temporary file behind", async () => {
    const sub = await mkdtemp(join(dir, "replace-"));
    const path = join(sub, "t.csv");
    await writeTable(path, tableFromArrays({ a: new Float64Array([1]) }));
    await writeTable(path, tableFromArrays({ b: new Float64Array([2]) }));
    expect(await readFile(path, "utf8")).toBe("b\n2\n");
    expect(await readdir(sub)).toEqual(["t.csv"]);
  });
});

describe("readJson and writeJson", () => {
  it("writeJson then readJson round-trips plain values, typed arrays as arrays and tables as records", async () => {
    const path = join(dir, "v.json");
    await writeJson(path, { n: 1, ids: new Int32Array([1, 2]), t: tableFromArrays({ a: new Float64Array([3]) }), v: toVector([1, null]) }, { space: 2 });
    expect(await readJson(path)).toEqual({ n: 1, ids: [1, 2], t: [{ a: 3 }], v: [1, null] });
  });

  it("readJson of invalid JSON throws io_failed naming the path", async () => {
    const path = join(dir, "broken.json");
    await writeFile(path, "{ nope");
    const error = await rejection(readJson(path));
    expect(error.code).toBe("io_failed");
    expect(error.details).toEqual({ path });
  });

  it("writeJson of a value that cannot be serialised throws io_failed and writes nothing", async () => {
    const sub = await mkdtemp(join(dir, "json-fail-"));
    const path = join(sub, "bad.json");
    const error = await rejection(writeJson(path, { big: 1n }));
    expect(error.code).toBe("io_failed");
    expect(await readdir(sub)).toEqual([]);
  });

  it("writeTable to JSON of a 64-bit integer beyond 2^53 throws type_mismatch and leaves no file", async () => {
    const sub = await mkdtemp(join(dir, "json-big-"));
    const values = new BigInt64Array(10_000).fill(1n);
    values[9_999] = 2n ** 60n;
    const table = new Table({ n: makeVector(values), i: makeVector(new Int32Array(10_000)) });
    const error = await rejection(writeTable(join(sub, "big.json"), table));
    expect(error.code).toBe("type_mismatch");
    expect(error.details).toEqual({ column: "n", row: 9_999 });
    expect(await readdir(sub)).toEqual([]);
  });

  it("tableToJsonChunks writes date cells as date strings, not epoch milliseconds", () => {
    const day = Date.UTC(2024, 1, 29);
    const table = new Table({ d: vectorFromArray([new Date(day), null], new DateDay()), at: vectorFromArray([new Date(day + 5_400_000), null], new DateMillisecond()) });
    expect([...tableToJsonChunks(table)].join("")).toBe('[\n{"d":"2024-02-29","at":"2024-02-29T01:30:00.000Z"},\n{"d":null,"at":null}\n]\n');
  });

  it("tableToJsonChunks refuses a non-table or a bad rowsPerChunk at the call, not at the first chunk read", () => {
    expect(caught(() => tableToJsonChunks({} as Table)).message).toContain("tableToJsonChunks: table must be an Arrow Table");
    expect(caught(() => tableToJsonChunks(sampleTable(), 0)).message).toContain("tableToJsonChunks: rowsPerChunk must be an integer ≥ 1");
    expect([...tableToJsonChunks(new Table({ a: toVector([1, 2]) }), 1)].join("")).toBe('[\n{"a":1},\n{"a":2}\n]\n');
  });

  it("a Parquet compression or rowGroupSize parquet-wasm cannot use is invalid_argument naming it, before anything is written", async () => {
    const sub = await mkdtemp(join(dir, "parquet-options-"));
    const zst = await rejection(writeTable(join(sub, "t.parquet"), sampleTable(), { parquet: { compression: "zst" as "zstd" } }));
    expect(zst.code).toBe("invalid_argument");
    expect(zst.message).toContain('writeTable: options.parquet.compression must be one of uncompressed, snappy, gzip, brotli, lz4, zstd, got the string "zst". Did you mean "zstd"?');
    const inherited = await rejection(writeTable(join(sub, "t.parquet"), sampleTable(), { parquet: { compression: "toString" as "zstd" } }));
    expect(inherited.message).toContain("options.parquet.compression must be one of");
    for (const rowGroupSize of ["x", 0, 1.5]) {
      const error = await rejection(tableToParquet(sampleTable(), { rowGroupSize: rowGroupSize as number }));
      expect(error.message).toContain("tableToParquet: options.rowGroupSize must be an integer ≥ 1");
    }
    expect(await readdir(sub)).toEqual([]);
  });
});
