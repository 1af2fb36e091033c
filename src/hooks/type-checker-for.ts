import { requireString } from "../errors/index.ts";
import { closingBracket, splitTopLevel, stringLiteralValue } from "../manifest/index.ts";

/**
 * Turns declared type text (as the scanner recorded it) into a run-time check. Only types a
 * value can be checked against without the compiler are understood: number, string, boolean,
 * bigint, null, undefined, literals, Date, typed arrays, Arrow Table / Vector / RecordBatch
 * (with a column type), arrays of these and unions of these. Anything else (interfaces, object
 * types, generics) yields undefined: the value is not checked rather than wrongly rejected.
 * Arrow values are recognized by shape, so this file never loads apache-arrow.
 */

/** True when the value matches the declared type. */
export type TypeChecker = (value: unknown) => boolean;

const PRIMITIVES: Readonly<Record<string, TypeChecker>> = {
  number: (value) => typeof value === "number",
  string: (value) => typeof value === "string",
  boolean: (value) => typeof value === "boolean",
  bigint: (value) => typeof value === "bigint",
  null: (value) => value === null,
  undefined: (value) => value === undefined,
  void: (value) => value === undefined,
  true: (value) => value === true,
  false: (value) => value === false,
  Date: (value) => value instanceof Date,
};

const TYPED_ARRAYS = new Set([
  "Int8Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "Int16Array",
  "Uint16Array",
  "Int32Array",
  "Uint32Array",
  "Float32Array",
  "Float64Array",
  "BigInt64Array",
  "BigUint64Array",
]);

/**
 * The check for `typeText`, or undefined when the type cannot be checked at run time.
 * @example typeCheckerFor("readonly (number | null)[]")!([1, null]); // true
 */
export function typeCheckerFor(typeText: string): TypeChecker | undefined {
  requireString("typeCheckerFor", "typeText", typeText, 'declared type text such as "number[]" or "Table<{ price: Float64 }>"');
  const text = stripParentheses(typeText.trim());
  const members = splitTopLevel(text, "|");
  if (members.length > 1) {
    const checks = members.map(typeCheckerFor);
    if (checks.some((check) => check === undefined)) return undefined;
    return (value) => checks.some((check) => check!(value));
  }
  return memberChecker(members[0] ?? text);
}

function memberChecker(text: string): TypeChecker | undefined {
  if (text.startsWith("readonly ")) return memberChecker(text.slice("readonly ".length).trim());
  const primitive = PRIMITIVES[text];
  if (primitive !== undefined) return primitive;
  if (/^-?\d+(\.\d+)?$/.test(text)) return (value) => value === Number(text);
  if (/^(["'`]).*\1$/s.test(text)) {
    const literal = stringLiteralValue(text);
    // A template literal with a substitution (`id-${number}`) is many strings: not checked rather than wrongly rejected.
    return literal === undefined ? undefined : (value) => value === literal;
  }
  if (text.endsWith("[]")) return arrayOf(text.slice(0, -2));
  const generic = /^([\w.]+)\s*<(.*)>$/s.exec(text);
  const name = (generic?.[1] ?? text).replace(/^.*\./, ""); // `arrow.Table` → `Table`
  const argument = generic?.[2]?.trim();
  if ((name === "Array" || name === "ReadonlyArray") && argument !== undefined) return arrayOf(argument);
  if (TYPED_ARRAYS.has(name) && argument === undefined) return (value) => ArrayBuffer.isView(value) && value.constructor.name === name;
  if (name === "Table") return tableChecker(argument);
  if (name === "RecordBatch") return (value) => isTableLike(value);
  if (name === "Vector") return vectorChecker(argument);
  return undefined;
}

function arrayOf(elementText: string): TypeChecker | undefined {
  const element = typeCheckerFor(elementText);
  if (element === undefined) return undefined;
  return (value) => Array.isArray(value) && value.every((item) => element(item));
}

/** `Vector<Float64>` checks the column type by name; `Vector<Float>` accepts any width. */
function vectorChecker(argument: string | undefined): TypeChecker {
  const typeName = argument !== undefined && /^[\w.]+$/.test(argument) ? argument.replace(/^.*\./, "") : undefined;
  return (value) => isVectorLike(value) && (typeName === undefined || arrowTypeMatches(value.type, typeName));
}

/** `Table<{ price: Float64; name: Utf8 }>` also checks that each column exists with its type. */
function tableChecker(argument: string | undefined): TypeChecker {
  const columns = argument === undefined ? [] : objectFields(argument);
  return (value) =>
    isTableLike(value) &&
    columns.every(([column, typeName]) => {
      const field = value.schema.fields.find((candidate) => candidate.name === column);
      return field !== undefined && (typeName === undefined || arrowTypeMatches(field.type, typeName));
    });
}

/** The fields of `{ a: Float64; b: Utf8 }`, each with its simple type name (or undefined). */
function objectFields(text: string): [string, string | undefined][] {
  if (!text.startsWith("{") || !text.endsWith("}")) return [];
  return splitTopLevel(text.slice(1, -1), ";")
    .flatMap((part) => splitTopLevel(part, ","))
    .map((part) => /^(?:readonly\s+)?["']?(\w+)["']?\??\s*:\s*(.+)$/s.exec(part.trim()))
    .filter((match) => match !== null)
    .map((match) => [match[1]!, /^[\w.]+$/.test(match[2]!.trim()) ? match[2]!.trim().replace(/^.*\./, "") : undefined]);
}

interface ArrowTypeLike {
  readonly typeId: number;
  toString(): string;
}

function arrowTypeMatches(type: ArrowTypeLike, typeName: string): boolean {
  // A dictionary-encoded column holds values of its dictionary's type (strings made by
  // tableFromArrays are Dictionary<Int32, Utf8>), so it matches that type as well as "Dictionary".
  const dictionary = (type as { dictionary?: ArrowTypeLike }).dictionary;
  if (typeName !== "Dictionary" && dictionary !== undefined && typeof dictionary.typeId === "number") return arrowTypeMatches(dictionary, typeName);
  const actual = String(type);
  // Arrow prints `Float64`, `Int32`, `Utf8`, `Bool`, `Timestamp<MILLISECOND>`, `Dictionary<Int32, Utf8>`…;
  // a family name (`Float`, `Int`, `Timestamp`) accepts every width and unit of it.
  return actual === typeName || actual.startsWith(typeName) || (typeName === "Bool" && actual === "Boolean");
}

function isVectorLike(value: unknown): value is { readonly type: ArrowTypeLike } {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { type?: { typeId?: unknown }; data?: unknown; get?: unknown };
  return Array.isArray(candidate.data) && typeof candidate.type?.typeId === "number" && typeof candidate.get === "function";
}

function isTableLike(value: unknown): value is { readonly schema: { readonly fields: readonly { name: string; type: ArrowTypeLike }[] } } {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { schema?: { fields?: unknown }; numRows?: unknown; getChild?: unknown };
  return Array.isArray(candidate.schema?.fields) && typeof candidate.numRows === "number" && typeof candidate.getChild === "function";
}

/** `(A | B)` → `A | B`, only when the parentheses wrap the whole text. */
function stripParentheses(text: string): string {
  while (text.startsWith("(") && closingBracket(text, 0) === text.length - 1) text = text.slice(1, -1).trim();
  return text;
}
