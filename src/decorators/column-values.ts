/**
 * What the data-quality validators need to know about a value, read in one pass: Arrow vectors
 * (without importing apache-arrow: the root entry stays light, so vectors are recognised by
 * shape), typed arrays, plain arrays and scalars. Numeric Arrow chunks are read straight from
 * their value buffers with the validity bitmap checked, so a null never reads as 0.
 */

/** A summary of a value's elements (a scalar is one element). */
export interface ColumnSummary {
  /** `float64`, `int32`, `utf8`, `dictionary<int32, utf8>`, … for columns; `number`, `string`, … for scalars and plain arrays. */
  readonly typeName: string;
  readonly length: number;
  readonly nullCount: number;
  readonly nanCount: number;
  /** Over numeric, non-null, non-NaN elements. */
  readonly numericCount: number;
  /** Non-null elements that are neither numbers, bigints nor booleans (strings, objects): what a numeric check cannot judge. */
  readonly otherCount: number;
  readonly min: number;
  readonly max: number;
  readonly sum: number;
}

interface ArrowData {
  readonly offset: number;
  readonly length: number;
  readonly values: ArrayLike<unknown> | undefined;
  readonly nullBitmap: Uint8Array | undefined;
  readonly nullCount: number;
  readonly type: ArrowType;
}

interface ArrowType {
  readonly typeId: number;
  readonly precision?: number;
  readonly bitWidth?: number;
}

interface ArrowVectorLike {
  readonly length: number;
  readonly type: ArrowType;
  readonly data: readonly ArrowData[];
  get(index: number): unknown;
}

const ARROW_INT = 2;
const ARROW_FLOAT = 3;
const FLOAT_HALF = 0;

/**
 * True for an Arrow Vector (any copy of apache-arrow), recognised by its shape.
 * @example isArrowVectorLike(makeVector(new Float64Array([1]))); // true
 */
export function isArrowVectorLike(value: unknown): value is ArrowVectorLike {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Partial<ArrowVectorLike>;
  return Array.isArray(candidate.data) && typeof candidate.length === "number" && typeof candidate.type?.typeId === "number" && typeof candidate.get === "function";
}

/** A numeric element as a number (a bigint converted), else undefined. */
export function numericValue(element: unknown): number | undefined {
  return typeof element === "number" ? element : typeof element === "bigint" ? Number(element) : undefined;
}

/** Visits every number of `value` as the numeric checks count them: bigints as numbers, NaN aside. */
export function forEachNumber(value: unknown, visit: (n: number) => void): void {
  forEachElement(value, (element) => {
    const n = numericValue(element);
    if (n !== undefined && !Number.isNaN(n)) visit(n);
  });
}

/**
 * Calls `visit` with every element of `value` (nulls as `null`); a scalar is one element.
 * @example forEachElement(new Int32Array([1, 2]), (v) => seen.push(v)); // seen: [1, 2]
 */
export function forEachElement(value: unknown, visit: (element: unknown) => void): void {
  if (isArrowVectorLike(value)) {
    for (let i = 0; i < value.length; i++) visit(value.get(i));
  } else if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const array = value as unknown as ArrayLike<unknown>;
    for (let i = 0; i < array.length; i++) visit(array[i]);
  } else if (Array.isArray(value)) {
    for (const element of value) visit(element);
  } else {
    visit(value);
  }
}

/**
 * Summarises `value` in one pass.
 * @example summarize(new Float64Array([1, NaN, 3])); // { typeName: "float64", nanCount: 1, min: 1, max: 3, … }
 */
export function summarize(value: unknown): ColumnSummary {
  const stats = new Accumulator();
  if (isArrowVectorLike(value)) {
    for (const chunk of value.data) readArrowChunk(chunk, value, stats);
    return stats.finish(String(value.type).toLowerCase(), value.length);
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const array = value as unknown as ArrayLike<number | bigint>;
    for (let i = 0; i < array.length; i++) stats.add(array[i]);
    return stats.finish(typedArrayTypeName(value), array.length);
  }
  if (Array.isArray(value)) {
    for (const element of value) stats.add(element);
    return stats.finish(elementTypeName(value), value.length);
  }
  stats.add(value);
  return stats.finish(value === null || value === undefined ? "null" : typeof value, 1);
}

