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

/** ` (did you mean "a" or "b"?)` or an empty string. */
export function didYouMean(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return "";
  return ` (did you mean ${suggestions.map((s) => `"${s}"`).join(" or ")}?)`;
}
