import type { Table } from "apache-arrow";
import { arrowAdapter, toVector } from "../adapters/arrow/index.ts";
import { checkCsvDelimiter } from "./csv-literals.ts";
import { addCsvRecord, csvColumnKind, csvColumnVector, csvHeaderColumns, type CsvColumn } from "./csv-columns.ts";
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
 * For a file larger than memory, `readCsvBatches` reads the same way in record batches.
 * @throws FuncflowError `io_failed` for malformed quoting, a record whose field count differs
 *   from the header's, or a repeated header name (`details.source`, `details.line`).
 * @example tableFromCsv('id,name\n1,"Smith, J"\n2,\n').getChild("name")?.toArray(); // ["Smith, J", null]
 */
export function tableFromCsv(text: string, options: ReadCsvOptions = {}): Table {
  const source = options.source ?? "CSV text";
  const delimiter = checkCsvDelimiter(options.delimiter ?? ",", "tableFromCsv");
  const columns = collectColumns(text, delimiter, source);
  const inferTypes = options.inferTypes ?? true;
  const vectors = columns.map((column) => (inferTypes ? csvColumnVector(column, csvColumnKind(column)) : toVector(column.values, column.name)));
  return arrowAdapter.buildFrame(
    columns.map((column, index) => [column.name, vectors[index]] as const),
    `tableFromCsv(${source})`,
  );
}

/** Splits the text into header and column arrays, tracking what each column could be. */
function collectColumns(text: string, delimiter: string, source: string): CsvColumn[] {
  let columns: CsvColumn[] | undefined;
  let fields: (string | null)[] = [];
  let quotedFields: boolean[] = [];
  let row = 0;
  scanCsv(
    text,
    {
      field(value, quoted) {
        fields.push(value === "" && !quoted ? null : value);
        quotedFields.push(quoted);
      },
      endRecord(line) {
        if (columns === undefined) columns = csvHeaderColumns(fields, source, "tableFromCsv");
        else if (addCsvRecord(columns, fields, quotedFields, { source, where: "tableFromCsv", line, row })) row++;
        fields = [];
        quotedFields = [];
      },
    },
    delimiter,
    source,
  );
  return columns ?? [];
}
