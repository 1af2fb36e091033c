/**
 * Reading the top level of a TypeScript type text as the manifest records it (written by hand,
 * so it may span lines and hold comments). One reader for every place that takes a type text
 * apart (union members for the CLI and run-time checks, tuple members for unpackFields, object
 * members for Table columns; with `<` read as a comparison, the explorer's cut of a function's
 * code): brackets `<>` `()` `[]` `{}` nest, the `>` of an arrow `=>`
 * closes nothing, and string, template literal and comment text is never read as structure,
 * so `"a|b"`, `` `x,${string}` `` and `(x: number) => string | undefined` stay whole.
 */

/** A character that separates the parts of a type text: union and intersection members, list items. */
export type TypeSeparator = "|" | "&" | "," | ";";

const CLOSER_OF: Readonly<Record<string, string>> = { "<": ">", "(": ")", "[": "]", "{": "}" };
/** On the bracket stack: the `}` ending a template literal's `${…}`, after which its text goes on. */
const SUBSTITUTION_END = "${";

/** How `walkCode` reads brackets. */
export interface WalkCodeOptions {
  /**
   * Whether `<` opens a bracket that `>` closes: true (the default) for type texts, false for
   * statements, where `a < b` compares.
   */
  readonly angleBrackets?: boolean;
  /**
   * Whether a `/` where an expression may start opens a regular expression literal, whose text
   * (`/[(]/`, `/"/`) is skipped like a string's: true for statements, false (the default) for
   * type texts, which hold none.
   */
  readonly regularExpressions?: boolean;
}

/** Keywords after which a `/` starts an expression (so a regular expression), not a division. */
const KEYWORDS_BEFORE_EXPRESSION = new Set(["return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else", "yield", "await", "extends"]);

/**
 * Calls `visit(index, depth)` for each character that is code (not inside a string literal, a
 * template literal's text or a comment) until it returns true; `depth` counts the brackets
 * around the character, not counting the character itself when it opens or closes one.
 * Returns the index where `visit` stopped, or -1. Regular expression literals are code unless
 * `regularExpressions` is set (see WalkCodeOptions).
 * @example const text = 'f("}") {'; walkCode(text, 0, (at, depth) => text[at] === "{" && depth === 0); // 7
 */
export function walkCode(text: string, from: number, visit: (index: number, depth: number) => boolean, { angleBrackets = true, regularExpressions = false }: WalkCodeOptions = {}): number {
  const stack: string[] = [];
  // The last character of the last token read (a literal's closing quote included), for telling
  // a regular expression's `/` from a division's.
  let tokenEnd = from - 1;
  let regularExpressionEnd = -1;
  for (let at = from; at < text.length; at++) {
    const char = text[at]!;
    const next = text[at + 1];
    if (char === '"' || char === "'") {
      at = tokenEnd = endOfString(text, at);
      continue;
    }
    if (char === "/" && (next === "/" || next === "*")) {
      at = next === "/" ? endOfLine(text, at) : endOfBlockComment(text, at);
      continue;
    }
    // A regular expression is an operand: a `/` right after one (`/a/ / 2`) divides.
    if (char === "/" && regularExpressions && tokenEnd !== regularExpressionEnd && startsExpression(text, tokenEnd, from)) {
      const end = endOfRegularExpression(text, at);
      if (end > at) {
        at = tokenEnd = regularExpressionEnd = end;
        continue;
      }
    }
    if (char === "`") {
      at = tokenEnd = templateText(text, at + 1, stack);
      continue;
    }
    if (char === "}" && stack[stack.length - 1] === SUBSTITUTION_END) {
      stack.pop();
      at = tokenEnd = templateText(text, at + 1, stack);
      continue;
    }
    if (char !== " " && char !== "\t" && char !== "\n" && char !== "\r") tokenEnd = at;
    const closer = CLOSER_OF[char];
    if (closer !== undefined && (angleBrackets || char !== "<")) {
      if (visit(at, stack.length)) return at;
      stack.push(closer);
      continue;
    }
    // The `>` of an arrow (`=>`) closes nothing; a closer that matches no opener is left as text.
    if (char === stack[stack.length - 1] && !(char === ">" && text[at - 1] === "=")) stack.pop();
    if (visit(at, stack.length)) return at;
  }
  return -1;
}

/**
 * Whether an expression may start after the token ending at `tokenEnd`, so that a `/` there opens
 * a regular expression (JavaScript's own rule, read from the token before instead of the grammar):
 * not after a name, a number, a literal or a closing bracket (`a / b`, `f(x) / 2`, `"s" / 1`),
 * but after an operator, an opening bracket, a separator or a keyword such as `return`. A `}`
 * counts as closing an object (`{…} / 2`), not a block; a statement starting with a regular
 * expression after a block is rare and reads as a division.
 */
function startsExpression(text: string, tokenEnd: number, from: number): boolean {
  if (tokenEnd < from) return true;
  const before = text[tokenEnd]!;
  if (")]}\"'`".includes(before)) return false;
  // `a++ / 2`: a postfix increment ends an operand.
  if ((before === "+" || before === "-") && text[tokenEnd - 1] === before) return false;
  if (!/[\w$]/.test(before)) return true;
  let start = tokenEnd;
  while (start > from && /[\w$]/.test(text[start - 1]!)) start--;
  return KEYWORDS_BEFORE_EXPRESSION.has(text.slice(start, tokenEnd + 1)) && (start === 0 || text[start - 1] !== ".");
}

