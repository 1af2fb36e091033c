/**
 * Two copies of funcflow in one process (two installed versions, `dist/` beside `src/`): the
 * src tree is copied and imported from its own URL, so every class and module-level value
 * exists twice. Modifiers made by one copy must be read by the other in both directions:
 * steps (with conditions and names), mutate targets, dependency specs, tags, config variants,
 * parameterize and checks.
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { fileURLToPath, pathToFileURL } from "node:url";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";

const scratch = fileURLToPath(new URL(`./tmp/copies-${randomUUID()}/`, import.meta.url));
const copyIndex = join(scratch, "copy", "src", "index.ts");
cpSync(fileURLToPath(new URL("../../src/", import.meta.url)), join(scratch, "copy", "src"), { recursive: true });
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A module taking some modifiers from `one` and the rest from `other` (import specifiers). */
function pipeline(one: string, other: string): URL {
  mkdirSync(scratch, { recursive: true });
  const file = join(scratch, `pipeline-${randomUUID().slice(0, 8)}.ts`);
  writeFileSync(
    file,
    `import * as a from ${JSON.stringify(one)};
import * as b from ${JSON.stringify(other)};
const add = (x: number, y: number): number => x + y;
export function base(seed: number): number { return seed; }
export function prices(seed: number): number { return seed * 10; }
export const piped = b.pipeOutput(a.step(add, a.value(1)).named("plusOne"), a.step(add, b.value(100)).when({ big: true }).named("plusHundred"), (base: number): number => base * 2);
export const fed = a.pipeInput(b.step(add, 5).named("plusFive"), (base: number): number => base);
export const rounded = b.mutate([a.applyTo(prices).when({ big: true }).named("halved")], (x: number): number => x / 2);
export const tagged = a.tag({ owner: "team" }, b.checkOutput({ range: [0, 1000], importance: "fail" }, (prices: number): number => prices + 1));
export const variant__on = b.configWhen({ big: true }, (base: number): string => "big " + base);
export const variant__off = a.configWhenNot({ big: true }, (base: number): string => "small " + base);
export const perRegion = a.parameterize({ usShare: { part: b.value(0.25) }, euShare: { part: a.value(0.75) } }, (prices: number, part: number): number => prices * part);
export const injected = b.inject({ items: a.group(b.source("base"), a.source("prices")) }, (items: number[]): number => items.reduce((x, y) => x + y, 0));
`,
  );
  return pathToFileURL(file);
}

const EXPECTED_BIG = { piped: 107, fed: 8, prices: 15, tagged: 16, variant: "big 3", usShare: 3.75, euShare: 11.25, injected: 18 };
const EXPECTED_SMALL = { piped: 7, fed: 8, prices: 30, tagged: 31, variant: "small 3", usShare: 7.5, euShare: 22.5, injected: 33 };

const copy = pathToFileURL(copyIndex).href;
const BUILDERS = [
  ["this copy's Builder", async () => Builder],
  ["the other copy's Builder", async () => ((await import(/* @vite-ignore */ copy)) as { Builder: typeof Builder }).Builder],
] as const;
const MIXES = [
  ["steps and targets from the copy, pipes and mutate from funcflow", copy, "funcflow"],
  ["steps and targets from funcflow, pipes and mutate from the copy", "funcflow", copy],
] as const;

describe.each(MIXES)("modifiers from two copies of funcflow: %s", (_, one, other) => {
  const module = pipeline(one, other);
  it.each(BUILDERS)("%s builds and runs the pipeline", async (__, builderOf) => {
    const Built = await builderOf();
    for (const [big, expected] of [[true, EXPECTED_BIG], [false, EXPECTED_SMALL]] as const) {
      const dr = await new Built().withModules(module).withManifestCache(false).withConfig({ big }).build();
      const outputs = Object.keys(expected);
      expect(await (dr as unknown as { execute(o: string[], x: object): Promise<unknown> }).execute(outputs, { inputs: { seed: 3 } }), `big: ${big}`).toEqual(expected);
    }
  });
});
