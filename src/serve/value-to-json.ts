/**
 * Output values as JSON: Arrow vectors and typed arrays as arrays, tables as records of columns,
 * dates as ISO strings, bigints as numbers (strings beyond 2^53), non-finite numbers as null.
 */
import { Table, Vector } from "apache-arrow";

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
  if (value instanceof Vector && value.nullCount === 0 && value.type.typeId === 3 /* Type.Float */ && value.data.length === 1) {
    const values = value.toArray() as Float64Array | Float32Array;
    let finite = true;
    for (let row = 0; row < values.length; row++) {
      if (!Number.isFinite(values[row])) {
        finite = false;
        break;
      }
    }
    // Float16 columns come back as Uint16Array (raw halves): not numbers to join.
    if (finite && (values instanceof Float64Array || values instanceof Float32Array)) return `[${values.join(",")}]`;
  }
  return JSON.stringify(valueToJson(value));
}

function vectorToJson(vector: Vector): unknown[] {
  // A null-free float column: one pass over its (zero-copy) typed array; non-finite values become null.
  if (vector.nullCount === 0 && vector.type.typeId === 3 /* Type.Float */) {
    const values = Array.from(vector.toArray() as Float64Array);
    for (let row = 0; row < values.length; row++) if (!Number.isFinite(values[row])) values[row] = null as unknown as number;
    return values;
  }
  const values: unknown[] = new Array(vector.length);
  for (let row = 0; row < vector.length; row++) values[row] = valueToJson(vector.get(row));
  return values;
}
