/**
 * Reading a declared tuple type from its source text (`[Table, { path: string }]`), for the
 * modifiers that split a tuple into nodes. Commas inside generics, objects, nested tuples and
 * function types do not separate members, so `[Map<string, number>, Meta]` has two; nor does
 * anything inside a string literal type (`"a, b" | "[x"`): every reader here takes the text apart
 * with the manifest's one top-level reader (`splitTopLevel`) and slices it as written.
 */
import { closingBracket, isSingleTerm, splitTopLevel } from "../manifest/index.ts";

/**
 * The member types of a tuple type as written, without `readonly` or member names; undefined
 * when the type is not a tuple literal.
 * @example tupleMembers("readonly [low: number, Map<string, number>]") // ["number", "Map<string, number>"]
 */
export function tupleMembers(type: string): string[] | undefined {
  const text = type.trim().replace(/^readonly\s+/, "");
  // The opening `[` must close at the very end: `[A] | [B]` and `A[][]` are not tuple literals.
  if (!text.startsWith("[") || closingBracket(text, 0) !== text.length - 1) return undefined;
  return splitTopLevel(text.slice(1, -1), ",").map((member) => member.replace(/^\w+\??:\s*/, ""));
}

/**
 * The element type of `T[]`, `readonly T[]`, `Array<T>` or `ReadonlyArray<T>` as written, else
 * undefined (a union such as `A | B[]` or `Array<A> | B` is not an array).
 * @example arrayElementType("readonly Map<string, number>[]"); // "Map<string, number>"
 */
export function arrayElementType(type: string): string | undefined {
  const text = type.trim().replace(/^readonly\s+/, "");
  if (!isSingleTerm(text)) return undefined;
  const generic = /^(?:Readonly)?Array</.exec(text);
  if (generic && text.endsWith(">") && closingBracket(text, generic[0].length - 1) === text.length - 1) return text.slice(generic[0].length, -1).trim();
  if (!text.endsWith("[]") || closingBracket(text, text.length - 2) !== text.length - 1) return undefined;
  const element = text.slice(0, -2).trim();
  // `(A | B)[]`: the parentheses only group.
  return element.startsWith("(") && closingBracket(element, 0) === element.length - 1 ? element.slice(1, -1).trim() : element;
}

/**
 * The type a declared `Promise<T>` resolves to (`T`), else the type itself, trimmed: what the
 * node holds. `Promise<A> | Promise<B>` is a union, not a promise, and is returned as it is.
 * @example awaitedTypeText("Promise<Map<string, number>>"); // "Map<string, number>"
 */
export function awaitedTypeText(type: string): string {
  const text = type.trim();
  return text.startsWith("Promise<") && closingBracket(text, "Promise".length) === text.length - 1 ? text.slice("Promise<".length, -1).trim() : text;
}

/**
 * The value type of `Record<string, T>` as written, else undefined.
 * @example recordValueType("Record<string, number>"); // "number"
 */
export function recordValueType(type: string): string | undefined {
  let text = type.trim();
  if (text.startsWith("Readonly<") && closingBracket(text, "Readonly".length) === text.length - 1) text = text.slice("Readonly<".length, -1).trim();
  if (!text.startsWith("Record<") || closingBracket(text, "Record".length) !== text.length - 1) return undefined;
  const inner = text.slice("Record<".length, -1);
  const comma = /^\s*string\s*,/.exec(inner);
  return comma ? inner.slice(comma[0].length).trim() : undefined;
}

/**
 * True for a declared type that is certainly a list (`T[]`, `Array<T>`, a tuple), or certainly a
 * keyed object (`Record<…>`, `{ … }`): what a list or a record `group(…)` may be passed to.
 * @example typeShape("number[]"); // "list"; typeShape("Record<string, number>"); // "record"; typeShape("Data"); // undefined
 */
export function typeShape(type: string): "list" | "record" | undefined {
  const text = type.trim();
  if (!isSingleTerm(text)) return undefined;
  if (arrayElementType(text) !== undefined || tupleMembers(text) !== undefined) return "list";
  if (/^(?:Readonly<)?Record</.test(text) || (text.startsWith("{") && text.endsWith("}"))) return "record";
  return undefined;
}
