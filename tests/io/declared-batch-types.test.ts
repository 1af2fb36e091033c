/**
 * `types` means one thing across funcflow/io: readCsvBatches and readJsonBatches take the
 * vocabulary of tableFromCsv (float64, int32, int64, bool, utf8, date), read a declared column as
 * tableFromCsv reads it, refuse a value that does not fit with io_failed naming file, line, row
 * and column, and refuse a declaration outside the vocabulary before reading.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RecordBatch } from "apache-arrow";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CSV_COLUMN_TYPES, readCsvBatches, readJsonBatches, tableFromCsv, type CsvColumnType } from "../../src/io/index.ts";
import { rejection } from "../support/caught.ts";
import { collectBatches, columnValues } from "./support/batches.ts";

let dir: string;
let files = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "funcflow-declared-types-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(extension: string, text: string): Promise<string> {
  const path = join(dir, `${files++}.${extension}`);
  await writeFile(path, text);
  return path;
}

const typeOf = (batches: readonly RecordBatch[], name: string): string => String(batches[0]!.schema.fields.find((field) => field.name === name)!.type);

/** Per type: CSV fields and the same values as JSON, read back as `values` (nulls included) into an Arrow `arrow` type. */
const GOOD: Readonly<Record<CsvColumnType, { csv: string[]; json: unknown[]; arrow: string; values: unknown[] }>> = {
  float64: { csv: ["1.5", "", "-2e3"], json: [1.5, null, -2e3], arrow: "Float64", values: [1.5, null, -2000] },
  int32: { csv: ["7", "", "-2147483648"], json: [7, null, -2147483648], arrow: "Int32", values: [7, null, -2147483648] },
  int64: { csv: ["9007199254740993", "", "-1"], json: ["9007199254740993", null, -1], arrow: "Int64", values: [9007199254740993n, null, -1n] },
  bool: { csv: ["true", "", "FALSE"], json: [true, null, false], arrow: "Bool", values: [true, null, false] },
  utf8: { csv: ["007", "", "x"], json: ["007", null, "x"], arrow: "Utf8", values: ["007", null, "x"] },
  date: { csv: ["2024-02-29", "", "0050-03-01"], json: ["2024-02-29", null, "0050-03-01"], arrow: "Date32<DAY>", values: [Date.UTC(2024, 1, 29), null, new Date(0).setUTCFullYear(50, 2, 1)] },
};

/** Per type: a CSV field and a JSON value that do not fit it (CSV has no text that is not utf8). */
const BAD: Readonly<Record<CsvColumnType, { csv?: string; json: unknown }[]>> = {
  float64: [{ csv: "abc", json: "1.5" }],
  int32: [{ csv: "1.5", json: 1.5 }, { csv: "2147483648", json: 2147483648 }],
  int64: [{ csv: "1e3", json: 2 ** 53 }, { csv: "9223372036854775808", json: "9223372036854775808" }],
  bool: [{ csv: "yes", json: "true" }],
  utf8: [{ json: 5 }],
  date: [{ csv: "2024-02-30", json: "2024-02-30" }, { csv: "20240101", json: 20240101 }],
};

const csvText = (fields: readonly string[]) => `id,v\n${fields.map((field, index) => `${index},${field}`).join("\n")}\n`;
const jsonLines = (values: readonly unknown[]) => values.map((value, index) => JSON.stringify({ id: index, v: value })).join("\n");

describe("readCsvBatches and readJsonBatches read a declared column as tableFromCsv does", () => {
  it.each(CSV_COLUMN_TYPES)("%s: both readers, in batches of 1 and of all rows", async (type) => {
    const { csv, json, arrow, values } = GOOD[type];
    const csvPath = await file("csv", csvText(csv));
    const jsonPath = await file("jsonl", jsonLines(json));
    const reference = tableFromCsv(csvText(csv), { types: { v: type } });
    expect(String(reference.getChild("v")!.type)).toBe(arrow);
    expect(Array.from(reference.getChild("v")! as Iterable<unknown>)).toEqual(values);
    for (const batchRows of [1, 100]) {
      for (const batches of [await collectBatches(readCsvBatches(csvPath, { batchRows, types: { v: type } })), await collectBatches(readJsonBatches(jsonPath, { batchRows, types: { v: type } }))]) {
        expect(typeOf(batches, "v")).toBe(arrow);
        expect(new Set(batches.map((batch) => String(batch.schema)))).toHaveLength(1);
        expect(columnValues(batches, "v")).toEqual(values);
      }
    }
  });
});

