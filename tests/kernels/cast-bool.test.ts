/**
 * `cast` converts a Bool column to numbers (true 1, false 0, nulls kept), as pandas'
 * `(column > 0).astype(int)` does: the natural port of examples/data_quality's `has_children`,
 * `cast(gt(son, 0), "int64")`, neither compiled nor ran. Checked against a reference over random
 * columns with nulls, one or many chunks, and every target.
 */
import { makeData, Bool, Vector, vectorFromArray } from "apache-arrow";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cast, gt, type CastTarget } from "funcflow/arrow";

const TARGETS: readonly CastTarget[] = ["float64", "float32", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"];

const plain = (vector: Vector) => Array.from({ length: vector.length }, (_, i) => {
  const v = vector.get(i) as number | bigint | null;
  return v === null ? null : Number(v);
});

describe("cast of a Bool column", () => {
  it("is pandas' astype(int): cast(gt(son, 0), \"int64\")", () => {
    const son = vectorFromArray([2, 1, 0, 2, null, 1]);
    const hasChildren = cast(gt(son, 0), "int64");
    expect(String(hasChildren.type)).toBe("Int64");
    expect(plain(hasChildren)).toEqual([1, 1, 0, 1, null, 1]);
  });

  it("matches a reference for every target, nulls, offsets and chunks", () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.boolean(), { nil: null }), { maxLength: 40 }),
        fc.array(fc.option(fc.boolean(), { nil: null }), { maxLength: 20 }),
        fc.constantFrom(...TARGETS),
        fc.nat(3),
        (first, second, target, drop) => {
          const one = vectorFromArray(first, new Bool());
          const chunked = one.concat(vectorFromArray(second, new Bool()));
          const sliced = chunked.slice(Math.min(drop, chunked.length));
          const expected = [...first, ...second].slice(Math.min(drop, chunked.length)).map((b) => (b === null ? null : b ? 1 : 0));
          expect(plain(cast(sliced, target))).toEqual(expected);
        },
      ),
    );
  });

  it("an empty Bool column casts to an empty column", () => {
    expect(cast(new Vector([makeData({ type: new Bool(), length: 0 })]), "int32").length).toBe(0);
  });
});
