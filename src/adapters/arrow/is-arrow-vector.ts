import { Vector } from "apache-arrow";

/**
 * True when `value` is an Arrow Vector, including one made by another copy of apache-arrow
 * (a bundled or older duplicate): `instanceof` first, then the shape every Vector has.
 * @example isArrowVector(makeVector(new Float64Array([1, 2]))); // true
 */
export function isArrowVector(value: unknown): value is Vector {
  if (value instanceof Vector) return true;
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  const type = candidate["type"] as { typeId?: unknown } | undefined;
  return (
    Array.isArray(candidate["data"]) &&
    typeof candidate["length"] === "number" &&
    typeof type === "object" &&
    type !== null &&
    typeof type.typeId === "number" &&
    typeof candidate["get"] === "function" &&
    typeof candidate["toArray"] === "function" &&
    typeof candidate["isValid"] === "function"
  );
}