/** Numeric chunks are read from their buffers; other types element by element. */
function readArrowChunk(chunk: ArrowData, vector: ArrowVectorLike, stats: Accumulator): void {
  const { typeId, precision } = chunk.type;
  const direct = (typeId === ARROW_INT || (typeId === ARROW_FLOAT && precision !== FLOAT_HALF)) && chunk.values !== undefined;
  if (!direct) {
    // Element access on the chunk is not public API; the vector's own get() is, so use it for
    // the rare non-numeric or half-float case (once per vector, not per chunk).
    if (chunk === vector.data[0]) for (let i = 0; i < vector.length; i++) stats.add(vector.get(i));
    return;
  }
  const values = chunk.values!;
  const bitmap = chunk.nullCount > 0 ? chunk.nullBitmap : undefined;
  for (let i = 0; i < chunk.length; i++) {
    const bit = chunk.offset + i;
    if (bitmap !== undefined && (bitmap[bit >> 3]! & (1 << (bit & 7))) === 0) stats.add(null);
    else stats.add(values[bit]);
  }
}

class Accumulator {
  nullCount = 0;
  nanCount = 0;
  numericCount = 0;
  otherCount = 0;
  min = Infinity;
  max = -Infinity;
  sum = 0;

  add(element: unknown): void {
    if (element === null || element === undefined) {
      this.nullCount++;
      return;
    }
    const number = numericValue(element);
    if (number === undefined) {
      if (typeof element !== "boolean") this.otherCount++;
      return;
    }
    if (Number.isNaN(number)) {
      this.nanCount++;
      return;
    }
    this.numericCount++;
    this.sum += number;
    if (number < this.min) this.min = number;
    if (number > this.max) this.max = number;
  }

  finish(typeName: string, length: number): ColumnSummary {
    const { nullCount, nanCount, numericCount, otherCount, min, max, sum } = this;
    return { typeName, length, nullCount, nanCount, numericCount, otherCount, min, max, sum };
  }
}

const TYPED_ARRAY_NAMES: Readonly<Record<string, string>> = {
  Float64Array: "float64",
  Float32Array: "float32",
  Int8Array: "int8",
  Int16Array: "int16",
  Int32Array: "int32",
  Uint8Array: "uint8",
  Uint8ClampedArray: "uint8",
  Uint16Array: "uint16",
  Uint32Array: "uint32",
  BigInt64Array: "int64",
  BigUint64Array: "uint64",
};

function typedArrayTypeName(value: ArrayBufferView): string {
  return TYPED_ARRAY_NAMES[value.constructor.name] ?? value.constructor.name.toLowerCase();
}

function elementTypeName(values: readonly unknown[]): string {
  const kinds = new Set(values.filter((element) => element !== null && element !== undefined).map((element) => typeof element));
  return kinds.size === 1 ? [...kinds][0]! : kinds.size === 0 ? "null" : "mixed";
}

const NUMERIC = /^(float(16|32|64)|u?int(8|16|32))$/;
const BIG = /^u?int64$/;

/**
 * What a JavaScript scalar (or plain array of one kind) is as a column type: a JS number is an
 * IEEE double, so it is `float64` as much as an Arrow Float64 column is (Hamilton checks a
 * `np.float64` scalar with `data_type=np.float64`); strings are `utf8`, booleans `bool`.
 */
const JS_TYPE_AS_COLUMN_TYPE: Readonly<Record<string, string>> = { number: "float64", string: "utf8", boolean: "bool" };

/**
 * True when a value of type `actual` satisfies the expected name (`number` covers every JS-number
 * column type; a JS number satisfies `float64`, a string `utf8`, a boolean `bool`; a dictionary
 * column its value type's name, `dictionary<int32, utf8>` satisfying `utf8`).
 * @example typeMatches("float64", "number"); // true
 * @example typeMatches("number", "float64"); // true
 */
export function typeMatches(actual: string, expected: string): boolean {
  const wanted = expected.toLowerCase();
  if (actual === wanted) return true;
  // A dictionary-encoded column holds its value type (`vectorFromArray(["a"])` makes
  // `dictionary<int32, utf8>`): it satisfies that type's name as a plain column would.
  const dictionary = /^dictionary<[^,]+, (.+)>$/.exec(actual);
  if (dictionary !== null && wanted !== "dictionary" && !wanted.startsWith("dictionary<")) return typeMatches(dictionary[1]!, wanted);
  if (JS_TYPE_AS_COLUMN_TYPE[actual] === wanted) return true;
  if (wanted === "number") return NUMERIC.test(actual);
  if (wanted === "bigint") return BIG.test(actual);
  if (wanted === "string") return actual === "utf8" || actual === "largeutf8" || actual.endsWith(", utf8>");
  if (wanted === "boolean") return actual === "bool";
  return false;
}
