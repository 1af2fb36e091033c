/**
 * A short phrase naming what `value` is ("a number", "a Float64Array of 3", "an object"), for
 * type_mismatch messages.
 * @example describeValue(new Float64Array(3)); // "a Float64Array of 3"
 */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (ArrayBuffer.isView(value)) {
    const length = (value as { length?: unknown }).length;
    return typeof length === "number" ? `a ${value.constructor.name} of ${length}` : `a ${value.constructor.name}`;
  }
  if (typeof value === "object") {
    const constructorName = (value as object).constructor?.name;
    return constructorName && constructorName !== "Object" ? `a ${constructorName}` : "an object";
  }
  return `a ${typeof value}`;
}
