/**
 * Date cells as text for the text writers (CSV, JSON records). Arrow gives a date cell as epoch
 * milliseconds, which would be written as a bare number and read back as one.
 */
import { DataType, DateUnit } from "apache-arrow";

/** Writes one date cell's epoch milliseconds. */
export type DateCellText = (ms: number) => string;

/**
 * How a column of `type` writes its cells when it is a date column: a DateDay as `YYYY-MM-DD`
 * (what the readers read back as a date), a DateMillisecond as an ISO 8601 date-time; undefined
 * for any other type.
 * @example dateCellText(new DateDay())?.(0); // "1970-01-01"
 */
export function dateCellText(type: DataType): DateCellText | undefined {
  if (!DataType.isDate(type)) return undefined;
  return type.unit === DateUnit.DAY ? (ms) => new Date(ms).toISOString().slice(0, 10) : (ms) => new Date(ms).toISOString();
}