describe("a value that does not fit its declared type is io_failed naming file, line, row and column", () => {
  const cases = CSV_COLUMN_TYPES.flatMap((type) => BAD[type].map((bad) => [type, bad] as const));
  it.each(cases)("%s refuses %o", async (type, bad) => {
    // The misfit is the third row (row 2, line 4 of the CSV, line 3 of the JSON Lines); batches of 2 are yielded before it.
    const readers = [
      ...(bad.csv === undefined ? [] : [{ path: await file("csv", csvText([...GOOD[type].csv.slice(0, 2), bad.csv])), read: readCsvBatches, line: 4, where: "readCsvBatches" }]),
      { path: await file("jsonl", jsonLines([...GOOD[type].json.slice(0, 2), bad.json])), read: readJsonBatches, line: 3, where: "readJsonBatches" },
    ];
    for (const { path, read, line, where } of readers) {
      const seen: number[] = [];
      const error = await rejection(
        (async () => {
          for await (const batch of read(path, { batchRows: 2, types: { v: type } })) seen.push(batch.numRows);
        })(),
      );
      expect(error).toMatchObject({ code: "io_failed", details: { source: path, line, row: 2, column: "v", type } });
      expect(error.message).toContain(`${where}: ${path} line ${line} (row 2), column "v": `);
      expect(error.message).toContain(`as types.v = "${type}" declares`);
      expect(seen).toEqual([2]);
    }
  });
});

describe("a declaration outside the vocabulary is refused before reading", () => {
  it.each([["number"], ["string"], ["boolean"], ["integer"], ["Float64"], [5], [null]])("types: { amount: %o } → invalid_argument naming options.types.amount", async (type) => {
    const csv = await file("csv", "amount\n1\n");
    const json = await file("jsonl", '{"amount":1}\n');
    for (const batches of [readCsvBatches(csv, { types: { amount: type as never } }), readJsonBatches(json, { types: { amount: type as never } })]) {
      const error = await rejection(collectBatches(batches));
      expect(error.code).toBe("invalid_argument");
      expect(error.message).toContain("options.types.amount");
      expect(error.message).toContain("float64, int32, int64, bool, utf8, date");
    }
  });
});

/** A generated column of one type: the values as Arrow gives them back, and each as CSV text and JSON value. */
type Cell = { readonly read: unknown; readonly csv: string; readonly json: unknown } | null;

const DAY_MS = 86_400_000;
const CELLS: Readonly<Record<CsvColumnType, fc.Arbitrary<Cell>>> = {
  float64: fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)).map((x) => ({ read: x, csv: String(x), json: x })),
  int32: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((x) => ({ read: x, csv: String(x), json: x })),
  int64: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((x) => ({ read: x, csv: String(x), json: Number.isSafeInteger(Number(x)) && BigInt(Number(x)) === x ? Number(x) : String(x) })),
  bool: fc.boolean().map((x) => ({ read: x, csv: String(x), json: x })),
  utf8: fc.string({ unit: "grapheme" }).map((x) => ({ read: x, csv: `"${x.replaceAll('"', '""')}"`, json: x })),
  // Years 0001-9999: what YYYY-MM-DD can write.
  date: fc.integer({ min: -719_162, max: 2_932_896 }).map((days) => ({ read: days * DAY_MS, csv: new Date(days * DAY_MS).toISOString().slice(0, 10), json: new Date(days * DAY_MS).toISOString().slice(0, 10) })),
};

describe("a typed column written as CSV and JSON Lines reads back equal, in any batch size (fast-check)", () => {
  it("for every declared type, both readers", async () => {
    const column = fc.constantFrom(...CSV_COLUMN_TYPES).chain((type) => fc.record({ type: fc.constant(type), cells: fc.array(fc.option(CELLS[type], { nil: null }), { minLength: 1, maxLength: 40 }), batchRows: fc.integer({ min: 1, max: 45 }) }));
    await fc.assert(
      fc.asyncProperty(column, async ({ type, cells, batchRows }) => {
        const expected = cells.map((cell) => (cell === null ? null : cell.read));
        const csv = await file("csv", csvText(cells.map((cell) => (cell === null ? "" : cell.csv))));
        const json = await file("jsonl", jsonLines(cells.map((cell) => (cell === null ? null : cell.json))));
        for (const batches of [await collectBatches(readCsvBatches(csv, { batchRows, types: { v: type } })), await collectBatches(readJsonBatches(json, { batchRows, types: { v: type } }))]) {
          expect(columnValues(batches, "v")).toEqual(expected);
          expect(batches.map((batch) => batch.numRows)).toEqual(cells.length === 0 ? [0] : Array.from({ length: Math.ceil(cells.length / batchRows) }, (_, index) => Math.min(batchRows, cells.length - index * batchRows)));
        }
      }),
      { numRuns: 150 },
    );
  });
});
