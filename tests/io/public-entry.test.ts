/**
 * funcflow/io lists its exports (io/index.ts also serves other folders): every name io/index.ts
 * exports is public except the ones kept internal on purpose, so a new reader or writer added to
 * io/index.ts cannot be left out of the entry by accident.
 */
import { describe, expect, it } from "vitest";
import * as entry from "funcflow/io";
import * as io from "../../src/io/index.ts";

/**
 * What other folders use and users do not: errors that name the function the user called, and
 * the rule by which funcflow run and funcflow batch read a column as its input's declared type.
 */
const INTERNAL = ["tableFormatFor", "csvNullMarkers", "checkCsvDelimiter", "columnTypeOfArrow"];

describe("funcflow/io", () => {
  it("exports every value io/index.ts exports but the internal ones", () => {
    expect(Object.keys(entry).sort()).toEqual(Object.keys(io).filter((name) => !INTERNAL.includes(name)).sort());
  });
});
