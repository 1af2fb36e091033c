import { FuncflowError } from "../errors/index.ts";

/** Receives the fields of a CSV text, record by record. */
export interface CsvFieldVisitor {
  /** One field; `quoted` tells `""` (an empty string) from nothing (a missing value). */
  field(text: string, quoted: boolean): void;
  /** The end of a record; `line` is the 1-based line the record started on. */
  endRecord(line: number): void;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Reads CSV text as RFC 4180 records: fields split by `delimiter`, records by CRLF, LF or CR;
 * a quoted field may hold delimiters, line breaks and doubled quotes (`""`). A final line break
 * does not start a record; a leading byte-order mark is skipped. A quote inside an unquoted
 * field is kept as is (lenient, as most writers produce it).
 * @param source Names the text (usually its path) in error messages.
 * @throws FuncflowError `io_failed` for a quoted field that never closes, or text right after a
 *   closing quote (`details.source`, `details.line`).
 * @example scanCsv('a,"b,c"\n', { field: (t) => console.log(t), endRecord: () => {} }); // a, then b,c
 */
export function scanCsv(text: string, visitor: CsvFieldVisitor, delimiter = ",", source = "CSV text"): void {
  const separator = delimiter.charCodeAt(0);
  const length = text.length;
  let index = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let recordLine = 1;
  let afterDelimiter = false;
  while (index < length || afterDelimiter) {
    // Phase 1: one field, quoted or not; `index` ends on its terminator (or the end of text).
    if (text.charCodeAt(index) === QUOTE) {
      let value = "";
      let from = index + 1;
      for (;;) {
        const close = text.indexOf('"', from);
        if (close < 0) throw malformed(source, recordLine, `a quoted field opened on line ${line} never closes`);
        value += text.slice(from, close);
        if (text.charCodeAt(close + 1) === QUOTE) {
          value += '"';
          from = close + 2;
        } else {
          index = close + 1;
          break;
        }
      }
      line += countLineBreaks(value);
      const next = text.charCodeAt(index);
      if (index < length && next !== separator && next !== LF && next !== CR) {
        throw malformed(source, line, `text follows a closing quote`);
      }
      visitor.field(value, true);
    } else {
      const start = index;
      while (index < length) {
        const code = text.charCodeAt(index);
        if (code === separator || code === LF || code === CR) break;
        index++;
      }
      visitor.field(text.slice(start, index), false);
    }
    // Phase 2: the terminator: another field, the end of the record, or the end of the text.
    const terminator = text.charCodeAt(index);
    afterDelimiter = index < length && terminator === separator;
    if (afterDelimiter) {
      index++;
      continue;
    }
    visitor.endRecord(recordLine);
    if (terminator === CR) index++;
    if (text.charCodeAt(index) === LF) index++;
    line++;
    recordLine = line;
  }
}

function countLineBreaks(value: string): number {
  let count = 0;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code === LF || (code === CR && value.charCodeAt(index + 1) !== LF)) count++;
  }
  return count;
}

function malformed(source: string, line: number, what: string): FuncflowError {
  return new FuncflowError(
    "io_failed",
    `scanCsv: ${source} line ${line}: ${what}. Close every quoted field with a quote, and write a quote inside one as "".`,
    { details: { source, line } },
  );
}
