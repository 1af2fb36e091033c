/** CsvScanner: the records (and the error) are the same however the text is cut into chunks. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvScanner } from "../../src/io/index.ts";
import { MAX_CUT_FIELD_CHARS } from "../../src/io/csv-scanner.ts";

type Outcome = { records: (string | [string])[][]; lines: number[]; error?: unknown };

/** Scans `chunks` in order; a quoted field is shown as ["text"]. */
function scanChunks(chunks: readonly string[], delimiter: string): Outcome {
  const records: (string | [string])[][] = [];
  const lines: number[] = [];
  let current: (string | [string])[] = [];
  const scanner = new CsvScanner(
    {
      field: (value, quoted) => current.push(quoted ? [value] : value),
      endRecord: (line) => {
        records.push(current);
        lines.push(line);
        current = [];
      },
    },
    delimiter,
  );
  try {
    for (const chunk of chunks.slice(0, -1)) scanner.push(chunk);
    scanner.end(chunks.at(-1) ?? "");
  } catch (error) {
    return { records, lines, error: (error as { details?: unknown }).details };
  }
  return { records, lines };
}

/** `text` cut at the sorted positions `cuts`. */
function cut(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((at) => Math.min(at, text.length)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(text.slice(from, point));
    from = point;
  }
  chunks.push(text.slice(from));
  return chunks;
}

const PIECES = [",", ";", '"', '""', "\n", "\r", "\r\n", "a", "1", " ", "\uFEFF", "é"];
const csvText = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(""));

describe("CsvScanner", () => {
  it("CsvScanner reports the same records, lines and errors for any cut of the text into chunks", () => {
    fc.assert(
      fc.property(csvText, fc.array(fc.nat({ max: 60 }), { maxLength: 8 }), fc.constantFrom(",", ";"), (text, cuts, delimiter) => {
        const whole = scanChunks([text], delimiter);
        expect(scanChunks(cut(text, cuts), delimiter)).toEqual(whole);
        // One character at a time: the most cuts there can be.
        expect(scanChunks([...text, ""], delimiter)).toEqual(whole);
      }),
      { numRuns: 2000 },
    );
  });

  it("CsvScanner keeps a CRLF cut between two chunks as one line break", () => {
    expect(scanChunks(["a,b\r", "\n1,2\r", "\n"], ",")).toEqual({ records: [["a", "b"], ["1", "2"]], lines: [1, 2] });
  });

  it("CsvScanner gives up on a cut field past MAX_CUT_FIELD_CHARS (a quote that never closes) instead of holding the rest of the file", () => {
    const scanner = new CsvScanner({ field: () => {}, endRecord: () => {} }, ",", "big.csv");
    scanner.push('x\n1\n"open');
    const chunk = "a".repeat(16 * 2 ** 20);
    let error: unknown;
    try {
      for (let pushed = 0; pushed <= MAX_CUT_FIELD_CHARS; pushed += chunk.length) scanner.push(chunk);
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: "io_failed", details: { source: "big.csv", line: 3 } });
    expect((error as Error).message).toContain("never closes?");
  });

  it("CsvScanner refuses a chunk after end", () => {
    const scanner = new CsvScanner({ field: () => {}, endRecord: () => {} });
    scanner.end("a\n");
    expect(() => scanner.push("b")).toThrow(/already ended/);
  });
});
