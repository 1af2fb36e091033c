/**
 * nullValues (property): a random table written as CSV with a random marker (or the empty field)
 * in place of each null reads back, with those markers as nullValues, as the same table written
 * with empty fields only, and with the table's own values. Strings are always quoted, so a string
 * that happens to equal a marker must stay text.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tableFromCsv } from "../../src/io/index.ts";
import { isCsvBooleanText, isCsvNumberText } from "../../src/io/csv-literals.ts";

type Cell = number | string | boolean | null;
type Kind = "number" | "string" | "boolean";

// Marker texts: no delimiter, quote or line break, and never a number or boolean text (a marker
// "NaN" would take NaN away from a number column, which is what the user asked for, not a bug).
const markerText = fc
  .string({ unit: fc.constantFrom("?", "N", "A", "n", "/", "-", "x", " ", ".", "#"), minLength: 1, maxLength: 4 })
  .filter((text) => !isCsvNumberText(text) && !isCsvBooleanText(text));
const markers = fc.uniqueArray(markerText, { minLength: 1, maxLength: 4 });

const cellOf = (kind: Kind, markers: readonly string[]): fc.Arbitrary<Cell> => {
  const value: fc.Arbitrary<Cell> =
    kind === "number"
      ? fc.double()
      : kind === "boolean"
        ? fc.boolean()
        : fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(...markers), fc.constant(""));
  return fc.option(value, { nil: null, freq: 3 });
};

const randomCase = markers.chain((markers) =>
  fc
    .record({ rows: fc.integer({ min: 0, max: 10 }), kinds: fc.array(fc.constantFrom<Kind>("number", "string", "boolean"), { minLength: 1, maxLength: 4 }) })
    .chain(({ rows, kinds }) =>
      fc.record({
        markers: fc.constant(markers),
        kinds: fc.constant(kinds),
        rows: fc.array(fc.tuple(...kinds.map((kind) => cellOf(kind, markers))), { minLength: rows, maxLength: rows }),
        // For each cell, which marker (or the empty field, at markers.length) stands for a null there.
        picks: fc.array(fc.array(fc.nat(markers.length), { minLength: kinds.length, maxLength: kinds.length }), { minLength: rows, maxLength: rows }),
        delimiter: fc.constantFrom(",", ";", "\t"),
      }),
    ),
);

function formatCell(cell: Cell, nullText: string): string {
  if (cell === null) return nullText;
  if (typeof cell === "string") return `"${cell.replaceAll('"', '""')}"`;
  if (typeof cell === "number") return Object.is(cell, -0) ? "-0" : String(cell);
  return String(cell);
}

function csvText(kinds: readonly Kind[], rows: readonly Cell[][], delimiter: string, nullTextAt: (row: number, column: number) => string): string {
  const header = kinds.map((_, index) => `c${index}`).join(delimiter);
  return [header, ...rows.map((row, rowIndex) => row.map((cell, column) => formatCell(cell, nullTextAt(rowIndex, column))).join(delimiter))].join("\n") + "\n";
}

describe("CSV nullValues (property)", () => {
  it("markers in place of some nulls read back as the table with those nulls", () => {
    fc.assert(
      fc.property(randomCase, ({ markers, kinds, rows, picks, delimiter }) => {
        const withMarkers = csvText(kinds, rows, delimiter, (row, column) => markers[picks[row]![column]!] ?? "");
        const withEmpties = csvText(kinds, rows, delimiter, () => "");
        const back = tableFromCsv(withMarkers, { delimiter, nullValues: markers });
        const expected = tableFromCsv(withEmpties, { delimiter });
        expect(back.schema.fields.map((field) => String(field.type))).toEqual(expected.schema.fields.map((field) => String(field.type)));
        kinds.forEach((_, column) => {
          const values = Array.from(back.getChild(`c${column}`)! as Iterable<unknown>);
          expect(values).toEqual(Array.from(expected.getChild(`c${column}`)! as Iterable<unknown>));
          expect(values).toEqual(rows.map((row) => row[column]));
        });
      }),
      { numRuns: 300 },
    );
  });
});
