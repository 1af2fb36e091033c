/**
 * README.md's tour and "Use funcflow in your own project" steps, as a user copies them. The
 * snippets live in tests/fixtures/doc-snippets, beside the other docs snippets that import the same transforms module (so `tsc --noEmit`, part of npm test, type-checks
 * them with the typings `funcflow build` wrote there); this file checks that each fixture is
 * the README's snippet word for word, runs them, and runs the README's command lines
 * in-process through main().
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { captureOutput } from "../support/captured-output.ts";
import { main } from "../../src/cli/index.ts";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const fixture = (file: string) => new URL(`../fixtures/doc-snippets/${file}`, import.meta.url);
const fixturePath = (file: string) => `tests/fixtures/doc-snippets/${file}`;

/** The ```ts block (indented or not) whose first line is `// <file>`. */
function snippet(file: string): string {
  for (const match of readme.matchAll(/^( *)```ts\n([\s\S]*?)^\1```$/gm)) {
    const indent = match[1]!.length;
    const body = match[2]!.split("\n").map((line) => line.slice(indent)).join("\n");
    if (body.startsWith(`// ${file}`)) return body;
  }
  throw new Error(`README.md has no ts block starting with "// ${file}"`);
}

/** The README's `npx funcflow <command> …` line, split as a shell would (single quotes), without `npx funcflow`. */
function commandLine(command: string): string[] {
  const line = readme.split("\n").map((text) => text.trim()).find((text) => text.startsWith(`npx funcflow ${command} `));
  if (line === undefined) throw new Error(`README.md has no "npx funcflow ${command}" line`);
  return [...line.replace(/\s+#.*$/, "").matchAll(/(\S*?)'([^']*)'|(\S+)/g)].map((match) => match[3] ?? `${match[1]}${match[2]}`).slice(2);
}

const output = captureOutput();

/** The README's command for `command`, on the fixture module instead of src/transforms.ts. */
const cli = (command: string, ...extra: string[]) =>
  main(["node", "funcflow", ...commandLine(command).map((arg) => (arg === "src/transforms.ts" ? fixturePath("transforms.ts") : arg)), ...extra]);

describe("README.md, as a user copies it", () => {
  it.each([
    ["transforms.ts", "transforms.ts"],
    ["main.ts", "main.ts"],
    ["src/app.ts", "app.ts"],
  ])("tests/fixtures/doc-snippets holds the README's %s word for word", (name, file) => {
    expect(readFileSync(fixture(file), "utf8").startsWith(snippet(name))).toBe(true);
  });

  it("the tour's main.ts runs on its transforms.ts: spend per signup, and the US sales tax", async () => {
    const { spendPerSignup, salesTax } = (await import("../fixtures/doc-snippets/main.ts")) as { spendPerSignup: { toArray(): Float64Array }; salesTax: number };
    expect(Array.from(spendPerSignup.toArray())).toEqual([10, 1, 0.4, 0.4, 0.2, 0.125]);
    expect(salesTax).toBeCloseTo(120 * 0.07, 12);
  });

  it("`npx funcflow list` and `run … --input spend='[1,2,3]' --json` work on that module", async () => {
    expect(await cli("list")).toBe(0);
    expect(output.stdout).toMatch(/spend\s+input\s+Vector<Float64>/);
    output.stdout = "";
    // The edge type check is tests/cli's subject; here the value read from --input is.
    expect(await cli("run", "--no-type-check")).toBe(0);
    expect(JSON.parse(output.stdout).outputs).toEqual({ spendMean: 2 });
  });

  it("the typings app.ts imports are what `npx funcflow build` writes, and app.ts runs", async () => {
    expect(await cli("build", "--check")).toBe(0);
    const { spendMean } = (await import("../fixtures/doc-snippets/app.ts")) as { spendMean: number };
    expect(spendMean).toBe(2);
  });
});
