/**
 * Danfo's own base classes, which every DataFrame and Series satisfies, including the ones its
 * operations return (`df.add(1)` is a base DataFrame, not the danfojs-node subclass, whose
 * typing also carries an `any` index signature we keep out of our signatures).
 */
import type { DataFrame, Series } from "danfojs-node/dist/danfojs-base/index.js";
import { optionKeys } from "../../errors/index.ts";

/** A danfo DataFrame (any of its classes). */
export type DanfoDataFrame = DataFrame;
/** A danfo Series (any of its classes). */
export type DanfoSeries = Series;
/** The dtypes danfo knows. */
export type DanfoDtype = "float32" | "int32" | "string" | "boolean";

/** Options for the danfo → Arrow conversions. */
export interface DanfoToArrowOptions {
  /**
   * Read `NaN` in a number column as a missing value (an Arrow null), as danfo itself does
   * (`isNa`, `dropNa`, `fillNa`). Default `true`; `false` keeps `NaN` as a Float64 value.
   */
  readonly nanAsNull?: boolean;
}

/** The keys of DanfoToArrowOptions, checked against the interface by the compiler. */
export const DANFO_TO_ARROW_OPTION_KEYS = optionKeys<DanfoToArrowOptions>({ nanAsNull: true });
