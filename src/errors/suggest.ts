import { distance } from "fastest-levenshtein";

/**
 * The known names nearest to `name`, for "did you mean". Close means an edit distance within
 * a third of the name's length, or a case-insensitive match, or one name containing the other.
 */
export function suggestNames(name: string, known: Iterable<string>, limit = 3): string[] {
  const lower = name.toLowerCase();
  const budget = Math.max(1, Math.ceil(name.length / 3));
  const scored: { candidate: string; score: number }[] = [];
  for (const candidate of known) {
    const other = candidate.toLowerCase();
    const score = other === lower ? 0 : distance(lower, other);
    const contains = lower.length >= 3 && other.length >= 3 && (other.includes(lower) || lower.includes(other));
    const related = score <= budget || contains;
    if (related) scored.push({ candidate, score });
  }
  scored.sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, limit).map((entry) => entry.candidate);
}

/**
 * True when `name` is `fragment` with whole words added before or after it (`after_lock_date`,
 * `raw_after_lock`, `afterLockDate` for `after_lock`/`afterLock`): a name of its own that reuses
 * a shorter one, not a misspelling of it.
 * @example extendsByWords("after_lock_date", "after_lock"); // true
 * @example extendsByWords("after_lok", "after_lock"); // false
 */
export function extendsByWords(name: string, fragment: string): boolean {
  if (fragment.length === 0 || name.length <= fragment.length) return false;
  const lower = name.toLowerCase();
  const part = fragment.toLowerCase();
  const startsWordAt = (index: number) => /[_.\-]/.test(name[index - 1]!) || /[_.\-]/.test(name[index]!) || (/[a-z0-9]/.test(name[index - 1]!) && /[A-Z]/.test(name[index]!));
  if (lower.startsWith(part) && startsWordAt(fragment.length)) return true;
  const start = name.length - fragment.length;
  return lower.endsWith(part) && startsWordAt(start);
}

/** ` (did you mean "a" or "b"?)` or an empty string. */
export function didYouMean(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return "";
  return ` (did you mean ${suggestions.map((s) => `"${s}"`).join(" or ")}?)`;
}
