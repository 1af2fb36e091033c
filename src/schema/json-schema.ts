/**
 * The JSON Schema (2020-12, the dialect OpenAPI 3.1 uses) funcflow writes, as plain data.
 * funcflow's own annotations start with `x-` so any validator or OpenAPI tool passes them through.
 */

/** A JSON Schema object. Only the keywords funcflow writes are typed; others pass through. */
export interface JsonSchema {
  readonly type?: JsonType | readonly JsonType[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly format?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly examples?: readonly unknown[];
  readonly items?: JsonSchema | false;
  readonly prefixItems?: readonly JsonSchema[];
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: JsonSchema | boolean;
  readonly anyOf?: readonly JsonSchema[];
  readonly minimum?: number;
  readonly maximum?: number;
  /** The Arrow data type of a column (`Float64`, `Utf8`, …), or `Table` for a table of columns. */
  readonly "x-arrow-type"?: string;
  /** The typed array a column arrives as (`Float64Array`, …). */
  readonly "x-typed-array"?: string;
  /** A JavaScript value the JSON form stands for: `Date` (from an ISO string) or `bigint`. */
  readonly "x-js-type"?: "Date" | "bigint";
  readonly [keyword: `x-${string}`]: unknown;
}

/** The JSON Schema `type` names. */
export type JsonType = "string" | "number" | "integer" | "boolean" | "null" | "array" | "object";

/** The annotation keywords funcflow adds, for validators that must be told about them. */
export const FUNCFLOW_KEYWORDS: readonly string[] = ["x-arrow-type", "x-typed-array", "x-js-type"];

/**
 * The values of a column whose type says nothing (an untyped `Vector`, `Table`): any Arrow value,
 * said in so many words rather than as a silent `{}`.
 */
export const ANY_ARROW_VALUE: JsonSchema = { description: "A value of an Arrow column whose type the code does not declare." };
