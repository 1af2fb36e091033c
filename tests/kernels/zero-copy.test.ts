import { Dictionary, Float64, Int32, makeVector, Utf8, Vector, vectorFromArray } from "apache-arrow";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { add, cumSum, fillNull, groupBy, rollingMean, sum } from "../../src/kernels/index.ts";
import { alignBits, byteAt, combineBits, copyBits, countSetBits, isBitSet } from "../../src/kernels/bitmap.ts";
import { float64Vector } from "../../src/kernels/make-vector.ts";
import { readNumeric } from "../../src/kernels/read-column.ts";
import { cellsOf, RUNS, toVector } from "./support.ts";

describe("zero-copy input and output", () => {
  it("toArray() of a single-chunk Float64 vector is a view of its buffer, not a copy", () => {
    const v = makeVector(new Float64Array([1, 2, 3]));
    const values = v.data[0]!.values;
    const view = v.toArray();
    expect(view.buffer).toBe(values.buffer);
    expect(view.byteOffset).toBe(values.byteOffset);
  });

  it("kernels read a single-chunk Float64 vector, even a sliced one, without copying", () => {
    const backing = new Float64Array([0, 1, 2, 3, 4, 5]);
    const sliced = makeVector(backing).slice(2);
    const column = readNumeric(sliced, "test", "input");
    expect(column.values.buffer).toBe(backing.buffer);
    expect(column.values.byteOffset).toBe(2 * Float64Array.BYTES_PER_ELEMENT);
    expect(Array.from(column.values)).toEqual([2, 3, 4, 5]);
    expect(readNumeric(backing, "test", "input").values).toBe(backing);
  });

  it("an output vector's values buffer is the very Float64Array the kernel filled", () => {
    const filled = new Float64Array([1, 2, 3]);
    const output = float64Vector(filled, null);
    expect(output.data[0]!.values).toBe(filled);
    expect(output.type).toBeInstanceOf(Float64);
  });

  it("kernel outputs hand their buffer to toArray() without copying", () => {
    const result = add(makeVector(new Float64Array([1, 2, 3])), 1);
    const values = result.data[0]!.values;
    expect(values).toBeInstanceOf(Float64Array);
    expect(values.byteOffset).toBe(0);
    expect(values.length).toBe(3);
    expect(result.toArray().buffer).toBe(values.buffer);
  });

  it("fillNull on a column without nulls returns the input's own buffer", () => {
    const input = makeVector(new Float64Array([1, 2, 3]));
    expect(fillNull(input, 0).data[0]!.values.buffer).toBe(input.data[0]!.values.buffer);
  });

  it("kernels never write into their inputs", () => {
    const backing = new Float64Array([1, NaN, 3, 4]);
    const input = toVector([1, null, 3, 4]);
    const before = Array.from(input.data[0]!.values as Float64Array);
    add(input, 1);
    rollingMean(input, 2);
    fillNull(input, 0);
    cumSum(backing);
    expect(Array.from(input.data[0]!.values as Float64Array)).toEqual(before);
    expect(Array.from(backing)).toEqual([1, NaN, 3, 4]);
  });
});

describe("chunk layouts", () => {
  it("multi-chunk inputs give the same results as one chunk", () => {
    const cells = [1, null, 3, 4, null, 6, 7, 8, 9, 10, null, 12];
    const oneChunk = toVector(cells);
    const chunked = toVector(cells, { cuts: [3, 5, 9], offset: 5 });
    expect(chunked.data.length).toBe(4);
    expect(cellsOf(add(chunked, oneChunk))).toEqual(cellsOf(add(oneChunk, oneChunk)));
    expect(cellsOf(rollingMean(chunked, 3, { minPeriods: 1 }))).toEqual(cellsOf(rollingMean(oneChunk, 3, { minPeriods: 1 })));
    expect(sum(chunked)).toBe(sum(oneChunk));
  });

  it("group-by reads multi-chunk dictionary keys that share one dictionary through the index fast path", () => {
    const whole = vectorFromArray(["a", "b", null, "a", "c", "b"], new Dictionary(new Utf8(), new Int32()));
    const data = whole.data[0]!;
    const chunked = new Vector([data.slice(0, 2), data.slice(2, 1), data.slice(3, 3)]);
    const table = groupBy(chunked, { price: toVector([1, 2, 3, 4, 5, 6]) }, { price: ["sum"] });
    expect(cellsOf(table.getChild("key")!)).toEqual(["a", "b", null, "c"]);
    expect(cellsOf(table.getChild("price_sum")!)).toEqual([5, 8, 3, 5]);
    expect(table.getChild("key")!.data[0]!.dictionary).toBe(data.dictionary);
  });

  it("integer keys spread over chunks, with nulls, group correctly", () => {
    const keys = toVector([3, null, 1, 3, null, 1, 2], { cuts: [2, 4], offset: 3 }, new Int32());
    const table = groupBy(keys, { price: toVector([1, 2, 3, 4, 5, 6, 7]) }, { price: ["sum", "count"] });
    expect(table.toArray().map((row) => row.toJSON())).toEqual([
      { key: 3, price_sum: 5, price_count: 2 },
      { key: null, price_sum: 7, price_count: 2 },
      { key: 1, price_sum: 9, price_count: 2 },
      { key: 2, price_sum: 7, price_count: 1 },
    ]);
  });
});

