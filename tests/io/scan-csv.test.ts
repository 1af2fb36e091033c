import { describe, expect, it } from "vitest";
import { scanCsv } from "../../src/io/index.ts";
import { FuncflowError } from "../../src/errors/index.ts";

/** Records as arrays of fields; a quoted field is shown as ["text"] to tell it apart. */
function records(text: string, delimiter = ","): (string | [string])[][] {
  const result: (string | [string])[][] = [];
  let current: (string | [string])[] = [];
  scanCsv(
    text,
    {
      field: (value, quoted) => current.push(quoted ? [value] : value),
      endRecord: () => {
        result.push(current);
        current = [];
      },
    },
    delimiter,
  );
  return result;
}

function scanError(text: string): FuncflowError {
  try {
    records(text);
  } catch (error) {
    if (error instanceof FuncflowError) return error;
    throw error;
  }
  throw new Error("expected a FuncflowError");
}

describe("scanCsv", () => {
  it("scanCsv splits fields and records on LF, CRLF and CR", () => {
    expect(records("a,b\n1,2\r\n3,4\r5,6")).toEqual([["a", "b"], ["1", "2"], ["3", "4"], ["5", "6"]]);
  });

  it("scanCsv reads quoted fields holding delimiters, line breaks and doubled quotes", () => {
    expect(records('"a,b","line\r\nbreak","say ""hi""",""\n')).toEqual([[["a,b"], ["line\r\nbreak"], ['say "hi"'], [""]]]);
  });

  it("scanCsv does not start a record after the final line break, but keeps an empty last line before it", () => {
    expect(records("a\n1\n")).toEqual([["a"], ["1"]]);
    expect(records("a\n1\n\n")).toEqual([["a"], ["1"], [""]]);
    expect(records("")).toEqual([]);
  });

  it("scanCsv reads empty fields, including a trailing delimiter at the end of the text", () => {
    expect(records(",x,\n,")).toEqual([["", "x", ""], ["", ""]]);
  });

  it("scanCsv skips a byte-order mark and honours another delimiter", () => {
    expect(records("\uFEFFa;b\n1;2", ";")).toEqual([["a", "b"], ["1", "2"]]);
  });

  it("scanCsv keeps a quote inside an unquoted field as is", () => {
    expect(records('5"10,x')).toEqual([['5"10', "x"]]);
  });

  it("scanCsv throws io_failed for a quoted field that never closes, naming the line it started on", () => {
    const error = scanError('a\n"ok"\n"open,\nstill');
    expect(error.code).toBe("io_failed");
    expect(error.details).toEqual({ source: "CSV text", line: 3 });
  });

  it("scanCsv throws io_failed for text after a closing quote, counting lines inside quoted fields", () => {
    const error = scanError('"multi\nline",1\n"bad"x');
    expect(error.code).toBe("io_failed");
    expect(error.details).toEqual({ source: "CSV text", line: 3 });
  });
});
