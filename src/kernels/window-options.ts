/**
 * The shared parameters of trailing-window kernels, with pandas' meaning: the window covers
 * `window` rows ending at the current one (nulls included), and a result needs at least
 * `minPeriods` valid values in it (default: the whole window).
 */
import { bitmapByteLength, setBitRange } from "./bitmap.ts";
import { optionKeys } from "../errors/index.ts";
import { checkInteger, checkOptions } from "./kernel-error.ts";
import { float64VectorWithNulls } from "./make-vector.ts";
import type { Float64Vector } from "./types.ts";

/** Options of the `rolling*` kernels. */
export interface RollingOptions {
  /** Fewest valid (non-null) values a window needs for a result; defaults to `window`, may be 0. */
  readonly minPeriods?: number;
}

/** The keys of RollingOptions, checked against the interface by the compiler. */
export const ROLLING_OPTION_KEYS = optionKeys<RollingOptions>({ minPeriods: true });

export interface WindowSpec {
  readonly window: number;
  readonly minPeriods: number;
}

/**
 * Validates the window and options.
 * @throws FuncflowError `invalid_argument` when window < 1 or minPeriods is outside [0, window]
 */
export function resolveWindow(kernel: string, window: number, options: RollingOptions): WindowSpec {
  checkInteger(kernel, "window", window, 1);
  checkOptions(kernel, options, ROLLING_OPTION_KEYS, "{ minPeriods: 1 }");
  const minPeriods = checkInteger(kernel, "minPeriods", options.minPeriods ?? window, 0, window);
  return { window, minPeriods };
}

/**
 * Wraps the output of a window kernel over input without nulls, where row i sees min(i + 1, window)
 * values: rows before the first with `needed` values are null (all rows when a window never
 * holds that many). Their count is known, so no pass over a bitmap is needed.
 */
export function withWarmUpNulls(out: Float64Array, needed: number, window: number): Float64Vector {
  const length = out.length;
  const nullRows = needed <= 1 ? 0 : needed <= window ? (needed - 1 < length ? needed - 1 : length) : length;
  if (nullRows === 0) return float64VectorWithNulls(out, null, 0);
  const validity = new Uint8Array(bitmapByteLength(length));
  setBitRange(validity, nullRows, length);
  out.fill(NaN, 0, nullRows);
  return float64VectorWithNulls(out, validity, nullRows);
}

/** An empty validity bitmap that the null-aware loops set bit by bit. */
export function emptyValidity(length: number): Uint8Array {
  return new Uint8Array(bitmapByteLength(length));
}

/**
 * Running windows keep NaN and ±Infinity out of their running totals and count them instead:
 * once added, Infinity cannot be subtracted again (Infinity - Infinity is NaN), so one such value
 * would poison every later window. Counters are indexed by `nonFiniteKind`.
 */
export function nonFiniteKind(x: number): 0 | 1 | 2 {
  return x !== x ? 0 : x > 0 ? 1 : 2;
}

/** The sum or mean of a window holding non-finite values: NaN, or ±Infinity when only one sign of Infinity is present. */
export function nonFiniteResult(counts: Int32Array): number {
  if (counts[0]! > 0 || (counts[1]! > 0 && counts[2]! > 0)) return NaN;
  return counts[1]! > 0 ? Infinity : -Infinity;
}
