import type { Table } from "apache-arrow";
import { FuncflowError } from "../errors/index.ts";
import { arrowAdapter } from "../adapters/arrow/index.ts";
import { describeValue } from "../columnar/index.ts";

/**
 * An Arrow Table from an array of records (plain objects). Columns are the union of the records'
 * keys in order of first appearance; a key a record lacks is null there. Column types follow
 * `toVector` (numbers → Float64, booleans → Bool, strings → Utf8, all null → Null).
 * @param source Names the data (usually its path) in error messages.
 * @throws FuncflowError `type_mismatch` when `records` is not an array of objects
 *   (`details.source`, `details.row`), or a column mixes kinds (`details.column`).
 * @example tableFromJsonRecords([{ a: 1 }, { a: 2, b: "x" }]).getChild("b")?.toArray(); // [null, "x"]
 */
export function tableFromJsonRecords(records: unknown, source = "JSON records"): Table {
  if (!Array.isArray(records)) throw notRecords(source, `is ${describeValue(records)}`, undefined);
  const columns = new Map<string, unknown[]>();
  records.forEach((record, row) => {
    if (typeof record !== "object" || record === null || Array.isArray(record)) {
      throw notRecords(source, `has ${describeValue(record)} at index ${row}`, row);
    }
    for (const [key, value] of Object.entries(record)) {
      let values = columns.get(key);
      if (values === undefined) {
        values = new Array<unknown>(records.length).fill(null);
        columns.set(key, values);
      }
      values[row] = value;
    }
  });
  return arrowAdapter.buildFrame([...columns], `tableFromJsonRecords(${source})`);
}

function notRecords(source: string, what: string, row: number | undefined): FuncflowError {
  return new FuncflowError(
    "type_mismatch",
    `tableFromJsonRecords: ${source} ${what}, not an array of records. Give an array of objects, one per row.`,
    { details: row === undefined ? { source } : { source, row } },
  );
}
