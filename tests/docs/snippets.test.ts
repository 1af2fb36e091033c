/**
 * Every TypeScript snippet in docs/*.md and README.md type-checks: each ```ts block has a copy in
 * tests/fixtures/doc-snippets/<doc>-<n>.ts, below a preamble declaring the names it takes from
 * its context, and `tsc --noEmit` (npm test) checks those files. This test keeps the copies
 * verbatim, so a doc edit that breaks a snippet breaks the type check. A `// @ts-expect-error`
 * line in a copy marks a line the doc says does not compile, so tsc checks that claim too.
 * (README.md's tour and own-project snippets also run, in tests/docs/readme.test.ts.)
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const docs = new URL("../../docs/", import.meta.url);
const fixtures = new URL("../fixtures/doc-snippets/", import.meta.url);

/** Blocks that are not TypeScript one could compile, and why. */
const NOT_CODE: Readonly<Record<string, string>> = {
  "modifiers-1": "Python and TypeScript side by side",
  "serve-2": "function bodies elided as …",
  "README-1": "run, with README-2 and README-4, in tests/docs/readme.test.ts",
  "README-2": "run in tests/docs/readme.test.ts",
  "README-4": "run in tests/docs/readme.test.ts",
  "README-5": "function bodies elided as …",
};

const markdown = [...readdirSync(docs).filter((file) => file.endsWith(".md")).map((file) => new URL(file, docs)), new URL("../../README.md", import.meta.url)];
const blocks = markdown
  .flatMap((url) =>
    [...readFileSync(url, "utf8").matchAll(/^( *)```ts\n([\s\S]*?)^\1```$/gm)].map((match, index) => ({
      id: `${url.pathname.split("/").at(-1)!.replace(/\.md$/, "")}-${index + 1}`,
      code: match[2]!,
    })),
  )
  .filter((block) => !(block.id in NOT_CODE));

/** The text without its `// @ts-expect-error` lines (a copy may add them; README-7 has its own). */
const withoutExpectErrors = (text: string) =>
  text
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("// @ts-expect-error"))
    .join("\n");

describe("TypeScript snippets of docs/*.md and README.md", () => {
  it("there are snippets to check", () => {
    expect(blocks.length).toBeGreaterThan(10);
  });

  it.each(blocks)("$id is copied verbatim into tests/fixtures/doc-snippets, where tsc checks it", ({ id, code }) => {
    const file = new URL(`${id}.ts`, fixtures);
    expect(existsSync(file), `add ${id}.ts: a preamble, "// snippet", then the block`).toBe(true);
    const copy = readFileSync(file, "utf8").split("// snippet\n")[1]!;
    expect(withoutExpectErrors(copy)).toBe(withoutExpectErrors(code));
  });
});
