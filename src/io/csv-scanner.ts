import { FuncflowError, invalidArgument, requireString } from "../errors/index.ts";
import { checkCsvDelimiter } from "./csv-literals.ts";

/** Receives the fields of a CSV text, record by record. */
export interface CsvFieldVisitor {
  /** One field; `quoted` tells `""` (an empty string) from nothing (a missing value). */
  field(text: string, quoted: boolean): void;
  /** The end of a record; `line` is the 1-based line the record started on. */
  endRecord(line: number): void;
}

/**
 * The longest field a chunked read waits for. Past it, the field is taken for a quote that never
 * closes: the reader would otherwise hold (and rescan) the rest of the file before saying so.
 */
export const MAX_CUT_FIELD_CHARS = 64 * 2 ** 20;

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Reads CSV text as RFC 4180 records, in chunks of any size: `push` each chunk as it arrives,
 * then `end` once. Fields are split by `delimiter`, records by CRLF, LF or CR; a quoted field may
 * hold delimiters, line breaks and doubled quotes (`""`). A final line break does not start a
 * record; a leading byte-order mark is skipped. A quote inside an unquoted field is kept as is
 * (lenient, as most writers produce it). The records and fields reported are the same however
 * the text is cut (a field cut by a chunk's end waits for the next chunk), so `scanCsv` over a
 * whole text and a streaming reader share this one implementation.
 * @param source Names the text (usually its path) in error messages.
 * @throws FuncflowError `invalid_argument` when `visitor` lacks `field` and `endRecord`, `delimiter` is not one usable character or `source` not a string.
 * @throws FuncflowError `io_failed` (from `push` or `end`) for a quoted field that never closes,
 *   text right after a closing quote, or (from `push`) a field that runs past
 *   {@link MAX_CUT_FIELD_CHARS} (`details.source`, `details.line`).
 * @example const scanner = new CsvScanner(visitor); scanner.push('a,"b'); scanner.end('"\n'); // a, then b
 */
export class CsvScanner {
  readonly #visitor: CsvFieldVisitor;
  readonly #separator: number;
  readonly #source: string;
  /** The start of a field the last chunk cut, to be read again with the next chunk. */
  #rest = "";
  #line = 1;
  #recordLine = 1;
  #afterDelimiter = false;
  #started = false;
  /** The last chunk ended on a CR: a LF opening the next chunk belongs to it. */
  #afterCarriageReturn = false;
  #ended = false;

  constructor(visitor: CsvFieldVisitor, delimiter = ",", source = "CSV text") {
    const isVisitor = typeof visitor === "object" && visitor !== null && typeof visitor.field === "function" && typeof visitor.endRecord === "function";
    if (!isVisitor) throw invalidArgument("CsvScanner", "visitor", visitor, "an object with field(text, quoted) and endRecord(line) methods");
    checkCsvDelimiter(delimiter, "CsvScanner");
    requireString("CsvScanner", "source", source, 'a name for the text in messages, such as its path');
    this.#visitor = visitor;
    this.#separator = delimiter.charCodeAt(0);
    this.#source = source;
  }

  /** Reads `chunk`; records it completes are reported now, a cut field waits for the next chunk. */
  push(chunk: string): void {
    this.#scan(chunk, false);
  }

  /** Reads the last `chunk` (if any) and reports the final record. */
  end(chunk = ""): void {
    this.#scan(chunk, true);
    this.#ended = true;
  }

  #scan(chunk: string, final: boolean): void {
    if (this.#ended) throw new FuncflowError("invalid_argument", `CsvScanner: ${this.#source} was already ended. Use a new scanner for another text.`, { details: { source: this.#source } });
    const text = this.#rest.length === 0 ? chunk : this.#rest + chunk;
    this.#rest = "";
    const length = text.length;
    if (length === 0 && !final) return;
    let index = 0;
    if (!this.#started) {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) index = 1;
    }
    if (this.#afterCarriageReturn) {
      this.#afterCarriageReturn = false;
      if (text.charCodeAt(index) === LF) index++;
    }
    // The hot loop reads locals, not fields; the fields are written back before returning.
    const visitor = this.#visitor;
    const separator = this.#separator;
    let line = this.#line;
    let afterDelimiter = this.#afterDelimiter;
    while (index < length || (final && afterDelimiter)) {
      const fieldStart = index;
      // Phase 1: one field, quoted or not; `index` ends on its terminator (or the end of text).
      // A field the chunk's end may have cut is kept for the next chunk.
      let value: string;
      let quoted: boolean;
      if (text.charCodeAt(index) === QUOTE) {
        let from = index + 1;
        let close = -1;
        value = "";
        for (;;) {
          close = text.indexOf('"', from);
          if (close < 0) break;
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += text.slice(from, close + 1);
            from = close + 2;
            continue;
          }
          value += text.slice(from, close);
          break;
        }
        // A quote that ends the chunk may be the first of a doubled pair; the field's terminator is unknown yet.
        if (!final && (close < 0 || close + 1 >= length)) {
          this.#keep(text.slice(fieldStart), line, afterDelimiter);
          return;
        }
        if (close < 0) throw malformed(this.#source, this.#recordLine, `a quoted field opened on line ${line} never closes`);
        index = close + 1;
        line += countLineBreaks(value);
        const next = text.charCodeAt(index);
        if (index < length && next !== separator && next !== LF && next !== CR) throw malformed(this.#source, line, `text follows a closing quote`);
        quoted = true;
      } else {
        while (index < length) {
          const code = text.charCodeAt(index);
          if (code === separator || code === LF || code === CR) break;
          index++;
        }
        if (index === length && !final) {
          this.#keep(text.slice(fieldStart), line, afterDelimiter);
          return;
        }
        value = text.slice(fieldStart, index);
        quoted = false;
      }
      visitor.field(value, quoted);
      // Phase 2: the terminator: another field, the end of the record, or the end of the text.
      const terminator = text.charCodeAt(index);
      afterDelimiter = index < length && terminator === separator;
      if (afterDelimiter) {
        index++;
        continue;
      }
      visitor.endRecord(this.#recordLine);
      if (terminator === CR) {
        index++;
        if (index === length && !final) this.#afterCarriageReturn = true;
      }
      if (text.charCodeAt(index) === LF) index++;
      line++;
      this.#recordLine = line;
    }
    this.#keep("", line, afterDelimiter);
  }

  #keep(rest: string, line: number, afterDelimiter: boolean): void {
    if (rest.length > MAX_CUT_FIELD_CHARS) throw malformed(this.#source, line, `a field starting here runs past ${MAX_CUT_FIELD_CHARS / 2 ** 20} MiB (${rest.charCodeAt(0) === QUOTE ? "a quote that never closes?" : "no line break?"})`);
    this.#rest = rest;
    this.#line = line;
    this.#afterDelimiter = afterDelimiter;
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
