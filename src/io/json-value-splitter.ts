import { FuncflowError } from "../errors/index.ts";

/** The longest record a chunked read waits for; past it the record is taken for one that never ends. */
const MAX_CUT_VALUE_CHARS = 64 * 2 ** 20;

const LF = 10;
const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const COMMA = 44;

/** Where the splitter is: before the first value, inside a value, between values, after the array. */
const Phase = { Start: 0, BeforeValue: 1, InCompound: 2, InString: 3, InScalar: 4, AfterValue: 5, Done: 6 } as const;
type Phase = (typeof Phase)[keyof typeof Phase];

/**
 * Cuts a JSON text, read in chunks, into the texts of its records, each handed to `onValue` with
 * the line it starts on: the elements of one top-level array (`[{…}, {…}]`), or the values of
 * JSON Lines (one value per line; told apart by the first character, `[` or not). Only the
 * boundaries are found here (brackets, braces and strings tracked in one pass); each value is
 * parsed by `JSON.parse`, which is much faster than a parser written in JavaScript.
 * @throws FuncflowError `io_failed` naming the source and line for text that is not one array
 *   of values or JSON Lines: a missing comma, text after the closing bracket, an array that
 *   never closes.
 * @example new JsonValueSplitter("x.json", (text) => rows.push(JSON.parse(text))).end('[{"a":1},{"a":2}]');
 */
export class JsonValueSplitter {
  readonly #source: string;
  readonly #onValue: (text: string, line: number) => void;
  #phase: Phase = Phase.Start;
  #array = false;
  #text = "";
  /** Where scanning resumes in `#text` (the start of a cut value is kept, and not scanned twice). */
  #at = 0;
  #valueStart = 0;
  #valueLine = 1;
  #line = 1;
  #depth = 0;
  #inString = false;
  #sawValue = false;
  #started = false;

  constructor(source: string, onValue: (text: string, line: number) => void) {
    this.#source = source;
    this.#onValue = onValue;
  }

  /** Reads `chunk`, reporting every value it completes. */
  push(chunk: string): void {
    this.#scan(chunk);
  }

  /** Reads the last `chunk` and checks that the text ended where a value may end. */
  end(chunk = ""): void {
    this.#scan(chunk);
    if (this.#phase === Phase.InScalar) this.#emit(this.#text.length);
    if (this.#phase === Phase.InCompound || this.#phase === Phase.InString) throw this.#malformed(this.#valueLine, "a value that starts here never ends");
    if (this.#array && this.#phase !== Phase.Done) throw this.#malformed(this.#line, "the array never closes with ]");
  }

  #scan(chunk: string): void {
    let text = this.#text.length === this.#valueStart ? chunk : this.#text.slice(this.#valueStart) + chunk;
    let index = this.#text.length === this.#valueStart ? 0 : this.#at - this.#valueStart;
    if (!this.#started && text.charCodeAt(0) === 0xfeff) {
      text = text.slice(1);
    }
    if (text.length > 0) this.#started = true;
    this.#text = text;
    this.#valueStart = 0;
    const length = text.length;
    for (; index < length; index++) {
      const code = text.charCodeAt(index);
      switch (this.#phase) {
        case Phase.InString:
        case Phase.InCompound:
          if (this.#inString) {
            // Jump to the string's closing quote: strings are most of a JSON text. (A raw line
            // break cannot occur inside a JSON string, so no line is skipped.)
            const close = closingQuote(text, index);
            if (close < 0) {
              index = length - 1;
              continue;
            }
            index = close;
            this.#inString = false;
            if (this.#phase === Phase.InString) this.#emit(index + 1);
            continue;
          }
          if (code === QUOTE) this.#inString = true;
          else if (code === OPEN_BRACE || code === OPEN_BRACKET) this.#depth++;
          else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
            if (--this.#depth === 0) this.#emit(index + 1);
          } else if (code === LF) this.#line++;
          continue;
        case Phase.InScalar:
          if (!isSpace(code) && code !== COMMA && code !== CLOSE_BRACKET) continue;
          this.#emit(index);
          index--; // the terminator is read again, between values
          continue;
        default:
          if (code === LF) this.#line++;
          if (isSpace(code)) continue;
          this.#between(code, index);
      }
    }
    this.#at = length;
    // Nothing of a finished value is kept: the next chunk starts afresh.
    if (this.#phase !== Phase.InCompound && this.#phase !== Phase.InString && this.#phase !== Phase.InScalar) this.#valueStart = length;
    else if (length - this.#valueStart > MAX_CUT_VALUE_CHARS) throw this.#malformed(this.#valueLine, `a value starting here runs past ${MAX_CUT_VALUE_CHARS / 2 ** 20} MiB (a string or bracket that never closes?)`);
  }

  /** A character outside any value: the array's brackets and commas, or the start of a value. */
  #between(code: number, index: number): void {
    switch (this.#phase) {
      case Phase.Start:
        if (code === OPEN_BRACKET) {
          this.#array = true;
          this.#phase = Phase.BeforeValue;
          return;
        }
        this.#startValue(code, index);
        return;
      case Phase.BeforeValue:
        if (code === CLOSE_BRACKET && this.#array && !this.#sawValue) {
          this.#phase = Phase.Done;
          return;
        }
        this.#startValue(code, index);
        return;
      case Phase.AfterValue:
        if (!this.#array) return this.#startValue(code, index);
        if (code === COMMA) this.#phase = Phase.BeforeValue;
        else if (code === CLOSE_BRACKET) this.#phase = Phase.Done;
        else throw this.#malformed(this.#line, `expected "," or "]" after a value, found ${JSON.stringify(String.fromCharCode(code))}`);
        return;
      case Phase.Done:
        throw this.#malformed(this.#line, "text follows the array's closing ]");
    }
  }

  #startValue(code: number, index: number): void {
    if (code === COMMA || code === CLOSE_BRACKET || code === CLOSE_BRACE) throw this.#malformed(this.#line, `expected a value, found ${JSON.stringify(String.fromCharCode(code))}`);
    this.#valueStart = index;
    this.#valueLine = this.#line;
    this.#sawValue = true;
    if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      this.#phase = Phase.InCompound;
      this.#depth = 1;
    } else if (code === QUOTE) {
      this.#phase = Phase.InString;
      this.#inString = true;
    } else this.#phase = Phase.InScalar;
  }

  #emit(end: number): void {
    this.#phase = Phase.AfterValue;
    this.#onValue(this.#text.slice(this.#valueStart, end), this.#valueLine);
    this.#valueStart = end;
  }

  #malformed(line: number, what: string): FuncflowError {
    return new FuncflowError(
      "io_failed",
      `readJsonBatches: ${this.#source} line ${line}: ${what}. Give one JSON array of records, or JSON Lines (one record per line).`,
      { details: { source: this.#source, line } },
    );
  }
}

/** The first quote at or after `from` that no backslash escapes (the whole string is in `text`). */
function closingQuote(text: string, from: number): number {
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    from = quote + 1;
  }
}

function isSpace(code: number): boolean {
  return code === 32 || code === LF || code === 13 || code === 9;
}
