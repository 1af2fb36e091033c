/**
 * The scanner's hand-tuned trivia readers against TypeScript's own: `startOf` must be
 * `node.getStart` for every node, and `readLeadingDoc` must find the comment TypeScript's
 * `getLeadingCommentRanges` attaches, whatever whitespace, comments, conflict markers or
 * Unicode spaces come before a statement.
 */
import fc from "fast-check";
import { ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import { parseModule, startOf } from "../../src/scanner/parse-module.ts";
import { readLeadingDoc, readLeadingDocWithTypeScript } from "../../src/scanner/read-doc-summary.ts";

/** Pieces of trivia, including the ones the fast paths hand to TypeScript. */
const trivia = fc.constantFrom(
  " ",
  "\t",
  "\n",
  "\r\n",
  "\r",
  "\v",
  "\f",
  "\u00a0",
  "\u2028",
  "// line comment",
  "// ends at CR\r",
  "/* block */",
  "/**/",
  "/***/",
  "/** Doc summary. */",
  "/**\n * Two-line\n * summary.\n * @param x the input\n */",
  "/** é ünïcode */",
  "\n<<<<<<< HEAD\n",
  "\n=======\n",
  "\n>>>>>>> branch\n",
);

/** Statements whose tokens include `=`, `<`, `>`, `|`, `#`, `/` (division and regular expressions). */
const statement = fc.constantFrom(
  "export const f = (a: number): number => a === 1 ? a / 2 : a >= 3 ? a : a << 1;",
  "export function g(x: string | number): boolean { return /a b/.test(String(x)) || x !== 2; }",
  "export class C { #secret = 1; get value(): number { return this.#secret > 0 ? 1 : 0; } }",
  "export const h = <T,>(items: T[]): T | undefined => items[0];",
  "export const k = (a: number) => a /* inline */ + /** doc-like */ 2;",
);

const source = fc.tuple(fc.array(fc.tuple(fc.array(trivia, { maxLength: 6 }), statement), { minLength: 1, maxLength: 4 }), fc.array(trivia, { maxLength: 4 })).map(
  ([parts, tail]) => parts.map(([before, code]) => before.join("") + code).join("") + tail.join(""),
);

function allNodes(sourceFile: ts.SourceFile): ts.Node[] {
  const nodes: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    nodes.push(node);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sourceFile, visit);
  return nodes;
}

describe("scanner trivia readers agree with TypeScript", () => {
  it("startOf(node) is node.getStart() for every node of any source", () => {
    fc.assert(
      fc.property(source, (text) => {
        const { sourceFile } = parseModule(text, "m.ts");
        for (const node of allNodes(sourceFile)) expect(startOf(node, sourceFile), `${ts.SyntaxKind[node.kind]} at ${node.pos}`).toBe(node.getStart(sourceFile));
      }),
      { numRuns: 300 },
    );
  });

  it("readLeadingDoc finds the doc comment and start TypeScript's comment reading finds", () => {
    fc.assert(
      fc.property(source, (text) => {
        const { sourceFile } = parseModule(text, "m.ts");
        for (const node of sourceFile.statements) expect(readLeadingDoc(node, sourceFile)).toEqual(readLeadingDocWithTypeScript(node, sourceFile));
      }),
      { numRuns: 300 },
    );
  });

  it("a comment on the line the previous statement ends on is not the next one's doc", () => {
    const text = "export const a = 1; /** a's note */\n/** Doc of b. */\nexport const b = 2; /** trailing */\nexport const c = 3;\n/** first */ /** second */ export const d = 4;";
    const { sourceFile } = parseModule(text, "m.ts");
    expect(sourceFile.statements.map((node) => readLeadingDoc(node, sourceFile).doc)).toEqual([undefined, "Doc of b.", undefined, "second"]);
  });
});