describe("bitmaps", () => {
  const bitsArbitrary = fc.array(fc.boolean(), { maxLength: 150 });
  const pack = (bits: readonly boolean[], offset = 0): Uint8Array => {
    const bytes = new Uint8Array(Math.ceil((bits.length + offset) / 8) + 1);
    bits.forEach((bit, i) => {
      if (bit) bytes[(i + offset) >> 3]! |= 1 << ((i + offset) & 7);
    });
    return bytes;
  };
  const unpack = (bytes: Uint8Array, length: number): boolean[] => Array.from({ length }, (_, i) => isBitSet(bytes, i));

  it("copyBits, alignBits, combineBits and countSetBits agree with bit-by-bit references", () => {
    fc.assert(
      fc.property(bitsArbitrary, bitsArbitrary, fc.nat(20), fc.nat(20), (left, right, sourceOffset, targetOffset) => {
        const length = Math.min(left.length, right.length);
        const source = pack(left, sourceOffset);
        expect(unpack(alignBits(source, sourceOffset, left.length), left.length)).toEqual(left);
        const target = new Uint8Array(Math.ceil((left.length + targetOffset) / 8) + 1).fill(0xa5);
        copyBits(source, sourceOffset, target, targetOffset, left.length);
        expect(unpack(target, left.length + targetOffset).slice(targetOffset)).toEqual(left);
        const a = pack(left.slice(0, length));
        const b = pack(right.slice(0, length));
        expect(unpack(combineBits(a, b, length, "and"), length)).toEqual(left.slice(0, length).map((x, i) => x && right[i]!));
        expect(unpack(combineBits(a, b, length, "or"), length)).toEqual(left.slice(0, length).map((x, i) => x || right[i]!));
        expect(countSetBits(pack(left), left.length)).toBe(left.filter(Boolean).length);
      }),
      { numRuns: RUNS },
    );
  });

  it("byteAt reads eight bits from any position, with 0 before the start and past the end", () => {
    fc.assert(
      fc.property(bitsArbitrary, fc.integer({ min: -12, max: 170 }), (bits, from) => {
        const bytes = pack(bits).subarray(0, Math.ceil(bits.length / 8)); // no spare byte, as kernels' bitmaps
        const expected = Array.from({ length: 8 }, (_, k) => from + k).reduce(
          (byte, index, k) => (index >= 0 && index < bytes.length * 8 && isBitSet(bytes, index) ? byte | (1 << k) : byte),
          0,
        );
        expect(byteAt(bytes, from)).toBe(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it("combine a word at a time across long bitmaps, also from unaligned views", () => {
    const length = 1000;
    const ones = new Uint8Array(200).fill(0xff);
    const pattern = new Uint8Array(201).map((_, i) => (i * 37) & 0xff);
    const unaligned = pattern.subarray(1);
    const result = combineBits(ones, unaligned, length, "and");
    expect(unpack(result, length)).toEqual(unpack(unaligned, length));
  });
});

it("Int32 inputs are converted once and give Float64 outputs", () => {
  const result = add(vectorFromArray([1, 2], new Int32()), 0.5);
  expect(result.type).toBeInstanceOf(Float64);
  expect(cellsOf(result)).toEqual([1.5, 2.5]);
});
