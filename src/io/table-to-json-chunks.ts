import type { Table } from "apache-arrow";
import { requireArrowTable } from "../adapters/arrow/index.ts";
import { FuncflowError, invalidArgument } from "../errors/index.ts";
import { dateCellText } from "./date-cell-text.ts";

/**
 * JSON text for `table` as an array of records (one object per row, keys in column order),
 * yielded in chunks of rows. Nulls are `null`; NaN and ±Infinity become `null` (JSON has no
 * such numbers); 64-bit integers become numbers when exact, otherwise it throws; dates become
 * `YYYY-MM-DD` (DateDay) or ISO 8601 date-times (DateMillisecond) strings.
 * @throws FuncflowError `type_mismatch` for a 64-bit integer beyond 2^53 (`details.column`, `details.row`).
 * @example [...tableToJsonChunks(table)].join(""); // '[\n{"a":1},\n{"a":2}\n]\n'
 */
export function tableToJsonChunks(table: Table, rowsPerChunk = 4096): Generator<string> {
  // Checked here, not in the generator, so a bad argument throws at the call rather than at the first chunk read.
  requireArrowTable("tableToJsonChunks", "table", table);
  if (!Number.isInteger(rowsPerChunk) || rowsPerChunk < 1) throw invalidArgument("tableToJsonChunks", "rowsPerChunk", rowsPerChunk, "an integer ≥ 1 such as 4096");
  return jsonChunks(table, rowsPerChunk);
}

function* jsonChunks(table: Table, rowsPerChunk: number): Generator<string> {
  const names = table.schema.fields.map((field) => field.name);
  const columns = names.map((_, index) => table.getChildAt(index)!);
  const dates = columns.map((column) => dateCellText(column.type));
  if (table.numRows === 0) {
    yield "[]\n";
    return;
  }
  yield "[\n";
  for (let start = 0; start < table.numRows; start += rowsPerChunk) {
    const end = Math.min(table.numRows, start + rowsPerChunk);
    const lines = new Array<string>(end - start);
    for (let row = start; row < end; row++) {
      const record: Record<string, unknown> = {};
      for (let index = 0; index < names.length; index++) {
        const name = names[index]!;
        const value: unknown = columns[index]!.get(row);
        const date = dates[index];
        Object.defineProperty(record, name, { value: date !== undefined && typeof value === "number" ? date(value) : jsonValue(value, name, row), enumerable: true });
      }
      lines[row - start] = JSON.stringify(record);
    }
    yield lines.join(",\n") + (end < table.numRows ? ",\n" : "\n");
  }
  yield "]\n";
}

function jsonValue(value: unknown, column: string, row: number): unknown {
  if (typeof value !== "bigint") return value;
  if (value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)) return Number(value);
  throw new FuncflowError(
    "type_mismatch",
    `tableToJson: column "${column}" row ${row} holds ${value}, a 64-bit integer JSON numbers cannot hold exactly. ` +
      `Write Arrow IPC or Parquet instead, or cast the column to Float64 or strings.`,
    { details: { column, row } },
  );
}
