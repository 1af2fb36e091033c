import { Table } from "apache-arrow";

/**
 * True when `value` is an Arrow Table, including one made by another copy of apache-arrow:
 * `instanceof` first, then the shape every Table has.
 * @example isArrowTable(tableFromArrays({ a: new Float64Array([1]) })); // true
 */
export function isArrowTable(value: unknown): value is Table {
  if (value instanceof Table) return true;
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  const schema = candidate["schema"] as { fields?: unknown } | undefined;
  return (
    typeof schema === "object" &&
    schema !== null &&
    Array.isArray(schema.fields) &&
    Array.isArray(candidate["batches"]) &&
    typeof candidate["numRows"] === "number" &&
    typeof candidate["getChild"] === "function"
  );
}