/**
 * The index of the last flag (or the closing `/`) of the regular expression literal opened at
 * `open`, or `open` when no literal closes on its line (then the `/` was a division after all).
 */
function endOfRegularExpression(text: string, open: number): number {
  let inClass = false;
  for (let at = open + 1; at < text.length; at++) {
    const char = text[at]!;
    if (char === "\n" || char === "\r") return open;
    if (char === "\\") at++;
    else if (char === "[") inClass = true;
    else if (char === "]") inClass = false;
    else if (char === "/" && !inClass) {
      while (at + 1 < text.length && /[a-z]/i.test(text[at + 1]!)) at++;
      return at;
    }
  }
  return open;
}

/** The index of the quote closing the string literal opened at `open` (backslash escapes skipped). */
function endOfString(text: string, open: number): number {
  const quote = text[open];
  for (let at = open + 1; at < text.length; at++) {
    if (text[at] === "\\") at++;
    else if (text[at] === quote) return at;
  }
  return text.length;
}

function endOfLine(text: string, from: number): number {
  const end = text.indexOf("\n", from);
  return end < 0 ? text.length : end;
}

function endOfBlockComment(text: string, from: number): number {
  const end = text.indexOf("*/", from + 2);
  return end < 0 ? text.length : end + 1;
}

/**
 * Skips a template literal's text from `from`: returns the index of its closing backtick, or of
 * the `{` of a `${` (pushing the substitution on `stack`, so its `}` resumes the text).
 */
function templateText(text: string, from: number, stack: string[]): number {
  for (let at = from; at < text.length; at++) {
    if (text[at] === "\\") at++;
    else if (text[at] === "`") return at;
    else if (text[at] === "$" && text[at + 1] === "{") {
      stack.push(SUBSTITUTION_END);
      return at + 1;
    }
  }
  return text.length;
}

/**
 * The parts of `text` between its top-level `separator`s (those outside every bracket, string
 * and comment), trimmed, empty ones dropped (a leading `|` or a trailing `,` is allowed in
 * TypeScript). `|` and `&` follow TypeScript's precedence: the return type of a top-level arrow
 * takes the rest of the text (`(x: number) => string | undefined` is one type), a conditional
 * type (`A extends B ? C : D | E`) is one type, and a union is not split at `&`
 * (`A & B | C` has no top-level intersection). `,` and `;` split lists of types.
 * @example splitTopLevel('Map<string, number> | "a|b" | ((x: A) => B | C)', "|"); // ["Map<string, number>", '"a|b"', "((x: A) => B | C)"]
 * @example splitTopLevel("[a: number, (x: A) => B, C]".slice(1, -1), ","); // ["a: number", "(x: A) => B", "C"]
 */
export function splitTopLevel(text: string, separator: TypeSeparator): string[] {
  const cuts: number[] = [];
  let arrowAt = -1;
  let conditional = false;
  let union = false;
  walkCode(text, 0, (at, depth) => {
    if (depth !== 0) return false;
    const char = text[at]!;
    if (char === "=" && text[at + 1] === ">") {
      if (arrowAt < 0) arrowAt = at;
    } else if (char === "?") conditional = true;
    else if (char === separator && (arrowAt < 0 || separator === "," || separator === ";")) cuts.push(at);
    else if (char === "|" && arrowAt < 0) union = true;
    return false;
  });
  const binary = separator === "|" || separator === "&";
  // A conditional type or a union is one type to an intersection split (and a conditional to a union split).
  if (binary && (conditional || (separator === "&" && union))) cuts.length = 0;
  const parts: string[] = [];
  let start = 0;
  for (const cut of cuts) {
    parts.push(text.slice(start, cut).trim());
    start = cut + 1;
  }
  parts.push(text.slice(start).trim());
  return parts.filter((part) => part !== "");
}

/**
 * The index of the bracket closing the one at `open` (`<`, `(`, `[` or `{`), or -1 when the
 * character there opens nothing or never closes.
 * @example closingBracket("Array<() => void>[]", 5); // 16
 */
export function closingBracket(text: string, open: number): number {
  if (CLOSER_OF[text[open] ?? ""] === undefined) return -1;
  return walkCode(text, open, (at, depth) => at > open && depth === 0 && ">)]}".includes(text[at]!));
}

/**
 * True when `text` is one type term: no top-level union, intersection, arrow or conditional
 * type (`A[]` and `Map<K, V>` are; `A | B[]`, `() => A[]` and `A & B` are not).
 * @example isSingleTerm("Array<() => void>"); // true
 */
export function isSingleTerm(text: string): boolean {
  const stop = walkCode(text, 0, (at, depth) => depth === 0 && (text[at] === "|" || text[at] === "&" || text[at] === "?" || (text[at] === "=" && text[at + 1] === ">")));
  return stop < 0;
}
