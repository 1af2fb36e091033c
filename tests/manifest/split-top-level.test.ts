/**
 * splitTopLevel, closingBracket and isSingleTerm: the one reader of type texts' top level. A
 * property prints random type trees the way TypeScript would need them parenthesized and reads
 * the printed members back; the table pins the texts the old per-site splitters got wrong.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { closingBracket, isSingleTerm, splitTopLevel, stringLiteralValue, walkCode } from "../../src/manifest/index.ts";

type TypeTree =
  | { readonly kind: "name"; readonly name: string }
  | { readonly kind: "string"; readonly value: string; readonly quote: '"' | "'" }
  | { readonly kind: "template"; readonly head: string; readonly spans: readonly { readonly type: TypeTree; readonly text: string }[] }
  | { readonly kind: "generic"; readonly name: string; readonly args: readonly TypeTree[] }
  | { readonly kind: "array"; readonly element: TypeTree }
  | { readonly kind: "tuple"; readonly members: readonly TypeTree[] }
  | { readonly kind: "object"; readonly fields: readonly (readonly [string, TypeTree])[] }
  | { readonly kind: "arrow"; readonly params: readonly TypeTree[]; readonly result: TypeTree }
  | { readonly kind: "union" | "intersection"; readonly members: readonly TypeTree[] }
  | { readonly kind: "conditional"; readonly check: TypeTree; readonly extendsType: TypeTree; readonly whenTrue: TypeTree; readonly whenFalse: TypeTree };

/** Characters that would fool a splitter counting brackets in literal text. */
const TRICKY = fc.constantFrom("a", "|", ",", ";", "&", "<", ">", "(", ")", "[", "]", "{", "}", "=>", "?", ":", " ", '"', "'", "\\", "/", "$");

const typeTree = fc.letrec<{ type: TypeTree }>((tie) => {
  const type = tie("type");
  const list = (min: number) => fc.array(type, { minLength: min, maxLength: 3 });
  return {
    type: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.record({ kind: fc.constant("name" as const), name: fc.constantFrom("number", "string", "Foo", "Float64", "null", "undefined", "readonly string[]") }),
      fc.record({ kind: fc.constant("string" as const), value: fc.array(TRICKY, { maxLength: 5 }).map((chars) => chars.join("")), quote: fc.constantFrom('"' as const, "'" as const) }),
      fc.record({
        kind: fc.constant("template" as const),
        head: fc.array(TRICKY, { maxLength: 3 }).map((chars) => chars.join("")),
        spans: fc.array(fc.record({ type, text: fc.array(TRICKY, { maxLength: 3 }).map((chars) => chars.join("")) }), { maxLength: 2 }),
      }),
      fc.record({ kind: fc.constant("generic" as const), name: fc.constantFrom("Map", "Vector", "Array", "Promise"), args: list(1) }),
      fc.record({ kind: fc.constant("array" as const), element: type }),
      fc.record({ kind: fc.constant("tuple" as const), members: list(0) }),
      fc.record({ kind: fc.constant("object" as const), fields: fc.array(fc.tuple(fc.constantFrom("a", "b?", '"x|y"', "'p,q'"), type), { maxLength: 3 }) }),
      fc.record({ kind: fc.constant("arrow" as const), params: list(0), result: type }),
      fc.record({ kind: fc.constantFrom("union" as const, "intersection" as const), members: list(2) }),
      fc.record({ kind: fc.constant("conditional" as const), check: type, extendsType: type, whenTrue: type, whenFalse: type }),
    ),
  };
}).type;

/** Precedence as TypeScript parses it: arrows and conditionals bind loosest, then unions, intersections, then terms. */
const LEVEL = { loosest: 0, union: 1, intersection: 2, term: 3 } as const;

function levelOf(type: TypeTree): number {
  if (type.kind === "arrow" || type.kind === "conditional") return LEVEL.loosest;
  if (type.kind === "union") return LEVEL.union;
  if (type.kind === "intersection") return LEVEL.intersection;
  return LEVEL.term;
}

