import { NDframe } from "danfojs-node";
import type { DanfoDataFrame } from "./danfo-types.ts";

/**
 * True when `value` is a danfo DataFrame. Checks danfo's base class, since frames returned by
 * danfo's own operations are not instances of the exported DataFrame subclass; falls back to
 * danfo's shape for a second copy of danfo.
 * @example isDanfoDataFrame(new DataFrame({ a: [1] })); // true
 */
export function isDanfoDataFrame(value: unknown): value is DanfoDataFrame {
  if (value instanceof NDframe) return typeof (value as { column?: unknown }).column === "function";
  return hasDanfoShape(value) && (value as { $isSeries?: unknown }).$isSeries === false;
}

/**
 * True when `value` has the shape danfo's NDframe gives every frame and series.
 * @example hasDanfoShape(new Series([1])); // true
 */
export function hasDanfoShape(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate["$isSeries"] === "boolean" && Array.isArray(candidate["columns"]) && Array.isArray(candidate["shape"]);
}
