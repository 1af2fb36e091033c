/**
 * Naive reference implementations over plain arrays with `null`, written for obviousness, not
 * speed: the property tests compare every kernel with these. They encode the documented
 * semantics: null propagates through elementwise operations and is skipped by reductions,
 * windows and groups; NaN is a value.
 */
import type { Cell } from "./support.ts";

export const zipWith = (left: readonly Cell[], right: readonly Cell[], op: (a: number, b: number) => number): Cell[] =>
  left.map((a, i) => {
    const b = right[i]!;
    return a === null || b === null ? null : op(a, b);
  });

export const mapCells = (cells: readonly Cell[], op: (x: number) => number): Cell[] =>
  cells.map((x) => (x === null ? null : op(x)));

export const validOf = (cells: readonly Cell[]): number[] => cells.filter((x): x is number => x !== null);

export function referenceSum(cells: readonly Cell[]): number {
  return validOf(cells).reduce((total, x) => total + x, 0);
}

export function referenceMean(cells: readonly Cell[]): number {
  const valid = validOf(cells);
  return valid.length === 0 ? NaN : referenceSum(valid) / valid.length;
}

export function referenceMin(cells: readonly Cell[]): number {
  const valid = validOf(cells);
  if (valid.length === 0 || valid.some(Number.isNaN)) return NaN;
  return Math.min(...valid);
}

export function referenceMax(cells: readonly Cell[]): number {
  const valid = validOf(cells);
  if (valid.length === 0 || valid.some(Number.isNaN)) return NaN;
  return Math.max(...valid);
}

export function referenceVariance(cells: readonly Cell[], ddof: number): number {
  const valid = validOf(cells);
  if (valid.length - ddof <= 0) return NaN;
  const center = referenceMean(valid);
  return valid.reduce((total, x) => total + (x - center) ** 2, 0) / (valid.length - ddof);
}

/** numpy's "linear" method, by sorting. */
export function referenceQuantile(cells: readonly Cell[], q: number): number {
  const valid = validOf(cells);
  if (valid.length === 0 || valid.some(Number.isNaN)) return NaN;
  const sorted = [...valid].sort((a, b) => a - b);
  const position = q * (sorted.length - 1);
  const lower = Math.floor(position);
  const fraction = position - lower;
  if (fraction === 0) return sorted[lower]!;
  const a = sorted[lower]!;
  const b = sorted[lower + 1]!;
  return fraction < 0.5 ? a + (b - a) * fraction : b - (b - a) * (1 - fraction);
}

/** Trailing windows: the statistic of the valid values among rows (i - window, i], or null. */
export function referenceRolling(
  cells: readonly Cell[],
  window: number,
  minPeriods: number,
  statistic: (valid: number[]) => number | null,
): Cell[] {
  return cells.map((_, i) => {
    const valid = validOf(cells.slice(Math.max(0, i - window + 1), i + 1));
    return valid.length < minPeriods ? null : statistic(valid);
  });
}

export const windowSum = (valid: number[]): number => referenceSum(valid);
export const windowMean = (valid: number[]): number | null => (valid.length === 0 ? null : referenceMean(valid));
export const windowMin = (valid: number[]): number | null => (valid.length === 0 ? null : referenceMin(valid));
export const windowMax = (valid: number[]): number | null => (valid.length === 0 ? null : referenceMax(valid));
export const windowStd = (valid: number[]): number | null => {
  if (valid.length < 2) return null;
  if (valid.some((x) => !Number.isFinite(x))) return NaN;
  return Math.sqrt(referenceVariance(valid, 1));
};

export function referenceCumulative(cells: readonly Cell[], start: number, op: (a: number, b: number) => number): Cell[] {
  let running = start;
  return cells.map((x) => (x === null ? null : (running = op(running, x))));
}

/** Row i paired with row i - periods (null when that row does not exist). */
export function referencePartner(cells: readonly Cell[], periods: number): Cell[] {
  return cells.map((_, i) => {
    const partner = i - periods;
    return partner >= 0 && partner < cells.length ? cells[partner]! : null;
  });
}

/** Group-by: groups in first-seen order, each with its valid values. */
export function referenceGroups<K>(keys: readonly K[], values: readonly Cell[]): Map<K, number[]> {
  const groups = new Map<K, number[]>();
  keys.forEach((key, row) => {
    if (!groups.has(key)) groups.set(key, []);
    const value = values[row]!;
    if (value !== null) groups.get(key)!.push(value);
  });
  return groups;
}
