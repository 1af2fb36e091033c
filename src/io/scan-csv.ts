import { requireString } from "../errors/index.ts";
import { CsvScanner, type CsvFieldVisitor } from "./csv-scanner.ts";

/**
 * Reads a whole CSV text as RFC 4180 records (see {@link CsvScanner}, which reads it in chunks):
 * fields split by `delimiter`, records by CRLF, LF or CR; a quoted field may hold delimiters,
 * line breaks and doubled quotes (`""`). A final line break does not start a record; a leading
 * byte-order mark is skipped. A quote inside an unquoted field is kept as is.
 * @param source Names the text (usually its path) in error messages.
 * @throws FuncflowError `invalid_argument` for `text` that is not a string or a `visitor` without
 *   `field` and `endRecord` methods.
 * @throws FuncflowError `io_failed` for a quoted field that never closes, or text right after a
 *   closing quote (`details.source`, `details.line`).
 * @example scanCsv('a,"b,c"\n', { field: (t) => console.log(t), endRecord: () => {} }); // a, then b,c
 */
export function scanCsv(text: string, visitor: CsvFieldVisitor, delimiter = ",", source = "CSV text"): void {
  requireString("scanCsv", "text", text, "the CSV text as a string");
  new CsvScanner(visitor, delimiter, source).end(text);
}
