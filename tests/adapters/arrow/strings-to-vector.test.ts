import { Utf8, vectorFromArray } from "apache-arrow";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringsToVector } from "../../../src/adapters/arrow/index.ts";

const decoded = (values: readonly (string | null)[]) => Array.from(stringsToVector(values) as Iterable<unknown>);
const reference = (values: readonly (string | null)[]) => Array.from(vectorFromArray([...values], new Utf8()) as Iterable<unknown>);

describe("stringsToVector", () => {
  it("stringsToVector keeps nulls, empty strings and multi-byte text", () => {
    const values = ["a", null, "", "é", "日本", "😀x", undefined as unknown as null];
    const vector = stringsToVector(values);
    expect(String(vector.type)).toBe("Utf8");
    expect(vector.nullCount).toBe(2);
    expect(Array.from(vector as Iterable<unknown>)).toEqual(["a", null, "", "é", "日本", "😀x", null]);
  });

  it("stringsToVector writes a lone surrogate as U+FFFD, as apache-arrow's builder does", () => {
    expect(decoded(["a\uD800b", "\uDC00"])).toEqual(reference(["a\uD800b", "\uDC00"]));
    expect(decoded(["a\uD800b"])).toEqual(["a\uFFFDb"]);
  });

  it("stringsToVector lays out offsets across its internal batches (more than 4096 strings)", () => {
    const values = Array.from({ length: 10_000 }, (_, index) => (index % 7 === 0 ? null : `v${index}é`));
    expect(decoded(values)).toEqual(values);
  });

  it("stringsToVector matches apache-arrow's vectorFromArray on any strings (property)", () => {
    const anyString = fc.oneof(fc.string({ unit: "binary", maxLength: 6 }), fc.string({ unit: "grapheme", maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(fc.option(anyString, { nil: null }), { maxLength: 30 }), (values) => {
        expect(decoded(values)).toEqual(reference(values));
      }),
      { numRuns: 300 },
    );
  });
});
