/**
 * Reads a command-line value (`--input sales=120`) as the type its node declares in the
 * source: `number`, `bigint`, `boolean`, `string`, string-literal unions, and JSON for arrays
 * and objects (an array of strings, numbers or booleans must hold only those). A value that does not fit is refused, so `sales=abc` for `sales: number` never
 * runs as the string "abc". A column type takes a JSON array: a numeric typed array
 * (`Float64Array`, …) is made here, and `Vector<…>` values (`arrow.Vector<arrow.Int32>` through a
 * namespace import too) are checked here and made into Arrow vectors by readValues (apache-arrow is loaded only then). A `Date` takes an ISO 8601 date or
 * date-time (`2024-01-01` is UTC midnight, as `new Date("2024-01-01")` and `funcflow serve` read
 * it), and `null` is read as `null` where the type admits it. Types the CLI cannot parse from
 * text (tables) keep the loose reading: JSON when it parses, else the string.
 */
import { FuncflowError } from "../../errors/index.ts";
import { parseLooseValue } from "./parse-options.ts";
import { awaitedTypeText } from "../../decorators/index.ts";
import { splitTopLevel, stringLiteralValue } from "../../manifest/index.ts";

/** `2024-01-01`, `2024-01-01T08:30`, `2024-01-01T08:30:00.000Z`, `2024-01-01T08:30:00+02:00`. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * True when the date part of `text` is a real calendar day: V8 rolls a day past the month's end
 * over (2024-02-30 → March 1), in a date-time too, so the date part alone (read as UTC) must
 * read back. Checked apart from the time, whose offset may move the instant to another day.
 */