/** The tree as text, parenthesized where it sits somewhere needing at least `level`. */
function print(type: TypeTree, level: number = LEVEL.loosest): string {
  const text = printBare(type);
  return levelOf(type) < level ? `(${text})` : text;
}

function printBare(type: TypeTree): string {
  switch (type.kind) {
    case "name":
      return type.name;
    case "string":
      return `${type.quote}${type.value.replace(/\\/g, "\\\\").split(type.quote).join(`\\${type.quote}`)}${type.quote}`;
    case "template": {
      const text = (raw: string) => raw.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$/g, "\\$");
      return `\`${text(type.head)}${type.spans.map((span) => `\${${print(span.type)}}${text(span.text)}`).join("")}\``;
    }
    case "generic":
      return `${type.name}<${type.args.map((arg) => print(arg)).join(", ")}>`;
    case "array":
      return `${print(type.element, LEVEL.term)}[]`;
    case "tuple":
      return `[${type.members.map((member) => print(member)).join(", ")}]`;
    case "object":
      return `{ ${type.fields.map(([name, field]) => `${name}: ${print(field)}`).join("; ")} }`;
    case "arrow":
      return `(${type.params.map((param, index) => `p${index}: ${print(param)}`).join(", ")}) => ${print(type.result)}`;
    case "union":
      return type.members.map((member) => print(member, LEVEL.intersection)).join(" | ");
    case "intersection":
      return type.members.map((member) => print(member, LEVEL.term)).join(" & ");
    case "conditional":
      return `${print(type.check, LEVEL.term)} extends ${print(type.extendsType, LEVEL.term)} ? ${print(type.whenTrue)} : ${print(type.whenFalse)}`;
  }
}

describe("splitTopLevel over random printed types", () => {
  it("a printed union splits into its printed members, with or without a leading `|` and line breaks", () => {
    fc.assert(
      fc.property(fc.array(typeTree, { minLength: 2, maxLength: 4 }), fc.constantFrom(" | ", "\n  | ", "|"), fc.boolean(), (members, joiner, leading) => {
        const printed = members.map((member) => print(member, LEVEL.intersection));
        const text = (leading ? joiner.trimEnd() + " " : "") + printed.join(joiner);
        expect(splitTopLevel(text, "|")).toEqual(printed);
      }),
    );
  });

  it("a printed intersection splits into its members", () => {
    fc.assert(
      fc.property(fc.array(typeTree, { minLength: 2, maxLength: 4 }), (members) => {
        const printed = members.map((member) => print(member, LEVEL.term));
        expect(splitTopLevel(printed.join(" & "), "&")).toEqual(printed);
      }),
    );
  });

  it("a tuple's and an object's insides split into their members", () => {
    fc.assert(
      fc.property(fc.array(typeTree, { maxLength: 4 }), (members) => {
        const printed = members.map((member) => print(member));
        expect(splitTopLevel(printed.join(", "), ",")).toEqual(printed);
        const fields = printed.map((member, index) => `f${index}: ${member}`);
        expect(splitTopLevel(fields.join("; "), ";")).toEqual(fields);
      }),
    );
  });

  it("a type that is no union is one member; one that is no term is no single term", () => {
    fc.assert(
      fc.property(typeTree, (type) => {
        const text = print(type);
        if (type.kind !== "union") expect(splitTopLevel(text, "|")).toEqual([text]);
        if (type.kind !== "intersection") expect(splitTopLevel(text, "&")).toEqual([text]);
        expect(isSingleTerm(text)).toBe(levelOf(type) === LEVEL.term);
      }),
    );
  });

  it("a generic's `<` closes at its end, whatever its arguments hold", () => {
    fc.assert(
      fc.property(fc.array(typeTree, { minLength: 1, maxLength: 3 }), (args) => {
        const text = `Map<${args.map((arg) => print(arg)).join(", ")}>`;
        expect(closingBracket(text, 3)).toBe(text.length - 1);
        expect(closingBracket(`(${text})[]`, 0)).toBe(text.length + 1);
      }),
    );
  });
});

