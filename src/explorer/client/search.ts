/// <reference lib="dom" />
/** Search by name: substring matches ranked (exact, prefix, contains), else nearest names. */

export interface SearchResult {
  readonly matches: string[];
  /** When nothing matches: the nearest names ("did you mean"). */
  readonly suggestions: string[];
}

/** Up to `limit` names containing `query` (case-insensitive), else up to 3 near misses. */
export function searchNames(names: readonly string[], query: string, limit = 20): SearchResult {
  const wanted = query.trim().toLowerCase();
  if (wanted === "") return { matches: [], suggestions: [] };
  const scored: [number, string][] = [];
  for (const name of names) {
    const lower = name.toLowerCase();
    const at = lower.indexOf(wanted);
    if (at < 0) continue;
    scored.push([lower === wanted ? 0 : at === 0 ? 1 : 2 + lower.length / 1000, name]);
  }
  scored.sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));
  if (scored.length > 0) return { matches: scored.slice(0, limit).map(([, name]) => name), suggestions: [] };
  return { matches: [], suggestions: nearest(names, wanted) };
}

function nearest(names: readonly string[], wanted: string): string[] {
  const budget = Math.max(1, Math.ceil(wanted.length / 3));
  const close: [number, string][] = [];
  for (const name of names) {
    const lower = name.toLowerCase();
    if (Math.abs(lower.length - wanted.length) > budget) continue;
    const distance = editDistance(lower, wanted, budget);
    if (distance <= budget) close.push([distance, name]);
  }
  close.sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));
  return close.slice(0, 3).map(([, name]) => name);
}

/** Levenshtein distance, giving up (returning budget + 1) once a row exceeds `budget`. */
function editDistance(a: string, b: string, budget: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const value = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      row.push(value);
      best = Math.min(best, value);
    }
    if (best > budget) return budget + 1;
    previous = row;
  }
  return previous[b.length]!;
}