function isCalendarDate(text: string): boolean {
  const day = text.slice(0, 10);
  const date = new Date(day);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

/** The declared type with `Promise<…>`, `readonly`, `| undefined` and `| null` taken off. */
function coreType(typeText: string): string {
  const type = awaitedTypeText(typeText);
  const members = splitTopLevel(type, "|").filter((member) => member !== "undefined" && member !== "null");
  return members.join(" | ").replace(/^readonly\s+/, "");
}


const refuse = (option: string, name: string, text: string, typeText: string, expected: string) =>
  new FuncflowError(
    "invalid_argument",
    `${option} ${name}=${text}: "${name}" is declared as ${typeText}, and ${JSON.stringify(text)} is not ${expected}. Pass ${expected}, e.g. ${option} ${name}=${exampleFor(expected, typeText)}.`,
    { input: name, details: { option, value: text, declaredType: typeText } },
  );

function exampleFor(expected: string, typeText: string): string {
  // An array of strings gets an example of strings, not of numbers.
  if (expected.startsWith("a JSON array") && /^(readonly\s+)?string\[\]$|^(Readonly)?Array<\s*string\s*>$/.test(coreType(typeText))) return `'["a","b"]'`;
  if (expected.startsWith("a number")) return "120";
  if (expected.startsWith("true")) return "true";
  if (expected.startsWith("a whole")) return "120";
  if (expected === "a JSON array of booleans") return "'[true,false]'";
  if (expected.startsWith("a JSON array")) return "'[1,2,3]'";
  if (expected.startsWith("a JSON object")) return `'{"key":1}'`;
  if (expected.startsWith("an ISO 8601 date")) return "2024-01-31";
  return expected.split(" or ")[0]!.replace(/^one of /, "");
}

/**
 * `text` read as `typeText`.
 * @throws FuncflowError `invalid_argument` naming the option, the node and its declared type.
 * @example typedValue("120", "number", "sales", "--input"); // 120
 */
export function typedValue(text: string, typeText: string | undefined, name: string, option: string): unknown {
  if (typeText === undefined || typeText === "") return parseLooseValue(text);
  if (text === "null" && splitTopLevel(awaitedTypeText(typeText), "|").includes("null")) return null;
  const type = coreType(typeText);
  const members = splitTopLevel(type, "|");
  if (type === "Date") {
    const date = ISO_DATE.test(text.trim()) ? new Date(text.trim()) : undefined;
    if (date === undefined || Number.isNaN(date.getTime()) || !isCalendarDate(text.trim())) throw refuse(option, name, text, typeText, "an ISO 8601 date or date-time");
    return date;
  }
  if (type === "number") {
    const value = text.trim() === "" ? Number.NaN : Number(text);
    if (!Number.isFinite(value) && !["NaN", "Infinity", "-Infinity"].includes(text.trim())) throw refuse(option, name, text, typeText, "a number");
    return value;
  }
  if (type === "bigint") {
    if (!/^-?\d+n?$/.test(text.trim())) throw refuse(option, name, text, typeText, "a whole number");
    return BigInt(text.trim().replace(/n$/, ""));
  }
  if (type === "boolean" || type === "true | false" || type === "false | true") {
    if (text !== "true" && text !== "false") throw refuse(option, name, text, typeText, "true or false");
    return text === "true";
  }
  if (type === "string") return text;
  if (members.length > 0 && members.every((member) => /^(["']).*\1$/.test(member))) {
    const allowed = members.map((member) => stringLiteralValue(member)!);
    if (!allowed.includes(text)) throw refuse(option, name, text, typeText, `one of ${allowed.join(", ")}`);
    return text;
  }
  const typedArray = TYPED_ARRAYS[type];
  if (typedArray !== undefined) return new typedArray(numbers(parseJson(text, option, name, typeText, "array") as unknown[], text, option, name, typeText));
  const vector = vectorDeclaration(type);
  if (vector) {
    // A numeric element type without nulls becomes its typed array (toVector wraps it without a copy);
    // anything else stays a JSON array, which toVector reads as Float64, Utf8 or Bool by its values.
    const values = parseJson(text, option, name, typeText, "array") as unknown[];
    const numeric = vector.element === undefined ? undefined : TYPED_ARRAYS[`${vector.element}Array`];
    if (numeric !== undefined && !values.includes(null)) return new numeric(numbers(values, text, option, name, typeText));
    return values;
  }
  const scalarElement = /^(?:(string|number|boolean)\[\]|(?:Readonly)?Array<\s*(string|number|boolean)\s*>)$/.exec(type);
  if (scalarElement) {
    // An array of scalars must hold that scalar: `items=[1,2]` for `string[]` would run the function on numbers.
    const kind = scalarElement[1] ?? scalarElement[2]!;
    const values = parseJson(text, option, name, typeText, "array") as unknown[];
    if (values.some((item) => typeof item !== kind)) throw refuse(option, name, text, typeText, `a JSON array of ${kind}s`);
    return values;
  }
  if (/\[\]$/.test(type) || /^(Readonly)?Array<.*>$/s.test(type) || /^\[.*\]$/s.test(type)) return parseJson(text, option, name, typeText, "array");
  if (/^\{.*\}$/s.test(type) || /^(Readonly<)?Record<.*>$/s.test(type)) return parseJson(text, option, name, typeText, "object");
  return parseLooseValue(text);
}

/** Typed arrays a JSON array of numbers can fill, by name (also an Arrow numeric type name + "Array"). */
const TYPED_ARRAYS: Readonly<Record<string, new (values: readonly number[]) => ArrayBufferView>> = {
  Float64Array,
  Float32Array,
  Int8Array,
  Int16Array,
  Int32Array,
  Uint8Array,
  Uint16Array,
  Uint32Array,
};

/** `true` when a declared type is a `Date` (`Date | null`, `Promise<Date>` included). */
export function isDateType(typeText: string | undefined): boolean {
  return typeText !== undefined && coreType(typeText) === "Date";
}

/** `true` when a declared type is an Arrow `Vector`: its value, read by typedValue, is made into one by readValues. */
export function isVectorType(typeText: string | undefined): boolean {
  return typeText !== undefined && vectorDeclaration(coreType(typeText)) !== undefined;
}

/**
 * The Arrow data type a declared `Vector<…>` names (`Int32` for `Vector<Int32>` and for
 * `arrow.Vector<arrow.Int32>`), or undefined for any other type; io's `columnTypeOfArrow` says
 * how a text column is read as it.
 * @example declaredVectorElement("Vector<Utf8>"); // "Utf8"
 */
export function declaredVectorElement(typeText: string | undefined): string | undefined {
  return typeText === undefined ? undefined : vectorDeclaration(coreType(typeText))?.element;
}

/**
 * `Vector` or `Vector<Element>`, each name optionally qualified by a namespace import
 * (`import * as arrow from "apache-arrow"` declares `arrow.Vector<arrow.Int32>`): the element's
 * name without its qualifier, or undefined when `type` is no vector.
 */
function vectorDeclaration(type: string): { readonly element: string | undefined } | undefined {
  const match = /^(?:\w+\.)?Vector(?:<\s*(?:\w+\.)?(\w+)\s*>)?$/.exec(type);
  return match === null ? undefined : { element: match[1] };
}

/** The parsed JSON array `values` when all are numbers; `text` is what the user wrote, for the message. */
function numbers(values: readonly unknown[], text: string, option: string, name: string, typeText: string): number[] {
  if (!values.every((value) => typeof value === "number")) throw refuse(option, name, text, typeText, "a JSON array of numbers");
  return values as number[];
}

function parseJson(text: string, option: string, name: string, typeText: string, shape: "array" | "object"): unknown {
  const expected = `a JSON ${shape}`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw refuse(option, name, text, typeText, expected);
  }
  const fits = shape === "array" ? Array.isArray(value) : typeof value === "object" && value !== null && !Array.isArray(value);
  if (!fits) throw refuse(option, name, text, typeText, expected);
  return value;
}
