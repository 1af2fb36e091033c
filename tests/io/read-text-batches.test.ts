/** readCsvBatches and readJsonBatches: text files in record batches with one schema, and a row that does not fit named. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RecordBatch } from "apache-arrow";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCsvBatches, readJsonBatches, tableFromCsv } from "../../src/io/index.ts";
import { JsonValueSplitter } from "../../src/io/json-value-splitter.ts";
import { rejection } from "../support/caught.ts";
import { collectBatches, columnValues } from "./support/batches.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "funcflow-text-batches-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

const typesOf = (batch: RecordBatch): string[] => batch.schema.fields.map((field) => `${field.name}:${String(field.type)}${field.nullable ? "?" : ""}`);

describe("readCsvBatches", () => {
  it("readCsvBatches cuts the rows into batches of one schema, with the values tableFromCsv reads", async () => {
    const text = 'x,name,flag,empty\n1,"Smith, J",true,\n2.5,,FALSE,\n-3,"say ""hi""",true,\n4e2,b,false,\n5,c,true,\n';
    const batches = await collectBatches(readCsvBatches(await file("five.csv", text), { batchRows: 2 }));
    expect(batches.map((batch) => batch.numRows)).toEqual([2, 2, 1]);
    expect(new Set(batches.map((batch) => typesOf(batch).join())).size).toBe(1);
    expect(typesOf(batches[0]!)).toEqual(["x:Float64?", "name:Utf8?", "flag:Bool?", "empty:Null?"]);
    const whole = tableFromCsv(text);
    for (const name of ["x", "name", "flag", "empty"]) expect(columnValues(batches, name)).toEqual(Array.from(whole.getChild(name)! as Iterable<unknown>));
  });

  it("readCsvBatches throws type_mismatch naming the line, row and column of a value that does not fit the first batch's type", async () => {
    const path = await file("late-text.csv", "x,y\n1,2\n3,4\n5,6\nabc,7\n");
    const error = await rejection(collectBatches(readCsvBatches(path, { batchRows: 2 })));
    expect(error).toMatchObject({ code: "type_mismatch", details: { source: path, line: 5, row: 3, column: "x", value: "abc", expected: "float64" } });
    expect(error.message).toContain(`${path} line 5 (row 3): column "x" holds "abc", not a number as the first batch (rows 0–1) showed`);
    // A column that had no values in the first batch was Null: a later value does not fit either.
    const nullFirst = await file("null-first.csv", "x,y\n1,\n2,\n3,later\n");
    expect(await rejection(collectBatches(readCsvBatches(nullFirst, { batchRows: 2 })))).toMatchObject({ code: "type_mismatch", details: { line: 4, row: 2, column: "y" } });
  });

  it("readCsvBatches takes column types given up front", async () => {
    const path = await file("ids.csv", "id,n\n007,1\n\n8,2\n");
    const [batch] = await collectBatches(readCsvBatches(path, { types: { id: "utf8", n: "float64" } }));
    expect(typesOf(batch!)).toEqual(["id:Utf8?", "n:Float64?"]);
    expect(columnValues([batch!], "id")).toEqual(["007", "8"]);
    const bad = await file("bad-ids.csv", "n\n1\nx\n");
    expect(await rejection(collectBatches(readCsvBatches(bad, { types: { n: "float64" } })))).toMatchObject({ code: "io_failed", details: { line: 3, row: 1, column: "n", type: "float64", text: "x" } });
  });

  it("readCsvBatches reads only the columns asked for, never checking the others", async () => {
    const path = await file("some.csv", "a,b,c\n1,,x\n2,,y\n3,late,z\n");
    const batches = await collectBatches(readCsvBatches(path, { batchRows: 2, columns: ["c", "a"] }));
    expect(typesOf(batches[0]!)).toEqual(["a:Float64?", "c:Utf8?"]);
    expect(columnValues(batches, "a")).toEqual([1, 2, 3]);
    const json = await file("some.jsonl", '{"a":1}\n{"a":2}\n{"a":3,"b":"late"}\n');
    expect(columnValues(await collectBatches(readJsonBatches(json, { batchRows: 2, columns: ["a"] })), "a")).toEqual([1, 2, 3]);
  });

  it("readCsvBatches gives a header-only file one empty batch, and refuses an empty file and a bad batch size", async () => {
    const [batch, ...rest] = await collectBatches(readCsvBatches(await file("header.csv", "a,b\n")));
    expect(rest).toEqual([]);
    expect(batch!.numRows).toBe(0);
    expect(batch!.schema.fields.map((field) => field.name)).toEqual(["a", "b"]);
    const empty = await file("empty.csv", "");
    expect(await rejection(collectBatches(readCsvBatches(empty)))).toMatchObject({ code: "io_failed", details: { path: empty } });
    expect((await rejection(collectBatches(readCsvBatches(empty, { batchRows: 0 })))).code).toBe("invalid_argument");
  });
});

describe("readJsonBatches", () => {
  const records = [{ a: 1, b: "x" }, { a: 2 }, { a: 3, b: "z", c: true }, { a: null, b: "w" }, { a: 5, b: null }];

  it.each([
    ["array.json", `[\n${records.map((record) => JSON.stringify(record)).join(",\n")}\n]\n`],
    ["lines.jsonl", `${records.map((record) => JSON.stringify(record)).join("\n")}\n`],
  ])("readJsonBatches reads %s in batches of one schema, a missing key as null", async (name, text) => {
    const batches = await collectBatches(readJsonBatches(await file(name, text), { batchRows: 3 }));
    expect(batches.map((batch) => batch.numRows)).toEqual([3, 2]);
    expect(new Set(batches.map((batch) => typesOf(batch).join())).size).toBe(1);
    expect(typesOf(batches[0]!)).toEqual(["a:Float64?", "b:Utf8?", "c:Bool?"]);
    expect(columnValues(batches, "a")).toEqual([1, 2, 3, null, 5]);
    expect(columnValues(batches, "b")).toEqual(["x", null, "z", "w", null]);
    expect(columnValues(batches, "c")).toEqual([null, null, true, null, null]);
  });

  it("readJsonBatches names the row, line and column of a record that does not fit", async () => {
    const lines = await file("late.jsonl", '{"a":1}\n{"a":2}\n{"a":"three"}\n');
    expect(await rejection(collectBatches(readJsonBatches(lines, { batchRows: 2 })))).toMatchObject({ code: "type_mismatch", details: { source: lines, line: 3, row: 2, column: "a" } });
    const newKey = await file("new-key.json", '[{"a":1},\n{"a":2},\n{"a":3,"z":1}]');
    const error = await rejection(collectBatches(readJsonBatches(newKey, { batchRows: 2 })));
    expect(error).toMatchObject({ code: "type_mismatch", details: { line: 3, row: 2, column: "z" } });
    expect(error.message).toContain('the key "z"');
    const mixed = await file("mixed.json", '[{"a":1},{"a":"x"}]');
    expect(await rejection(collectBatches(readJsonBatches(mixed)))).toMatchObject({ code: "type_mismatch", details: { row: 1, column: "a" } });
    const nested = await file("nested.jsonl", '{"a":{"b":1}}\n');
    expect(await rejection(collectBatches(readJsonBatches(nested)))).toMatchObject({ code: "type_mismatch", details: { row: 0, column: "a" } });
    const notRecord = await file("scalars.json", "[1, 2]");
    expect(await rejection(collectBatches(readJsonBatches(notRecord)))).toMatchObject({ code: "type_mismatch", details: { row: 0, line: 1 } });
  });

  it("readJsonBatches refuses malformed JSON naming the line", async () => {
    for (const [name, text, line] of [
      ["unclosed.json", '[{"a":1},\n{"a":2}\n', 3],
      ["no-comma.json", '[{"a":1}\n{"a":2}]', 2],
      ["trailing.json", '[{"a":1}] x', 1],
      ["broken.jsonl", '{"a":1}\n{"a":}\n', 2],
      ["cut.jsonl", '{"a":1}\n{"a":', 2],
    ] as const) {
      const path = await file(name, text);
      expect(await rejection(collectBatches(readJsonBatches(path))), name).toMatchObject({ code: "io_failed", details: { source: path, line } });
    }
  });
});

describe("JsonValueSplitter", () => {
  const value = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ unit: fc.constantFrom("a", '"', "\\", "\n", "]", "}", ",", "é", "[") }), fc.boolean(), fc.constant(null));
  const record = fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(value, fc.array(value, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 2 }), value, { maxKeys: 2 })), { maxKeys: 4 });

  it("JsonValueSplitter gives up on a cut value past 64 MiB (a string that never closes), naming its line", () => {
    const splitter = new JsonValueSplitter("big.json", () => {});
    splitter.push('[{"a":1},\n{"a":"open');
    const chunk = "a".repeat(16 * 2 ** 20);
    let error: unknown;
    try {
      for (let pushed = 0; pushed <= 64 * 2 ** 20; pushed += chunk.length) splitter.push(chunk);
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: "io_failed", details: { source: "big.json", line: 2 } });
  });

  it("JsonValueSplitter finds the same values as JSON.parse, in an array or as lines, however the text is cut", () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 6 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 6 }), fc.constantFrom("", " ", "\n  "), (records, asArray, cuts, space) => {
        const texts = records.map((item) => JSON.stringify(item, null, space === "" ? undefined : 1));
        const text = asArray ? `${space}[${space}${texts.join(`,${space}`)}${space}]${space}` : texts.map((item) => item.replace(/\n\s*/g, "")).join("\n");
        const found: unknown[] = [];
        const splitter = new JsonValueSplitter("x.json", (piece) => found.push(JSON.parse(piece)));
        const points = [...new Set(cuts.map((at) => at % (text.length + 1)))].sort((a, b) => a - b);
        let from = 0;
        for (const point of points) {
          splitter.push(text.slice(from, point));
          from = point;
        }
        splitter.end(text.slice(from));
        // What JSON itself keeps of each record (-0 is written as 0): the splitter must lose nothing more.
        expect(found).toEqual(records.map((item) => JSON.parse(JSON.stringify(item)) as unknown));
      }),
      { numRuns: 500 },
    );
  });
});

describe("text batch readers refuse bad options before reading, naming the option", () => {
  const BAD_OPTIONS: readonly [unknown, string][] = [
    [5, "options"],
    [null, "options"],
    [new Map(), "options"],
    [{ header: false }, "header"],
    [{ batchRows: 0 }, "batchRows"],
    [{ batchRows: "100" }, "batchRows"],
    [{ types: null }, "options.types"],
    [{ types: ["id"] }, "options.types"],
    [{ types: { id: "integer" } }, "options.types.id"],
    [{ types: { id: "number" } }, "options.types.id"],
    [{ columns: "id" }, "options.columns"],
    [{ columns: [5] }, "options.columns"],
  ];
  it.each(BAD_OPTIONS)("readCsvBatches and readJsonBatches refuse %o with invalid_argument naming %s", async (options, named) => {
    const csv = await file("options.csv", "id\n1\n");
    const json = await file("options.jsonl", '{"id":1}\n');
    for (const batches of [readCsvBatches(csv, options as never), readJsonBatches(json, options as never)]) {
      const error = await rejection(collectBatches(batches));
      expect(error.code).toBe("invalid_argument");
      expect(error.message).toContain(named);
    }
  });
});
