/**
 * `inferSchema(value)`: the JSON Schema of an example value, for types that say too little (an
 * untyped `Table`, a `Vector` of anything), as the Model Envelope does for DataFrames.
 */
import { Table, Vector, type DataType } from "apache-arrow";
import { arrowValueSchema } from "./arrow-type-schema.ts";
import type { JsonSchema } from "./json-schema.ts";
import { unsupportedType } from "./unsupported-type.ts";

const TYPED_ARRAY_NAMES = new Set([
  "Float32Array", "Float64Array", "Int8Array", "Int16Array", "Int32Array", "Uint8Array", "Uint8ClampedArray", "Uint16Array", "Uint32Array", "BigInt64Array", "BigUint64Array",
]);

/**
 * The schema of `value`: numbers, strings, booleans, null, Date, bigint, arrays (items from every
 * element), typed arrays, Arrow vectors and tables (from their Arrow schema), plain objects.
 * @param name what the value is, for error messages.
 * @throws FuncflowError `unsupported_type` for a value with no JSON form (a function, a Map, …).
 * @example inferSchema(tableFromArrays({ spend: new Float64Array([1, 2]) }))
 *   // { type: "object", properties: { spend: { type: "array", items: { type: "number" }, "x-arrow-type": "Float64" } }, … }
 */
export function inferSchema(value: unknown, name = "value"): JsonSchema {
  return infer(value, name, []);
}

function infer(value: unknown, node: string, path: readonly (string | number)[]): JsonSchema {
  const fail = (text: string, reason: string): never => {
    throw unsupportedType({ node, path }, text, reason);
  };
  switch (typeof value) {
    case "number":
      // An example's `3` says nothing about whether `3.5` is allowed: numbers stay numbers.
      return { type: "number" };
    case "string":
      return { type: "string" };
    case "boolean":
      return { type: "boolean" };
    case "bigint":
      return { type: "integer", format: "int64", "x-js-type": "bigint" };
    case "undefined":
      return fail("undefined", "JSON has no `undefined`");
    case "function":
      return fail("function", "a function has no JSON form");
    case "symbol":
      return fail("symbol", "JSON has no symbols");
  }
  if (value === null) return { type: "null" };
  if (value instanceof Date) return { type: "string", format: "date-time", "x-js-type": "Date" };
  if (value instanceof Vector) return column(value.type, node, path);
  if (value instanceof Table) {
    // fromEntries defines own keys: an assignment to properties["__proto__"] would set the prototype instead.
    const properties: Record<string, JsonSchema> = Object.fromEntries(value.schema.fields.map((field) => [field.name, column(field.type, node, [...path, field.name])]));
    return { type: "object", properties, required: Object.keys(properties), additionalProperties: false, "x-arrow-type": "Table" };
  }
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor.name;
    if (!TYPED_ARRAY_NAMES.has(name)) return fail(name, "only typed arrays of numbers are columns");
    const bigints = name.startsWith("Big");
    const integers = !bigints && !name.startsWith("Float");
    return { type: "array", items: bigints ? { type: "integer", format: "int64", "x-js-type": "bigint" } : { type: integers ? "integer" : "number" }, "x-typed-array": name };
  }
  if (Array.isArray(value)) return { type: "array", items: merge(value.map((element, index) => infer(element, node, [...path, index]))) };
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return fail((value as object).constructor?.name ?? "object", "only plain objects map to JSON records");
  const properties: Record<string, JsonSchema> = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, property]) => [key, infer(property, node, [...path, key])]));
  return { type: "object", properties, required: Object.keys(properties), additionalProperties: false };
}

function column(type: DataType, node: string, path: readonly (string | number)[]): JsonSchema {
  // Arrow's type names (`Float64`, `Utf8`, `Timestamp<MILLISECOND>`) map like the declared types do.
  const name = arrowTypeName(type);
  const items = arrowValueSchema(name);
  if (items === undefined) throw unsupportedType({ node, path }, String(type), `the Arrow type ${name} is not mapped to JSON yet`);
  return { type: "array", items, "x-arrow-type": name };
}

/**
 * Arrow's class-style name of a data type, as its TypeScript declarations spell it: Float64,
 * Int32, Utf8, Bool, TimestampMillisecond, …
 * @example arrowTypeName(new Float64()) // "Float64"
 */
export function arrowTypeName(type: DataType): string {
  const text = String(type);
  if (/^Float(16|32|64)$/.test(text) || /^u?int(8|16|32|64)$/i.test(text)) return text.replace(/^uint/i, "Uint").replace(/^int/i, "Int");
  if (text.startsWith("Timestamp")) return "TimestampMillisecond";
  if (text.startsWith("Date")) return "DateMillisecond";
  if (text.startsWith("Dictionary")) return arrowTypeName((type as unknown as { dictionary: DataType }).dictionary);
  return text;
}

/** One schema for the elements of an array: the common one, else `anyOf`. */
function merge(schemas: readonly JsonSchema[]): JsonSchema {
  const distinct: JsonSchema[] = [];
  for (const schema of schemas) {
    if (!distinct.some((known) => JSON.stringify(known) === JSON.stringify(schema))) distinct.push(schema);
  }
  if (distinct.length === 0) return { description: "No elements to infer from." };
  return distinct.length === 1 ? distinct[0]! : { anyOf: distinct };
}
