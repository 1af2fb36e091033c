/**
 * The columns of CSV records as they are read: header names, values as text, and what each
 * column's values allow so far. Shared by `tableFromCsv` (one whole text) and `readCsvBatches`
 * (batches with one schema fixed by the first).
 */
import type { Vector } from "apache-arrow";
import { FuncflowError } from "../errors/index.ts";
import { isCsvBooleanText, isCsvNumberText } from "./csv-literals.ts";
import { INFERRED_KIND_WORDS, vectorOfKind, type ColumnKind } from "./column-kind.ts";
import type { CsvColumnType } from "./csv-column-types.ts";
import { nullMarkedFields, type CsvNullMarkers } from "./csv-null-values.ts";

/** One column being read. */
export interface CsvColumn {
  readonly name: string;
  values: (string | null)[];
  /** The type fixed for it (given, or read from a first batch); undefined while it is inferred. */
  kind: ColumnKind | undefined;
  /** The type `types` declares for it: its texts are parsed (and refused) by `typedCsvVector`, not checked here. */
  declared: CsvColumnType | undefined;
  /** Where a fixed kind came from, for the message when a value does not fit. */
  kindFrom: string;
  /** Not read: its values are neither kept nor checked (a reader asked for other columns only). */
  skip: boolean;
  /** Every value so far is an unquoted number (vacuously true before the first). */
  allNumbers: boolean;
  allBooleans: boolean;
  hasValue: boolean;
}

/**
 * The columns a header record names.
 * @throws FuncflowError `io_failed` for a name given twice (`details.source`, `details.column`).
 */
export function csvHeaderColumns(names: readonly (string | null)[], source: string, where: string): CsvColumn[] {
  const seen = new Set<string>();
  return names.map((raw) => {
    const name = raw ?? "";
    if (seen.has(name)) {
      throw new FuncflowError("io_failed", `${where}: ${source} names the column "${name}" twice in its header. Rename one of them.`, { details: { source, line: 1, column: name } });
    }
    seen.add(name);
    return { name, values: [], kind: undefined, declared: undefined, kindFrom: "", skip: false, allNumbers: true, allBooleans: true, hasValue: false };
  });
}

/** Where a record is, for messages: the file, its line and its data row (0-based). */
export interface CsvRecordPlace {
  readonly source: string;
  readonly where: string;
  readonly line: number;
  readonly row: number;
  /** What sets the field count, for messages (default "the header"; "the first record" without one). */
  readonly shape?: string;
}

/**
 * Adds one record's fields to `columns` (a field `null` is an unquoted empty field; with
 * `markers`, an unquoted field that is one of them is made null first, in `fields`). Returns
 * false for a blank line in a file of several columns, which is skipped.
 * @throws FuncflowError `io_failed` for a record whose field count differs from the header's;
 *   `type_mismatch` for a value that does not fit its column's fixed kind
 *   (`details.source`, `details.line`, `details.row`, `details.column`).
 */
export function addCsvRecord(columns: CsvColumn[], fields: (string | null)[], quoted: readonly boolean[], place: CsvRecordPlace, markers?: CsvNullMarkers): boolean {
  if (fields.length !== columns.length) {
    if (fields.length === 1 && fields[0] === null) return false;
    const { source, line, shape = "the header" } = place;
    throw new FuncflowError(
      "io_failed",
      `${place.where}: ${source} line ${line} has ${fields.length} fields but ${shape} has ${columns.length}. ` +
        `Give every record as many fields as ${shape} (quote fields that contain the delimiter).`,
      { details: { source, line, fields: fields.length, expected: columns.length } },
    );
  }
  // After the count check: a lone marker on a line is a value (or a short record), not a blank line.
  // Once per record, not per field, so a read without markers pays nothing for them.
  if (markers !== undefined) nullMarkedFields(fields, quoted, markers);
  for (let index = 0; index < columns.length; index++) {
    const column = columns[index]!;
    if (column.skip) continue;
    const value = fields[index]!;
    column.values.push(value);
    if (value === null || column.declared !== undefined) continue;
    if (column.kind !== undefined) {
      if (!fitsKind(column.kind, value)) throw valueMismatch(column, value, place);
      continue;
    }
    column.hasValue = true;
    if (quoted[index]) {
      column.allNumbers = false;
      column.allBooleans = false;
      continue;
    }
    if (column.allNumbers && !isCsvNumberText(value)) column.allNumbers = false;
    if (column.allBooleans && !isCsvBooleanText(value)) column.allBooleans = false;
  }
  return true;
}

/** The column's fixed kind, or the narrowest its values allow: float64, bool, utf8, or null (no values). */
export function csvColumnKind(column: CsvColumn): ColumnKind {
  if (column.kind !== undefined) return column.kind;
  if (!column.hasValue) return "null";
  return column.allNumbers ? "float64" : column.allBooleans ? "bool" : "utf8";
}

/** The column's values as a vector of the inferred `kind` (which they fit). */
export function csvColumnVector(column: CsvColumn, kind: ColumnKind): Vector {
  const { values } = column;
  if (kind === "bool") return vectorOfKind(kind, values.map((value) => (value === null ? null : value.toLowerCase() === "true")));
  return vectorOfKind(kind, values);
}

/** Once an inferred type is fixed, a quoted number still reads as a number: quoting only guides inference. */
function fitsKind(kind: ColumnKind, value: string): boolean {
  switch (kind) {
    case "utf8":
      return true;
    case "float64":
      return isCsvNumberText(value);
    case "bool":
      return isCsvBooleanText(value);
    default:
      // Inference makes no other kind; declared columns are checked by typedCsvVector.
      return false;
  }
}

function valueMismatch(column: CsvColumn, value: string, place: CsvRecordPlace): FuncflowError {
  const { source, line, row } = place;
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  const expected = column.kind === "null" ? "empty (the column had no values)" : (INFERRED_KIND_WORDS[column.kind!] ?? `a ${column.kind}`);
  return new FuncflowError(
    "type_mismatch",
    `${place.where}: ${source} line ${line} (row ${row}): column "${column.name}" holds ${JSON.stringify(shown)}, not ${expected} as ${column.kindFrom}. ` +
      `Fix the value, or give the column's type up front (types: { ${JSON.stringify(column.name)}: "utf8" }) or a batch size large enough for the first batch to show it.`,
    { details: { source, line, row, column: column.name, value: shown, expected: column.kind } },
  );
}