describe("splitTopLevel on texts the per-site splitters misread", () => {
  it.each([
    ["(x: number) => string | undefined", "|", ["(x: number) => string | undefined"]],
    ['"a|b" | "c"', "|", ['"a|b"', '"c"']],
    ["Array<() => void> | null", "|", ["Array<() => void>", "null"]],
    ["`a|${string}` | 'b'", "|", ["`a|${string}`", "'b'"]],
    ['"a\\\\" | "b"', "|", ['"a\\\\"', '"b"']],
    ["A & B | C", "&", ["A & B | C"]],
    ["A extends B ? C : D | E", "|", ["A extends B ? C : D | E"]],
    ["(a: A) => B, C", ",", ["(a: A) => B", "C"]],
    ["{\n  // don't split here | or here\n  a: number }", "|", ["{\n  // don't split here | or here\n  a: number }"]],
    // The JSDoc examples.
    ['Map<string, number> | "a|b" | ((x: A) => B | C)', "|", ["Map<string, number>", '"a|b"', "((x: A) => B | C)"]],
    ["a: number, (x: A) => B, C", ",", ["a: number", "(x: A) => B", "C"]],
  ] as const)("%j split at %s", (text, separator, parts) => {
    expect(splitTopLevel(text, separator)).toEqual(parts);
  });

  it("closingBracket is -1 for what opens nothing or never closes", () => {
    expect(closingBracket("Map<string", 3)).toBe(-1);
    expect(closingBracket("number", 0)).toBe(-1);
    expect(closingBracket("Array<() => void>[]", 5)).toBe(16);
    expect(isSingleTerm("Array<() => void>")).toBe(true);
    expect(isSingleTerm("() => A[]")).toBe(false);
  });
});

describe("stringLiteralValue", () => {
  it.each([
    ['"C:\\\\"', "C:\\"],
    ["'it\\'s'", "it's"],
    ["'say \"hi\"'", 'say "hi"'],
    ["`plain`", "plain"],
    ["`id-${number}`", undefined],
    ["number", undefined],
    ['"', undefined],
  ])("%s stands for %j", (text, value) => expect(stringLiteralValue(text)).toBe(value));
});

describe("walkCode over statements (regularExpressions)", () => {
  /** The brackets walkCode reads as code in `text`, with their depths. */
  const brackets = (text: string) => {
    const seen: string[] = [];
    walkCode(
      text,
      0,
      (at, depth) => {
        if ("()[]{}".includes(text[at]!)) seen.push(`${text[at]}${depth}`);
        return false;
      },
      { angleBrackets: false, regularExpressions: true },
    );
    return seen.join(" ");
  };
  it.each([
    ["x = /[(]/; (y)", "(0 )0"],
    ['if (/"/.test(s)) { t }', "(0 (1 )1 )0 {0 }0"],
    ["return /\\)/g.exec(s)", "(0 )0"],
    ["f(a / (b) / [c])", "(0 (1 )1 [1 ]1 )0"],
    ["x = (a) / (b) / 2", "(0 )0 (0 )0"],
    ["x = arr[0] / (n) / 2", "[0 ]0 (0 )0"],
    ['x = "s" / (n) / 2', "(0 )0"],
    ["x = /a/ / (n) / 2", "(0 )0"],
    ["x = a++ / (n) / 2", "(0 )0"],
    ["x = `${/[{]/.source}` + (y)", "(0 )0"],
    ["x = y.return / (n) / 2", "(0 )0"],
    ["x = a / b; y = (c)", "(0 )0"],
    ["// a / ( comment\n(z)", "(0 )0"],
  ])("%s reads the brackets %s", (text, expected) => expect(brackets(text)).toBe(expected));

  it("reads a regular expression's brackets as code when regularExpressions is off (type texts)", () => {
    const seen: string[] = [];
    walkCode("/[(]/", 0, (at) => {
      if ("([".includes("/[(]/"[at]!)) seen.push("/[(]/"[at]!);
      return false;
    });
    expect(seen).toEqual(["[", "("]);
  });
});
