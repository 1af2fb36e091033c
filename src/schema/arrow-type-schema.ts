/**
 * The JSON form of one value of an Arrow data type, by the type's name as Arrow's TypeScript
 * declarations spell it (`Float64`, `Utf8`, `TimestampMillisecond`, …).
 */
import type { JsonSchema } from "./json-schema.ts";
import { requireString } from "../errors/index.ts";

const INTEGER_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  Int8: [-128, 127],
  Int16: [-32768, 32767],
  Int32: [-2147483648, 2147483647],
  Uint8: [0, 255],
  Uint16: [0, 65535],
  Uint32: [0, 4294967295],
};

/**
 * The schema of one value of the Arrow type `name`, or undefined when it has no JSON form here
 * (lists, structs, unions, binary and intervals are not mapped yet).
 * @example arrowValueSchema("Int32") // { type: "integer", minimum: -2147483648, maximum: 2147483647 }
 */
export function arrowValueSchema(name: string): JsonSchema | undefined {
  requireString("arrowValueSchema", "name", name, 'an Arrow type name such as "Float64" or "Utf8"');
  if (name === "Float" || name === "Float16" || name === "Float32" || name === "Float64") return { type: "number" };
  const range = INTEGER_RANGES[name];
  if (range !== undefined) return { type: "integer", minimum: range[0], maximum: range[1] };
  if (name === "Int64" || name === "Uint64") return { type: "integer", format: "int64", "x-js-type": "bigint" };
  if (name === "Int") return { type: "integer" };
  if (name === "Utf8" || name === "LargeUtf8") return { type: "string" };
  if (name === "Bool") return { type: "boolean" };
  if (name === "Null") return { type: "null" };
  if (/^(Date|Timestamp)/.test(name)) return { type: "string", format: "date-time", "x-js-type": "Date" };
  return undefined;
}
