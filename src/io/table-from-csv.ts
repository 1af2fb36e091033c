import { Float64, makeData, makeVector, type Table, type Vector } from "apache-arrow";
import { FuncflowError } from "../errors/index.ts";
import { arrowAdapter, toVector } from "../adapters/arrow/index.ts";
import { checkCsvDelimiter, isCsvBooleanText, isCsvNumberText } from "./csv-literals.ts";
import { scanCsv } from "./scan-csv.ts";

/** Options for reading CSV. */
export interface ReadCsvOptions {
  /** One character; default `,`. */
  readonly delimiter?: string;
  /** Infer number and boolean columns (default `true`); `false` reads every column as text. */
  readonly inferTypes?: boolean;
  /** Names the text in error messages (the path, when read from a file). */
  readonly source?: string;
}

/**
 * An Arrow Table from CSV text whose first record is the header.
 * Types are inferred per column: a column whose values are all unquoted numbers is Float64, all
 * unquoted `true`/`false` (any case) is Bool, with no values at all is Null, and otherwise Utf8
 * holding the text as written. An unquoted empty field is null; a quoted one (`""`) is the empty
 * string; a quoted field is always text (the QUOTE_NONNUMERIC convention), which keeps "007" a
 * string. A blank line is a null in a one-column file and is skipped otherwise.
 * @throws FuncflowError `io_failed` for malformed quoting, a record whose field count differs
 *   from the header's, or a repeated header name (`details.source`, `details.line`).
 * @example tableFromCsv('id,name\n1,"Smith, J"\n2,\n').getChild("name")?.toArray(); // ["Smith, J", null]
 */
export function tableFromCsv(text: string, options: ReadCsvOptions = {}): Table {
  const source = options.source ?? "CSV text";
  const delimiter = checkCsvDelimiter(options.delimiter ?? ",", "tableFromCsv");
  const columns = collectColumns(text, delimiter, source);
  const inferTypes = options.inferTypes ?? true;
  const vectors = columns.map((column) => (inferTypes ? inferredVector(column) : toVector(column.values, column.name)));
  return arrowAdapter.buildFrame(
    columns.map((column, index) => [column.name, vectors[index]] as const),
    `tableFromCsv(${source})`,
  );
}

interface CsvColumn {
  readonly name: string;
  readonly values: (string | null)[];
  /** Every value so far is an unquoted number (vacuously true before the first). */
  allNumbers: boolean;
  allBooleans: boolean;
  hasValue: boolean;
}

/** Phase 1: split the text into header and column arrays, tracking what each column could be. */
function collectColumns(text: string, delimiter: string, source: string): CsvColumn[] {
  let columns: CsvColumn[] | undefined;
  let fields: (string | null)[] = [];
  let quotedFields: boolean[] = [];
  scanCsv(
    text,
    {
      field(value, quoted) {
        fields.push(value === "" && !quoted ? null : value);
        quotedFields.push(quoted);
      },
      endRecord(line) {
        if (columns === undefined) columns = headerColumns(fields, source);
        else addRecord(columns, fields, quotedFields, source, line);
        fields = [];
        quotedFields = [];
      },
    },
    delimiter,
    source,
  );
  return columns ?? [];
}

function headerColumns(names: readonly (string | null)[], source: string): CsvColumn[] {
  const seen = new Set<string>();
  return names.map((raw) => {
    const name = raw ?? "";
    if (seen.has(name)) {
      throw new FuncflowError(
        "io_failed",
        `tableFromCsv: ${source} names the column "${name}" twice in its header. Rename one of them.`,
        { details: { source, line: 1, column: name } },
      );
    }
    seen.add(name);
    return { name, values: [], allNumbers: true, allBooleans: true, hasValue: false };
  });
}

function addRecord(columns: CsvColumn[], fields: (string | null)[], quoted: boolean[], source: string, line: number): void {
  if (fields.length !== columns.length) {
    const isBlankLine = fields.length === 1 && fields[0] === null;
    if (isBlankLine) return;
    throw new FuncflowError(
      "io_failed",
      `tableFromCsv: ${source} line ${line} has ${fields.length} fields but the header has ${columns.length}. ` +
        `Give every record as many fields as the header (quote fields that contain the delimiter).`,
      { details: { source, line, fields: fields.length, expected: columns.length } },
    );
  }
  for (let index = 0; index < columns.length; index++) {
    const column = columns[index]!;
    const value = fields[index]!;
    column.values.push(value);
    if (value === null) continue;
    column.hasValue = true;
    if (quoted[index]) {
      column.allNumbers = false;
      column.allBooleans = false;
      continue;
    }
    if (column.allNumbers && !isCsvNumberText(value)) column.allNumbers = false;
    if (column.allBooleans && !isCsvBooleanText(value)) column.allBooleans = false;
  }
}

/** Phase 2: one vector per column, of the narrowest type its values allow. */
function inferredVector(column: CsvColumn): Vector {
  const { values } = column;
  if (!column.hasValue) return toVector(values, column.name);
  if (column.allNumbers) return numberVector(values);
  if (column.allBooleans) return toVector(values.map((value) => (value === null ? null : value.toLowerCase() === "true")), column.name);
  return toVector(values, column.name);
}

function numberVector(values: readonly (string | null)[]): Vector {
  const length = values.length;
  const data = new Float64Array(length);
  const validity = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  for (let index = 0; index < length; index++) {
    const value = values[index];
    if (value === null || value === undefined) {
      nullCount++;
      continue;
    }
    data[index] = Number(value);
    validity[index >> 3]! |= 1 << (index & 7);
  }
  return makeVector(makeData({ type: new Float64(), length, nullCount, data, nullBitmap: nullCount > 0 ? validity : undefined }));
}
