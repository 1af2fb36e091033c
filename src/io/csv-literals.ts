import { describeArgument, FuncflowError } from "../errors/index.ts";

/**
 * The unquoted CSV texts read as numbers and booleans. The reader and the writer share them: the
 * writer quotes any string that would otherwise read back as a number or boolean.
 */
const NUMBER_TEXT = /^(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?Infinity|NaN)$/;
const BOOLEAN_TEXT = /^(?:true|false)$/i;

/**
 * True when unquoted CSV `text` reads as a number: decimal or exponent notation, `NaN`,
 * `Infinity`, `-Infinity` (what `String(number)` writes). No hex, no surrounding spaces.
 * @example isCsvNumberText("-1.5e3"); // true
 */
export function isCsvNumberText(text: string): boolean {
  return NUMBER_TEXT.test(text);
}

/**
 * True when unquoted CSV `text` reads as a boolean: `true` or `false`, any case.
 * @example isCsvBooleanText("TRUE"); // true
 */
export function isCsvBooleanText(text: string): boolean {
  return BOOLEAN_TEXT.test(text);
}

/**
 * `delimiter` when it is one character other than a quote or a line break.
 * @throws FuncflowError `invalid_argument` otherwise.
 * @example checkCsvDelimiter(";", "tableToCsv"); // ";"
 */
export function checkCsvDelimiter(delimiter: string, where: string): string {
  if (typeof delimiter === "string" && delimiter.length === 1 && delimiter !== '"' && delimiter !== "\n" && delimiter !== "\r") return delimiter;
  throw new FuncflowError(
    "invalid_argument",
    `${where}: the delimiter ${typeof delimiter === "string" ? JSON.stringify(delimiter) : describeArgument(delimiter)} is not usable. Pass one character other than a quote or a line break.`,
    { details: { delimiter } },
  );
}
