import { NDframe } from "danfojs-node";
import type { DanfoSeries } from "./danfo-types.ts";
import { hasDanfoShape } from "./is-danfo-data-frame.ts";

/**
 * True when `value` is a danfo Series (any of danfo's Series classes; a second copy of danfo is
 * recognised by its shape).
 * @example isDanfoSeries(new Series([1, 2])); // true
 */
export function isDanfoSeries(value: unknown): value is DanfoSeries {
  if (value instanceof NDframe) return typeof (value as { column?: unknown }).column !== "function";
  return hasDanfoShape(value) && (value as { $isSeries?: unknown }).$isSeries === true;
}
