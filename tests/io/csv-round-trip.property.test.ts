import { Table, Utf8, vectorFromArray, type Vector } from "apache-arrow";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toVector } from "../../src/adapters/arrow/index.ts";
import { tableFromCsv, tableToCsv } from "../../src/io/index.ts";

// Characters that stress quoting and type inference: delimiters, quotes, line breaks and the
// pieces of numbers and booleans ("1e-5", "true").
const TRICKY = [",", ";", '"', "\n", "\r", "\t", " ", "a", "1", "0", ".", "e", "-", "+", "t", "r", "u", "f", "N", "é"];
const text = fc.oneof(fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 8 }), fc.string({ maxLength: 6 }));
// Column names may also start with a byte-order mark, which the reader must not mistake for the
// file's. (Values may not: apache-arrow's Utf8 decoding itself drops a leading U+FEFF.)
const name = fc.oneof(text, text.map((rest) => `\uFEFF${rest}`));

const numberColumn = (rows: number) =>
  fc.array(fc.option(fc.double(), { nil: null, freq: 4 }), { minLength: rows, maxLength: rows }).map((values) => toVector(values));
const stringColumn = (rows: number) =>
  fc
    .array(fc.option(text, { nil: null, freq: 4 }), { minLength: rows, maxLength: rows })
    .map((values) => vectorFromArray(values, new Utf8()) as Vector);

const randomTable = fc
  .record({ rows: fc.integer({ min: 0, max: 12 }), names: fc.uniqueArray(name, { minLength: 1, maxLength: 4 }) })
  .chain(({ rows, names }) =>
    fc.tuple(...names.map(() => fc.oneof(numberColumn(rows), stringColumn(rows)))).map((columns) => {
      const byName = Object.create(null) as Record<string, Vector>;
      names.forEach((name, index) => (byName[name] = columns[index]!));
      return new Table(byName).select(names);
    }),
  );

describe("CSV round trip (property)", () => {
  it("tableToCsv then tableFromCsv returns every column's name and values, for any delimiter", () => {
    fc.assert(
      fc.property(randomTable, fc.constantFrom(",", ";", "\t"), fc.constantFrom("\n" as const, "\r\n" as const), (table, delimiter, newline) => {
        const back = tableFromCsv(tableToCsv(table, { delimiter, newline }), { delimiter });
        const names = table.schema.fields.map((field) => field.name);
        expect(back.schema.fields.map((field) => field.name)).toEqual(names);
        expect(back.numRows).toBe(table.numRows);
        for (const name of names) {
          expect(Array.from(back.getChild(name)! as Iterable<unknown>)).toEqual(Array.from(table.getChild(name)! as Iterable<unknown>));
        }
      }),
      { numRuns: 300 },
    );
  });
});
