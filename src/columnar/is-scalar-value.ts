/** A value a frame builder broadcasts to every row. */
export type ScalarValue = null | undefined | number | string | boolean | bigint | Date;

/**
 * True for the values a frame builder broadcasts: `null`, `undefined`, numbers, strings,
 * booleans, bigints and Dates.
 * @example isScalarValue(3); // true
 * @example isScalarValue([3]); // false
 */
export function isScalarValue(value: unknown): value is ScalarValue {
  if (value === null || value === undefined) return true;
  const kind = typeof value;
  return kind === "number" || kind === "string" || kind === "boolean" || kind === "bigint" || value instanceof Date;
}
