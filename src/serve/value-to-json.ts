/**
 * Output values as JSON: Arrow vectors and typed arrays as arrays, tables as records of columns,
 * dates as ISO strings, bigints as numbers (strings beyond 2^53), non-finite numbers as null.
 */
import { Table, Type, Vector } from "apache-arrow";

/**
 * A JSON-ready copy of `value`.
 * @example valueToJson(makeVector(new Float64Array([1, 2]))) // [1, 2]
 */
export function valueToJson(value: unknown): unknown {
  switch (typeof value) {
    case "number":
      return Number.isFinite(value) ? value : null;
    case "bigint":
      return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    case "string":
    case "boolean":
      return value;
    case "undefined":
    case "function":
    case "symbol":
      return null;
  }
  if (value === null) return null;
  if (value instanceof Vector) return vectorToJson(value);
  if (value instanceof Table) return Object.fromEntries(value.schema.fields.map((field) => [field.name, vectorToJson(value.getChild(field.name)!)]));
  if (value instanceof Date) return value.toISOString();
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<unknown>, valueToJson);
  if (Array.isArray(value)) return value.map(valueToJson);
  if (value instanceof Map) return Object.fromEntries([...value].map(([key, entry]) => [String(key), valueToJson(entry)]));
  if (value instanceof Set) return [...value].map(valueToJson);
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, entry]) => [key, valueToJson(entry)]));
}

/**
 * `JSON.stringify(valueToJson(value))`, written directly for a null-free Float64 column of finite
 * numbers, the common output: its typed array's `join` spells each number as JSON does (-0 as 0),
 * with no array of boxed numbers made first.
 * @example jsonText(makeVector(new Float64Array([10, 0.4]))) // "[10,0.4]"
 */
export function jsonText(value: unknown): string {
  const values = value instanceof Vector && value.data.length === 1 ? nullFreeFloats(value) : undefined;
  if (values !== undefined && allFinite(values)) return `[${values.join(",")}]`;
  return JSON.stringify(valueToJson(value));
}

// A loop, not `every(Number.isFinite)`: this runs per reply over every row of the column.
function allFinite(values: Float64Array | Float32Array): boolean {
  for (let row = 0; row < values.length; row++) if (!Number.isFinite(values[row])) return false;
  return true;
}

/**
 * The typed array of a null-free Float32 or Float64 column (zero-copy for one chunk), else
 * undefined: a Float16 column's array holds raw halves (Uint16Array), not numbers.
 */
function nullFreeFloats(vector: Vector): Float64Array | Float32Array | undefined {
  if (vector.nullCount !== 0 || vector.type.typeId !== Type.Float) return undefined;
  const values: unknown = vector.toArray();
  return values instanceof Float64Array || values instanceof Float32Array ? values : undefined;
}

function vectorToJson(vector: Vector): unknown[] {
  // A null-free float column: one pass over its typed array; non-finite values become null.
  const floats = nullFreeFloats(vector);
  if (floats !== undefined) {
    const values: (number | null)[] = Array.from(floats);
    for (let row = 0; row < values.length; row++) if (!Number.isFinite(values[row])) values[row] = null;
    return values;
  }
  const values: unknown[] = new Array(vector.length);
  for (let row = 0; row < vector.length; row++) values[row] = valueToJson(vector.get(row));
  return values;
}
