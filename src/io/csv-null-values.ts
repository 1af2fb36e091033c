/**
 * CSV missing-value markers (`nullValues: ["?", "NA"]`, pandas' `na_values`, polars'
 * `null_values`): an unquoted field whose text is one of them reads as null, like an empty one.
 */
import { invalidArgument, requireArray } from "../errors/index.ts";

/** The markers of one read, checked; undefined when none were given. */
export interface CsvNullMarkers {
  readonly texts: ReadonlySet<string>;
  /** The longest marker: a longer field is not one, whatever its text, so most fields skip the Set lookup (and hashing a fresh string). */
  readonly longest: number;
}

/**
 * The markers `nullValues` gives, or undefined when it is absent or empty (a read without
 * markers then does no per-field work for them).
 * @throws FuncflowError `invalid_argument` naming `argument` (or its bad entry) when `nullValues` is not an array of strings.
 * @example csvNullMarkers("tableFromCsv", "options.nullValues", ["?", "NA"]); // { texts: Set {"?", "NA"}, longest: 2 }
 */
export function csvNullMarkers(where: string, argument: string, nullValues: unknown): CsvNullMarkers | undefined {
  if (nullValues === undefined) return undefined;
  requireArray(where, argument, nullValues, 'an array of strings read as null, such as ["?", "NA"]');
  const bad = nullValues.findIndex((entry) => typeof entry !== "string");
  if (bad >= 0) throw invalidArgument(where, `${argument}[${bad}]`, nullValues[bad], 'a string read as null, such as "NA"');
  if (nullValues.length === 0) return undefined;
  const texts = new Set(nullValues as readonly string[]);
  let longest = 0;
  for (const text of texts) longest = Math.max(longest, text.length);
  return { texts, longest };
}

/**
 * Sets to null, in place, each unquoted field of a data record that is one of the markers: a
 * quoted field is always the text written (as `""` is the empty string, not null), so a real
 * "NA" (Namibia) can be kept by quoting it.
 */
export function nullMarkedFields(fields: (string | null)[], quoted: readonly boolean[], markers: CsvNullMarkers): void {
  const { texts, longest } = markers;
  for (let index = 0; index < fields.length; index++) {
    const text = fields[index];
    if (text != null && text.length <= longest && !quoted[index] && texts.has(text)) fields[index] = null;
  }
}
