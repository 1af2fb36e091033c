/**
 * The type of an external input several functions read: the one every consumer accepts, as
 * Hamilton keeps the tighter type when one consumer asks for a subset of another's union
 * (`create_input_node`/`types_match` in its graph.py). Read from the declared type texts, by
 * union members, without the TypeScript checker (the build does not load it): a member is
 * accepted by a type that lists it, and a literal by its primitive (`"a"` by `string`, `1` by
 * `number`). When no consumer's type is within all the others, the input takes the members
 * they share; when they share none and the members are surely disjoint (primitives, literals,
 * arrays, tuples, functions, well-known objects), the build fails. Anything the text cannot
 * decide (type aliases, interfaces, object literal types a primitive may satisfy, generics of
 * different arguments) keeps the first consumer's type, as before, and is left to the static
 * check (`withTypeCheck()`), which asks the checker.
 */
import { FuncflowError } from "../errors/index.ts";
import { describeSource, type NodeSpec } from "../graph/index.ts";
import { closingBracket, isSingleTerm, splitTopLevel, stringLiteralValue } from "../manifest/index.ts";

/** One function's parameter asking for an input. */
export interface InputUse {
  readonly type: string;
  readonly consumer: NodeSpec;
}

/** Types that accept anything: a consumer declaring them narrows nothing. */
const ANY_TYPE = new Set(["", "unknown", "any"]);
const PRIMITIVES = new Set(["number", "string", "boolean", "bigint", "symbol", "null", "undefined"]);
/** Names whose values are certainly objects, never primitives. */
const OBJECT_NAMES =
  /^(?:Date|Map|Set|WeakMap|WeakSet|Array|ReadonlyArray|Record|Promise|RegExp|Error|Vector|Table|RecordBatch|object|(?:Big)?(?:Int|Uint|Float)(?:8|16|32|64)(?:Clamped)?Array)(?:<.*>)?$/s;

/**
 * The input's type text: the narrowest of `uses`' types when one is within every other, else
 * the members all of them accept, else (when the texts cannot tell) the first typed use's type.
 * @throws FuncflowError `edge_type_mismatch` naming the input and every consumer with its type,
 *   when the types surely share no value.
 * @param membersCache union members by type text, shared by the inputs of one build: a large
 *   graph repeats a few type texts over thousands of inputs, and splitting them was most of the
 *   narrowing's time in a profile.
 * @example narrowInputType("a", [{ type: "number | string", consumer: f }, { type: "string", consumer: g }]); // "string"
 */
export function narrowInputType(name: string, uses: readonly InputUse[], membersCache: MembersCache = new Map()): string {
  const typed = uses.filter((use) => !ANY_TYPE.has(use.type.trim()));
  if (typed.length === 0) return uses[0]?.type ?? "unknown";
  const membersOf = (type: string) => {
    let members = membersCache.get(type);
    if (members === undefined && !membersCache.has(type)) membersCache.set(type, (members = readMembers(type)));
    return members;
  };
  let narrowed = membersOf(typed[0]!.type);
  let text = typed[0]!.type;
  for (const use of typed.slice(1)) {
    const members = membersOf(use.type);
    if (members === undefined) continue;
    if (narrowed === undefined) {
      [narrowed, text] = [members, use.type];
      continue;
    }
    if (narrowed.every((member) => accepts(members, member))) continue;
    if (members.every((member) => accepts(narrowed!, member))) {
      [narrowed, text] = [members, use.type];
      continue;
    }
    const shared = [...new Set([...narrowed.filter((member) => accepts(members, member)), ...members.filter((member) => accepts(narrowed!, member))])];
    if (shared.length > 0) [narrowed, text] = [shared, shared.join(" | ")];
    else if (surelyDisjoint(narrowed, members)) throw noCommonType(name, typed);
    // The texts cannot tell (an alias may name one of the other's members): keep what we have.
  }
  return text;
}

/** Union members by type text (undefined: the type accepts anything). */
export type MembersCache = Map<string, readonly string[] | undefined>;

