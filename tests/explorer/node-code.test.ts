/**
 * The explorer shows each node's code cut from its module: from its line (and JSDoc) to where its
 * brackets balance, with brackets in strings, template literals and comments, and `<`
 * comparisons, read as text, so a body holding them is shown whole and alone.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { buildExplorerModel } from "funcflow/explorer";

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
