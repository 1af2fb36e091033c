/**
 * JSON request values to the types the functions declare, converted once: a JSON array of numbers
 * becomes the `Vector<Float64>` or `Float64Array` a parameter names, an ISO string a `Date`, an
 * object of columns a typed Arrow `Table`. Values are validated before they get here.
 */
import * as arrow from "apache-arrow";
import type { JsonSchema } from "../schema/index.ts";

type TypedArrayConstructor = { from(values: ArrayLike<unknown>): ArrayLike<unknown> };

const NUMERIC_COLUMNS: Readonly<Record<string, TypedArrayConstructor>> = {
  Float32: Float32Array,
  Float64: Float64Array,
  Float: Float64Array,
  Int8: Int8Array,
  Int16: Int16Array,
  Int32: Int32Array,
  Uint8: Uint8Array,
  Uint16: Uint16Array,
  Uint32: Uint32Array,
};

/**
 * `value` converted to what `schema` says the function takes; plain JSON comes back as it is.
 * @example valueFromJson([1, 2], { type: "array", items: { type: "number" }, "x-arrow-type": "Float64" }) // Vector<Float64>
 */
export function valueFromJson(value: unknown, schema: JsonSchema | undefined): unknown {
  if (schema === undefined || value === null || value === undefined) return value;
  const arrowType = schema["x-arrow-type"];
  if (arrowType === "Table") return tableFromJson(value as Record<string, unknown[]>, schema);
  if (arrowType !== undefined) return vectorFromJson(value as unknown[], arrowType);
  const typedArray = schema["x-typed-array"];
  if (typedArray !== undefined) return typedArrayFromJson(value as unknown[], typedArray);
  if (schema["x-js-type"] === "Date") return new Date(value as string);
  if (schema["x-js-type"] === "bigint") return BigInt(value as number | string);
  if (Array.isArray(value)) return arrayFromJson(value, schema);
  if (typeof value === "object" && schema.properties !== undefined) return objectFromJson(value as Record<string, unknown>, schema);
  return value;
}

/** Converts one validated JSON value to the type a parameter declares. */
export type ValueConverter = (value: unknown) => unknown;

/**
 * The conversion `valueFromJson(value, schema)` does, decided once for a schema: undefined when
 * its values travel as they are. A number column the schema says has no nulls skips the null scan.
 * @example compileValueFromJson({ type: "array", items: { type: "number" }, "x-arrow-type": "Float64" })!([1, 2]) // Vector<Float64>
 */
export function compileValueFromJson(schema: JsonSchema | undefined): ValueConverter | undefined {
  if (schema === undefined || !needsConversion(schema)) return undefined;
  const numeric = NUMERIC_COLUMNS[schema["x-arrow-type"] ?? ""];
  const items = schema.items;
  if (numeric !== undefined && typeof items === "object" && (items.type === "number" || items.type === "integer")) {
    // The constructor, not `.from`: it copies a plain array without going through its iterator.
    const Column = numeric as unknown as new (values: readonly number[]) => Float64Array;
    return (value) => (value === null || value === undefined ? value : arrow.makeVector(new Column(value as number[])));
  }
  return (value) => valueFromJson(value, schema);
}

/** The values of one column as the Arrow type named `arrowType` (zero-copy wrapping where it can). */
function vectorFromJson(values: unknown[], arrowType: string): arrow.Vector {
  const numeric = NUMERIC_COLUMNS[arrowType];
  if (numeric !== undefined && !values.includes(null)) return arrow.makeVector(numeric.from(values as number[]) as Float64Array);
  const type = arrowDataType(arrowType);
  const converted = type instanceof arrow.Timestamp || type instanceof arrow.Date_ ? values.map((v) => (v === null ? null : new Date(v as string))) : values;
  const bigints = type instanceof arrow.Int && type.bitWidth === 64 ? converted.map((v) => (v === null ? null : BigInt(v as number))) : converted;
  return type === undefined ? arrow.vectorFromArray(bigints) : arrow.vectorFromArray(bigints, type);
}

function arrowDataType(name: string): arrow.DataType | undefined {
  const constructor = (arrow as unknown as Record<string, unknown>)[name];
  if (typeof constructor !== "function") return undefined;
  const instance = new (constructor as new () => unknown)();
  return instance instanceof arrow.DataType ? instance : undefined;
}

function tableFromJson(columns: Record<string, unknown[]>, schema: JsonSchema): arrow.Table {
  const vectors: Record<string, arrow.Vector> = {};
  for (const [name, values] of Object.entries(columns)) {
    const columnSchema = schema.properties?.[name];
    vectors[name] = vectorFromJson(values, columnSchema?.["x-arrow-type"] ?? "unknown");
  }
  return new arrow.Table(vectors);
}

function typedArrayFromJson(values: unknown[], name: string): unknown {
  const constructor = (globalThis as unknown as Record<string, TypedArrayConstructor>)[name]!;
  return constructor.from(name.startsWith("Big") ? values.map((v) => BigInt(v as number)) : values);
}

function arrayFromJson(values: unknown[], schema: JsonSchema): unknown[] {
  if (schema.prefixItems !== undefined) return values.map((value, index) => valueFromJson(value, schema.prefixItems?.[index]));
  const items = schema.items;
  if (items === undefined || items === false || !needsConversion(items)) return values;
  return values.map((value) => valueFromJson(value, items));
}

function objectFromJson(record: Record<string, unknown>, schema: JsonSchema): Record<string, unknown> {
  if (!needsConversion(schema)) return record;
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, valueFromJson(value, schema.properties?.[key])]));
}

/** True when some part of `schema` stands for a non-JSON value (a vector, a Date, …). */
function needsConversion(schema: JsonSchema): boolean {
  if (schema["x-arrow-type"] !== undefined || schema["x-typed-array"] !== undefined || schema["x-js-type"] !== undefined) return true;
  if (schema.items !== undefined && schema.items !== false && needsConversion(schema.items)) return true;
  if (schema.prefixItems?.some(needsConversion)) return true;
  return Object.values(schema.properties ?? {}).some(needsConversion);
}