/** The union members of a type text, spaces normalized; undefined for a type that accepts anything. */
function readMembers(type: string): readonly string[] | undefined {
  let text = type.trim();
  while (text.startsWith("(") && closingBracket(text, 0) === text.length - 1) text = text.slice(1, -1).trim();
  if (ANY_TYPE.has(text)) return undefined;
  const members = splitTopLevel(text, "|").map(canonicalMember);
  return members.some((member) => ANY_TYPE.has(member)) ? undefined : members;
}

/**
 * A member's text with spaces normalized and a literal written one way, so one literal in two
 * spellings (`'x'` and `"x"`, `1.0` and `1`, as two modules' formatters write them) is one member.
 */
function canonicalMember(member: string): string {
  const text = member.replace(/\s+/g, " ");
  const string = stringLiteralValue(text);
  if (string !== undefined) return JSON.stringify(string);
  if (NUMBER_LITERAL.test(text) && Number.isFinite(Number(text))) return String(Number(text));
  return text;
}

/** True when a type of these `members` surely accepts a value of type `member`. */
function accepts(members: readonly string[], member: string): boolean {
  if (members.includes(member) || members.includes(`readonly ${member}`)) return true;
  const base = primitiveOfLiteral(member);
  if (base !== undefined && members.includes(base)) return true;
  return member === "boolean" && members.includes("true") && members.includes("false");
}

/** The primitive a literal type belongs to (`"a"` → string, `1` → number), else undefined. */
function primitiveOfLiteral(member: string): string | undefined {
  if (member.startsWith("`") || stringLiteralValue(member) !== undefined) return "string";
  if (/^-?\d+n$/.test(member)) return "bigint";
  if (NUMBER_LITERAL.test(member)) return "number";
  if (member === "true" || member === "false") return "boolean";
  return undefined;
}

const NUMBER_LITERAL = /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

const isPrimitiveLike = (member: string) => PRIMITIVES.has(member) || primitiveOfLiteral(member) !== undefined;

/**
 * An array, tuple, function or well-known object type: never a primitive. Not an object
 * literal type: a primitive may have its members (`string` is a `{ length: number }`, anything
 * but null and undefined is a `{}`).
 */
function isObjectLike(member: string): boolean {
  const text = member.replace(/^readonly\s+/, "");
  if (isFunctionType(text)) return true;
  if (text.startsWith("[") && closingBracket(text, 0) === text.length - 1) return true;
  return text.endsWith("[]") || OBJECT_NAMES.test(text);
}

/** `(…) => R`, `<T>(…) => R` or `new (…) => R`. */
function isFunctionType(text: string): boolean {
  let at = text.startsWith("new ") ? 4 : 0;
  while (text[at] === " ") at++;
  if (text[at] === "<") at = closingBracket(text, at) + 1;
  while (text[at] === " ") at++;
  if (at === 0 && text[0] !== "(") return false;
  const close = text[at] === "(" ? closingBracket(text, at) : -1;
  return close > 0 && text.slice(close + 1).trimStart().startsWith("=>");
}

/**
 * True when no member of one can be a member of the other: two primitives or literals the
 * other does not accept, or a primitive and an object. Two objects may share a value (`[]` is
 * both a `number[]` and a `string[]`), and a name may be an alias of anything.
 */
function surelyDisjoint(left: readonly string[], right: readonly string[]): boolean {
  return left.every((a) =>
    right.every((b) => {
      if (isPrimitiveLike(a) && isPrimitiveLike(b)) return !accepts([a], b) && !accepts([b], a);
      return (isPrimitiveLike(a) && isObjectLike(b)) || (isObjectLike(a) && isPrimitiveLike(b));
    }),
  );
}

function noCommonType(name: string, uses: readonly InputUse[]): FuncflowError {
  const consumers = uses.map(({ type, consumer }) => ({ node: consumer.name, type, source: consumer.source === undefined ? undefined : describeSource(consumer.source) }));
  const lines = consumers.map((consumer) => `  ${consumer.node}(${name}) takes ${consumer.type}${consumer.source === undefined ? "" : ` (${consumer.source})`}`);
  return new FuncflowError(
    "edge_type_mismatch",
    `input "${name}": no one type fits every function that asks for it:\n${lines.join("\n")}\nDeclare types that share a value (the input takes the narrowest), or rename a parameter so the functions ask for different inputs.`,
    { input: name, node: consumers[0]!.node, neededBy: consumers.map((consumer) => consumer.node), details: { consumers } },
  );
}
