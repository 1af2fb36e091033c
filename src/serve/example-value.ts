/** A small example value for a schema, shown in the OpenAPI document and Swagger UI. */
import type { JsonSchema } from "../schema.ts";

/**
 * An example of `schema`: three rows for a column, one of each field for a record.
 * @example exampleValue({ type: "array", items: { type: "number" } }) // [1, 2, 3]
 */
export function exampleValue(schema: JsonSchema): unknown {
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum !== undefined) return schema.enum[0];
  if (schema.anyOf !== undefined) return exampleValue(schema.anyOf[0]!);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "number":
    case "integer":
      return 1;
    case "string":
      return schema.format === "date-time" ? "2024-01-01T00:00:00.000Z" : "text";
    case "boolean":
      return true;
    case "null":
      return null;
    case "array":
      if (schema.prefixItems !== undefined) return schema.prefixItems.map(exampleValue);
      return schema.items === undefined || schema.items === false ? [] : [1, 2, 3].map((row) => scaled(exampleValue(schema.items as JsonSchema), row));
    case "object":
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, property]) => [key, exampleValue(property)]));
  }
  return null;
}

function scaled(value: unknown, row: number): unknown {
  return typeof value === "number" ? value * row * 10 : value;
}
