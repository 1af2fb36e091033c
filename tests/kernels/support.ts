/**
 * Shared helpers of the kernel tests: plain-array columns with `null`, ways to turn them into
 * Arrow vectors of every layout the kernels must handle (one chunk, several chunks, sliced at a
 * bit offset that is not a multiple of 8), random columns for property tests, and a tolerant
 * comparison for floating-point results.
 */
import { Bool, type Data, DataType, Float64, Vector, vectorFromArray } from "apache-arrow";
import fc from "fast-check";
import { expect } from "vitest";

/** A row of a plain reference column: a number (NaN included) or null (missing). */
export type Cell = number | null;

/** How a column is laid out in Arrow: chunk boundaries and a leading slice. */
export interface Layout {
  /** Row positions (of the final column) where a new chunk starts. */
  readonly cuts: readonly number[];
  /** Rows of filler placed before the column and sliced away, so the data starts at a bit offset. */
  readonly offset: number;
}

export const SINGLE_CHUNK: Layout = { cuts: [], offset: 0 };

/** An Arrow vector holding `cells` with the given layout (Float64 unless `type` says otherwise). */
export function toVector<T extends DataType = Float64>(
  cells: readonly unknown[],
  layout: Layout = SINGLE_CHUNK,
  type: T = new Float64() as unknown as T,
): Vector<T> {
  const filler = Array.from({ length: layout.offset }, (_, i) => (i % 3 === 0 ? null : cells[0] ?? null));
  const padded = [...filler, ...cells];
  const cuts = [...new Set(layout.cuts.map((cut) => cut + layout.offset))]
    .filter((cut) => cut > 0 && cut < padded.length)
    .sort((a, b) => a - b);
  const bounds = [0, ...cuts, padded.length];
  const chunks = bounds.slice(1).map((end, i) => withGarbageUnderNulls(vectorFromArray(padded.slice(bounds[i], end), type).data[0]!));
  const whole = new Vector(chunks.length > 0 ? chunks : [vectorFromArray([], type).data[0]!]);
  return whole.slice(layout.offset) as Vector<T>;
}

/**
 * Arrow leaves the values under a null unspecified and builders happen to write 0, which would
 * hide a kernel that forgets to skip nulls. Write values that would show up instead.
 */
function withGarbageUnderNulls(data: Data): Data {
  if (data.nullCount === 0 || !(DataType.isFloat(data.type) || DataType.isInt(data.type))) return data;
  const values = data.values as Float64Array | Int32Array | BigInt64Array;
  for (let i = 0; i < data.length; i++) {
    if (data.getValid(i)) continue;
    if (values instanceof BigInt64Array || values instanceof BigUint64Array) values[i] = 77n;
    else values[i] = DataType.isFloat(data.type) ? (i % 2 === 0 ? NaN : 1e300) : 77;
  }
  return data;
}

/** A Bool vector from booleans and nulls. */
export function toBoolVector(cells: readonly (boolean | null)[], layout: Layout = SINGLE_CHUNK): Vector<Bool> {
  return toVector(cells, layout, new Bool());
}

/** Float64 kernel outputs hold NaN under their nulls, so readers that skip the bitmap see NaN. */
export function expectNaNUnderNulls(vector: Vector): void {
  const values = vector.toArray() as Float64Array;
  const slotsUnderNulls = [...vector].flatMap((cell, row) => (cell === null ? [values[row]] : []));
  expect(slotsUnderNulls.every(Number.isNaN)).toBe(true);
}

/** The rows of a vector as plain values (null for missing). */
export function cellsOf<T>(vector: Vector): (T | null)[] {
  return [...vector] as (T | null)[];
}

/** Random cells: mostly ordinary numbers, some nulls, NaN, ±Infinity, and repeated integers. */
export function cellArbitrary(options: { specials?: boolean } = {}): fc.Arbitrary<Cell> {
  const specials = options.specials ?? true;
  return fc.oneof(
    { weight: 6, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
    { weight: 3, arbitrary: fc.integer({ min: -5, max: 5 }) },
    { weight: 2, arbitrary: fc.constant(null) },
    { weight: specials ? 1 : 0, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity) },
  );
}

export function columnArbitrary(options: { minLength?: number; maxLength?: number; specials?: boolean } = {}): fc.Arbitrary<Cell[]> {
  return fc.array(cellArbitrary(options), { minLength: options.minLength ?? 0, maxLength: options.maxLength ?? 80 });
}

/** A layout for a column of `length` rows. */
export function layoutArbitrary(length: number): fc.Arbitrary<Layout> {
  return fc.record({
    cuts: fc.array(fc.integer({ min: 1, max: Math.max(1, length - 1) }), { maxLength: 3 }),
    offset: fc.integer({ min: 0, max: 11 }),
  });
}

/** A column with a random layout. */
export const columnWithLayout = (options: { minLength?: number; maxLength?: number; specials?: boolean } = {}) =>
  columnArbitrary(options).chain((cells) => layoutArbitrary(cells.length).map((layout) => ({ cells, layout })));

/** Two columns of the same length, each with its own layout. */
export const columnPair = (options: { specials?: boolean } = {}) =>
  columnArbitrary(options).chain((left) =>
    fc.tuple(
      fc.array(cellArbitrary(options), { minLength: left.length, maxLength: left.length }),
      layoutArbitrary(left.length),
      layoutArbitrary(left.length),
    ).map(([right, leftLayout, rightLayout]) => ({ left, right, leftLayout, rightLayout })),
  );

/**
 * True when two results agree: same nullness, NaN with NaN, equal infinities, and finite values
 * within `tolerance × max(scale, |expected|)` (pass the inputs' magnitude as `scale` where sums
 * can cancel).
 */
export function sameCell(actual: unknown, expected: unknown, tolerance = 0, scale = 1): boolean {
  if (actual === null || expected === null) return actual === expected;
  if (typeof actual !== "number" || typeof expected !== "number") return actual === expected;
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= tolerance * Math.max(scale, Math.abs(expected));
}

/** Asserts row by row, reporting the first row that differs. */
export function expectCells(actual: readonly unknown[], expected: readonly unknown[], tolerance = 0, scale = 1): void {
  expect(actual.length).toBe(expected.length);
  const bad = expected.findIndex((cell, row) => !sameCell(actual[row], cell, tolerance, scale));
  if (bad !== -1) {
    expect({ row: bad, actual: actual[bad], expected: expected[bad] }).toEqual({ row: bad, actual: expected[bad], expected: expected[bad] });
  }
}

/** Σ|x| over the finite cells: the scale of rounding error in sums over them. */
export function magnitude(cells: readonly Cell[]): number {
  return cells.reduce<number>((total, cell) => (cell !== null && Number.isFinite(cell) ? total + Math.abs(cell) : total), 1);
}

/** Number of property runs; raise with KERNEL_PROPERTY_RUNS for a longer soak. */
export const RUNS = Number(process.env.KERNEL_PROPERTY_RUNS ?? 200);
