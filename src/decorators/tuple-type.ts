/**
 * Reading a declared tuple type from its source text (`[Table, { path: string }]`), for the
 * modifiers that split a tuple into nodes. Commas inside generics, objects, nested tuples and
 * function types do not separate members, so `[Map<string, number>, Meta]` has two; nor does
 * anything inside a string literal type (`"a, b" | "[x"`), so every reader here walks the text
 * with its literals masked (see {@link maskLiterals}) and slices the text as written.
 */

/**
 * `text` with the contents of its string and template literal types replaced by `_`, quotes kept
 * and length unchanged: a bracket, comma or `|` inside `"…"` then structures nothing.
 * @example maskLiterals(`"a|b" | Meta`); // `"___" | Meta`
 */
export function maskLiterals(text: string): string {
  let masked = "";
  let quote: string | undefined;
  for (let at = 0; at < text.length; at++) {
    const char = text[at]!;
    if (quote === undefined) {
      masked += char;
      if (char === '"' || char === "'" || char === "`") quote = char;
    } else if (char === "\\" && at + 1 < text.length) {
      masked += "__";
      at++;
    } else if (char === quote) {
      masked += char;
      quote = undefined;
    } else masked += "_";
  }
  return masked;
}

/**
 * The members of a union type as written (`A | B` → `["A", "B"]`), split at `|` outside brackets
 * and literals only, a leading `|` allowed; a type that is not a union is its one member.
 * @example unionMembers(`"none" | { path: string; mode: "a" | "b" }`); // [`"none"`, `{ path: string; mode: "a" | "b" }`]
 */
export function unionMembers(type: string): string[] {
  const text = type.trim();
  const shape = maskLiterals(text);
  const members: string[] = [];
  let depth = 0;
  let start = 0;
  for (let at = 0; at < shape.length; at++) {
    const char = shape[at]!;
    if ("<([{".includes(char)) depth++;
    else if (">)]}".includes(char) && !(char === ">" && shape[at - 1] === "=")) depth--;
    else if (char === "|" && depth === 0) {
      members.push(text.slice(start, at).trim());
      start = at + 1;
    }
  }
  members.push(text.slice(start).trim());
  // `| A | B` (a leading bar, as formatters write long unions) has no empty first member.
  return members[0] === "" && members.length > 1 ? members.slice(1) : members;
}

/**
 * The member types of a tuple type as written, without `readonly` or member names; undefined
 * when the type is not a tuple literal.
 * @example tupleMembers("readonly [low: number, Map<string, number>]") // ["number", "Map<string, number>"]
 */
export function tupleMembers(type: string): string[] | undefined {
  const text = type.trim().replace(/^readonly\s+/, "");
  if (!text.startsWith("[")) return undefined;
  const shape = maskLiterals(text);
  const members: string[] = [];
  let depth = 0;
  let start = 1;
  for (let at = 0; at < shape.length; at++) {
    const char = shape[at]!;
    if ("<([{".includes(char)) depth++;
    // The `>` of an arrow (`=>`) closes nothing.
    else if (">)]}".includes(char) && !(char === ">" && shape[at - 1] === "=")) depth--;
    // The opening `[` must close at the very end: `[A] | [B]` and `A[][]` are not tuple literals.
    if (depth === 0 && at < text.length - 1) return undefined;
    if (char === "," && depth === 1) {
      members.push(text.slice(start, at).trim());
      start = at + 1;
    }
  }
  if (depth !== 0) return undefined;
  const last = text.slice(start, -1).trim();
  if (last !== "") members.push(last);
  return members.map((member) => member.replace(/^\w+\??:\s*/, ""));
}

/**
 * The element type of `T[]`, `readonly T[]`, `Array<T>` or `ReadonlyArray<T>` as written, else
 * undefined (a union such as `A | B[]` or `Array<A> | B` is not an array).
 * @example arrayElementType("readonly Map<string, number>[]"); // "Map<string, number>"
 */
export function arrayElementType(type: string): string | undefined {
  const text = type.trim().replace(/^readonly\s+/, "");
  const shape = maskLiterals(text);
  if (!isOneTerm(shape)) return undefined;
  const generic = /^(?:Readonly)?Array</.exec(shape);
  if (generic && shape.endsWith(">") && closingOf(shape, generic[0].length - 1) === shape.length - 1) return text.slice(generic[0].length, -1).trim();
  if (!shape.endsWith("[]") || closingOf(shape, shape.length - 2) !== shape.length - 1) return undefined;
  const element = text.slice(0, -2).trim();
  // `(A | B)[]`: the parentheses only group.
  return element.startsWith("(") && closingOf(maskLiterals(element), 0) === element.length - 1 ? element.slice(1, -1).trim() : element;
}

/** True when `text` (literals masked) has no `|`, `&` or `=>` outside brackets: one type, not a union or a function. */
function isOneTerm(text: string): boolean {
  let depth = 0;
  for (let at = 0; at < text.length; at++) {
    const char = text[at]!;
    if (char === "=" && text[at + 1] === ">" && depth === 0) return false;
    if ("<([{".includes(char)) depth++;
    else if (">)]}".includes(char) && !(char === ">" && text[at - 1] === "=")) depth--;
    else if ((char === "|" || char === "&") && depth === 0) return false;
  }
  return depth === 0;
}

/** The index of the bracket closing the one at `open` in `text` (literals masked), or -1. */
function closingOf(text: string, open: number): number {
  let depth = 0;
  for (let at = open; at < text.length; at++) {
    const char = text[at]!;
    if ("<([{".includes(char)) depth++;
    else if (">)]}".includes(char) && !(char === ">" && text[at - 1] === "=")) depth--;
    if (depth === 0) return at;
  }
  return -1;
}

/**
 * The type a declared `Promise<T>` resolves to (`T`), else the type itself, trimmed: what the
 * node holds. `Promise<A> | Promise<B>` is a union, not a promise, and is returned as it is.
 * @example awaitedTypeText("Promise<Map<string, number>>"); // "Map<string, number>"
 */
export function awaitedTypeText(type: string): string {
  const text = type.trim();
  return text.startsWith("Promise<") && closingOf(maskLiterals(text), "Promise".length) === text.length - 1 ? text.slice("Promise<".length, -1).trim() : text;
}

/**
 * The value type of `Record<string, T>` as written, else undefined.
 * @example recordValueType("Record<string, number>"); // "number"
 */
export function recordValueType(type: string): string | undefined {
  let text = type.trim();
  if (text.startsWith("Readonly<") && closingOf(maskLiterals(text), "Readonly".length) === text.length - 1) text = text.slice("Readonly<".length, -1).trim();
  if (!text.startsWith("Record<") || closingOf(maskLiterals(text), "Record".length) !== text.length - 1) return undefined;
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
  if (!isOneTerm(maskLiterals(text))) return undefined;
  if (arrayElementType(text) !== undefined || tupleMembers(text) !== undefined) return "list";
  if (/^(?:Readonly<)?Record</.test(text) || (text.startsWith("{") && text.endsWith("}"))) return "record";
  return undefined;
}
