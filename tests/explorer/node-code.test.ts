/**
 * The explorer shows each node's code cut from its module: from its line (and JSDoc) to where its
 * brackets balance, with brackets in strings, template literals, comments and regular expression
 * literals, and `<` comparisons, read as text, so a body holding them is shown whole and alone.
 * A property writes random bodies (checked to be valid TypeScript) and reads each back exactly.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { buildExplorerModel } from "funcflow/explorer";
import { NodeCodeReader } from "../../src/explorer/node-code.ts";

const dir = mkdtempSync(join(tmpdir(), "funcflow-node-code-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BRACES = `/** Brackets in text. */
export function braces(a: number): string {
  if (a < 2) return "}"; // a stray ) here
  return \`{\${a}]\` + '(' + /* ] */ "x";
}`;
const NEXT = `export function next(braces: string): number {
  return braces.length;
}`;

describe("the explorer's code of a node", () => {
  it("is its whole declaration when its body holds brackets in strings, comments and comparisons", async () => {
    const file = join(dir, "pipeline.ts");
    writeFileSync(file, `${BRACES}\n${NEXT}\n`);
    const driver = await new Builder().withModules(file).withManifestCache(false).build();
    const model = buildExplorerModel(driver.listNodes());
    const codeOf = (name: string) => model.codes[model.nodes.find((node) => node.name === name)!.code!];
    expect(codeOf("braces")).toBe(BRACES);
    expect(codeOf("next")).toBe(NEXT);
  });
});

/** Text pieces that unbalance a reader taking them as code: brackets, quotes, slashes. */
const TRICKY = fc.constantFrom("(", ")", "[", "]", "{", "}", '"', "'", "`", "/", "*", "\\", "a", " ", "$");
const tricky = fc.array(TRICKY, { maxLength: 5 }).map((chars) => chars.join(""));

/** Valid pieces of a regular expression's body, many holding what would be a bracket or a quote as code. */
const REGEX_PIECES = ["a", "\\(", "\\)", "[(]", "[)]", "[{}]", "\\{", "\\}", '"', "'", "`", "\\/", "[/]", "[\\]]", "\\d+", "(a|b)", "x*", "[[(]", "$", "[*]", "\\["];
const regex = fc
  .tuple(fc.array(fc.constantFrom(...REGEX_PIECES), { minLength: 1, maxLength: 4 }), fc.constantFrom("", "g", "i", "gi"))
  .map(([pieces, flags]) => `/${pieces.join("")}/${flags}`);
const stringLiteral = fc.oneof(
  tricky.map((text) => JSON.stringify(text)),
  tricky.map((text) => `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`),
);

const expression: fc.Arbitrary<string> = fc.letrec<{ expression: string }>((tie) => ({
  expression: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom("a", "b", "2", "s.length", "arr[0]"),
    stringLiteral,
    regex,
    regex.map((re) => `${re}.test(s)`),
    fc.tuple(tricky, tie("expression")).map(([text, inner]) => `\`${text.replaceAll("\\", "\\\\").replaceAll("`", "\\`").replaceAll("$", "\\$")}\${${inner}}\``),
    fc.tuple(tie("expression"), fc.constantFrom("a", "2", "(b)", "arr[1]")).map(([left, right]) => `(${left}) / ${right}`),
    fc.tuple(fc.constantFrom("a", "b", "arr[0]", "(a + 1)"), fc.constantFrom("b", "2")).map(([left, right]) => `${left} / ${right} / 2`),
    fc.tuple(tie("expression"), tie("expression")).map(([first, second]) => `f(${first}, ${second})`),
    fc.tuple(tie("expression"), tie("expression")).map(([first, second]) => `[${first}, { key: ${second} }]`),
    tie("expression").map((inner) => `typeof ${inner} === "string"`),
  ),
})).expression;

const statement = fc.oneof(
  expression.map((value) => `const v = ${value};`),
  fc.tuple(expression, expression).map(([test, value]) => `if (${test}) {\n    return ${value};\n  }`),
  regex.map((re) => `return s.replace(${re}, "(") + ${re}.source;`),
  regex.map((re) => `if (s) return ${re}.exec(s);`),
  tricky.map((text) => `// ${text}`),
  tricky.map((text) => `/* ${text.replaceAll("*/", "* /")} */ f(a, b);`),
);

/** A function declaration whose body holds `statements`, each in its own block so names never clash. */
const declaration = (statements: readonly string[]) =>
  `/** Generated. */\nexport function generated(a: number, b: number, s: string, arr: number[], f: (...args: unknown[]) => unknown): unknown {\n${statements.map((line) => `  {\n  ${line}\n  }`).join("\n")}\n  return a;\n}`;

describe("the explorer's code of a node, for random bodies", () => {
  it("property: bodies with regular expressions, strings, templates and comments give the exact function text", async () => {
    const { ts } = await import("ts-morph");
    let run = 0;
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 6 }), (statements) => {
        const first = declaration(statements);
        const text = `${first}\n${NEXT}\n`;
        // The generator writes valid TypeScript: a slip there would make the check meaningless.
        const { diagnostics } = ts.transpileModule(text, { reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022 } });
        expect(diagnostics?.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")) ?? [], text).toEqual([]);
        const module = `random-${run++}.ts`;
        writeFileSync(join(dir, module), text);
        const reader = new NodeCodeReader(dir);
        expect(reader.codeAt(module, 2), text).toBe(first);
        expect(reader.codeAt(module, first.split("\n").length + 1)).toBe(NEXT);
      }),
      { numRuns: 300 },
    );
  });
});
