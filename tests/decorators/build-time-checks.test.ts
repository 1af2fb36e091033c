/**
 * Modifier options that cannot work with the function they wrap fail the build with
 * `invalid_modifier` naming the culprit, table-driven: one generated module per mistake, and
 * the same module with the mistake fixed must build (so each check can fail).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { rejection } from "../support/caught.ts";

const SUB = new URL("../fixtures/modules/robust/sub.ts", import.meta.url).href;
const HEADER = `import { extractFields, unpackFields, inject, group, source, value, configuration, schema, subdag } from "funcflow";\nexport function a(x: number): number { return x; }\nexport function b(x: number): number { return x * 2; }\n`;

/** [what, wrong source, fixed source, words the error must contain]. */
const CASES: readonly [string, string, string, string][] = [
  [
    "extractFields on a function returning number",
    `export const stats = extractFields(["mean"], (a: number): number => a);`,
    `export const stats = extractFields(["mean"], (a: number): { mean: number } => ({ mean: a }));`,
    `"stats" is declared to return number`,
  ],
  [
    "unpackFields with more names than the tuple type",
    `export const pair = unpackFields(["low", "high", "mid"], (a: number): [number, number] => [a, a]);`,
    `export const pair = unpackFields(["low", "high"], (a: number): [number, number] => [a, a]);`,
    `returns a tuple of 2`,
  ],
  [
    "group() into a parameter declared as a number",
    `export const total = inject({ parts: group(source("a"), source("b")) }, (parts: number): number => parts);`,
    `export const total = inject({ parts: group(source("a"), source("b")) }, (parts: number[]): number => parts[0]! + parts[1]!);`,
    `a group is a list`,
  ],
  [
    "schema on a function returning a number",
    `export const table = schema({ amount: "float64" }, (a: number): number => a);`,
    `export const table = schema({ amount: "float64" }, (a: number): { amount: number[] } => ({ amount: [a] }));`,
    `which has no columns`,
  ],
  [
    "subdag config and inputs sharing a name",
    `export const sd = subdag({ modules: [new URL("${SUB}")], inputs: { raw: source("a") }, config: { raw: 2, factor: 3 } }, (scaled: number): number => scaled);`,
    `export const sd = subdag({ modules: [new URL("${SUB}")], inputs: { raw: source("a") }, config: { factor: 3 } }, (scaled: number): number => scaled);`,
    `given both in inputs and in config`,
  ],
  [
    "subdag config reading a config key that is not set",
    `export const sd = subdag({ modules: [new URL("${SUB}")], inputs: { raw: source("a") }, config: { factor: configuration("nosuch") } }, (scaled: number): number => scaled);`,
    `export const sd = subdag({ modules: [new URL("${SUB}")], inputs: { raw: source("a") }, config: { factor: configuration("scale") } }, (scaled: number): number => scaled);`,
    `reads config key "nosuch", which the config does not set`,
  ],
  [
    "subdag config as source()",
    `export const sd = subdag({ modules: [new URL("${SUB}")], inputs: { raw: source("a") }, config: { factor: source("b") } }, (scaled: number): number => scaled);`,
    `export const sd = subdag({ modules: [new URL("${SUB}")], inputs: { raw: source("a") }, config: { factor: value(3) } }, (scaled: number): number => scaled);`,
    `cannot read a node`,
  ],
];

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "funcflow-build-checks-"));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

const buildSource = async (name: string, text: string) => {
  const file = join(scratch, `${name}.ts`);
  await writeFile(file, HEADER + text + "\n");
  return new Builder().withModules(file).withConfig({ scale: 3 }).withManifestCache(false).build();
};

describe("build-time validation of modifier options", () => {
  it.each(CASES.map(([what, wrong, fixed, words], index) => ({ what, wrong, fixed, words, index })))("$what", async ({ wrong, fixed, words, index }) => {
    const error = await rejection(buildSource(`wrong-${index}`, wrong));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain(words);
    await expect(buildSource(`fixed-${index}`, fixed)).resolves.toBeDefined();
  });

  it("subdag config given as value(…) or configuration(…) is resolved, not passed through as a spec", async () => {
    for (const [index, factor] of [`value(3)`, `configuration("scale")`].entries()) {
      const dr = await buildSource(`resolved-${index}`, `export const sd = subdag({ modules: [new URL("${SUB}")], inputs: { raw: source("a") }, config: { factor: ${factor} } }, (scaled: number): number => scaled);`);
      expect(await dr.execute(["sd"], { inputs: { x: 2 } })).toEqual({ sd: 6 });
    }
  });
});
