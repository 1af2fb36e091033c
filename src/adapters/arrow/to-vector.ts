import {
  Bool,
  DateMillisecond,
  Float64,
  Int64,
  Null,
  makeData,
  makeVector,
  vectorFromArray,
  type DataType,
  type Vector,
} from "apache-arrow";
import { FuncflowError } from "../../errors/index.ts";
import { describeValue } from "../../columnar/index.ts";
import { isArrowVector } from "./is-arrow-vector.ts";
import { stringsToVector } from "./strings-to-vector.ts";

/**
 * An Arrow Vector for a column value.
 * - an Arrow Vector is returned as is;
 * - a typed array becomes a vector over the same memory (no copy);
 * - a plain array of numbers, booleans, strings, bigints or Dates (with `null`/`undefined` for
 *   missing values) is converted once: numbers → Float64, booleans → Bool, strings → Utf8,
 *   bigints → Int64, Dates → DateMillisecond. `NaN` stays a number, not a null. An array with
 *   no non-missing value becomes a Null-typed vector;
 * - a generator (a `function*` node's value) is read to its end and converted as that array, as
 *   Hamilton's frame result reads a Python generator.
 * @param name The column or output name, for the error message.
 * @param where What the message names as the caller (a result builder, `arrowAdapter.buildFrame`).
 * @throws FuncflowError `type_mismatch` for any other value, or an array mixing kinds
 *   (`details.column`, `details.kinds`).
 * @example toVector(new Float64Array([1, 2])).data[0].values; // the same Float64Array
 * @example toVector([1, null, 3]).nullCount; // 1
 */
export function toVector(value: unknown, name = "value", where = "toVector"): Vector {
  if (isArrowVector(value)) return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return typedArrayToVector(value, name, where);
  if (Array.isArray(value)) return plainArrayToVector(value, name, where);
  if (Object.prototype.toString.call(value) === "[object Generator]") return plainArrayToVector([...(value as Generator<unknown>)], name, where);
  throw new FuncflowError(
    "type_mismatch",
    `${where}: "${name}" is ${describeValue(value)}, not a column. ` +
      `Return an Arrow Vector, a typed array, or an array (or generator) of numbers, booleans or strings.`,
    { details: { column: name, kind: describeValue(value) } },
  );
}

function typedArrayToVector(view: ArrayBufferView, name: string, where: string): Vector {
  // Uint8ClampedArray has no Arrow type; a Uint8Array view over the same bytes keeps it zero-copy.
  if (view instanceof Uint8ClampedArray) return makeVector(new Uint8Array(view.buffer, view.byteOffset, view.length));
  if (view.constructor.name === "Float16Array") {
    throw new FuncflowError(
      "type_mismatch",
      `${where}: "${name}" is a Float16Array, which Arrow JS cannot hold. Convert it to a Float32Array first.`,
      { details: { column: name, kind: "Float16Array" } },
    );
  }
  // Every remaining view is an integer, float or bigint typed array, which makeVector wraps as is.
  return makeVector(view as Float64Array) as Vector;
}

type ValueKind = "number" | "boolean" | "string" | "bigint" | "date";
/** Values no column holds: nested JSON (objects, arrays) and the rest. */
type NestedKind = "object" | "array" | "function" | "symbol";

function plainArrayToVector(values: readonly unknown[], name: string, where: string): Vector {
  const kinds = new Set<ValueKind | NestedKind>();
  let nullCount = 0;
  for (const value of values) {
    if (value === null || value === undefined) nullCount += 1;
    else kinds.add(kindOf(value));
  }
  if (kinds.size === 0) return makeVector(makeData({ type: new Null(), length: values.length, nullCount: values.length }));
  const [kind] = kinds;
  const nested = [...kinds].filter((found): found is NestedKind => !COLUMN_KINDS.has(found));
  if (nested.length > 0) {
    throw new FuncflowError(
      "type_mismatch",
      `${where}: "${name}" holds ${nested.map((found) => `${/^[aeiou]/.test(found) ? "an" : "a"} ${found}`).join(" and ")} in a row; a column holds numbers, booleans, strings, bigints or Dates. ` +
        `Flatten the nested values into columns of their own, or keep them out of the table (funcflow/io's readJson reads JSON as plain values).`,
      { details: { column: name, kinds: [...kinds] } },
    );
  }
  if (kinds.size > 1) {
    const found = [...kinds];
    throw new FuncflowError(
      "type_mismatch",
      `${where}: the array "${name}" holds ${found.join(" and ")} values; a column holds one kind. ` +
        `Convert its values to one kind (numbers, booleans, strings, bigints or Dates).`,
      { details: { column: name, kinds: found } },
    );
  }
  if (kind === "number") return numbersToVector(values as readonly (number | null | undefined)[], nullCount);
  if (kind === "string") return stringsToVector(values as readonly (string | null | undefined)[]);
  // Nested kinds were refused above: what is left is one of the column kinds.
  return vectorFromArray(values as unknown[], ARROW_TYPE_OF[kind as keyof typeof ARROW_TYPE_OF]() as DataType) as Vector;
}

const ARROW_TYPE_OF: Record<Exclude<ValueKind, "number" | "string">, () => DataType> = {
  boolean: () => new Bool(),
  bigint: () => new Int64(),
  date: () => new DateMillisecond(),
};

const COLUMN_KINDS: ReadonlySet<string> = new Set<ValueKind>(["number", "boolean", "string", "bigint", "date"]);

function kindOf(value: unknown): ValueKind | NestedKind {
  switch (typeof value) {
    case "number":
    case "boolean":
    case "string":
    case "bigint":
      return typeof value as ValueKind;
    case "function":
    case "symbol":
      return typeof value as NestedKind;
    default:
      return value instanceof Date ? "date" : Array.isArray(value) ? "array" : "object";
  }
}

/** Numbers are the hot case: fill one Float64Array and a validity bitmap in a single pass. */
function numbersToVector(values: readonly (number | null | undefined)[], nullCount: number): Vector {
  const length = values.length;
  const data = new Float64Array(length);
  const validity = nullCount > 0 ? new Uint8Array((length + 7) >> 3) : undefined;
  for (let index = 0; index < length; index++) {
    const value = values[index];
    if (value === null || value === undefined) continue;
    data[index] = value;
    if (validity) validity[index >> 3]! |= 1 << (index & 7);
  }
  return makeVector(makeData({ type: new Float64(), length, nullCount, data, nullBitmap: validity }));
}
