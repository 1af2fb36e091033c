/**
 * Pipe steps (`pipeInput`, `pipeOutput`, `mutate`) are nodes named `<namespace>.<step>`; a name
 * that collides with another step, the function's own node, its `.raw` node, a field or the
 * value a step pipes fails the build naming both, table-driven: one generated module per
 * collision, and the same module with the collision removed must build (so each check can fail).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { rejection } from "../support/caught.ts";

const HEADER = `import { applyTo, extractFields, mutate, pipeInput, pipeOutput, step } from "funcflow";\nconst round = (x: number) => Math.round(x);\n`;

/** [what, colliding source, fixed source, words the error must contain (both culprits)]. */
const CASES: readonly [string, string, string, readonly string[]][] = [
  [
    "two functions' output pipes in one namespace",
    `export const a = pipeOutput({ namespace: "shared" }, step(round), (x: number): number => x * 2);\nexport const b = pipeOutput({ namespace: "shared" }, step(round), (x: number): number => x * 3);`,
    `export const a = pipeOutput({ namespace: "shared" }, step(round), (x: number): number => x * 2);\nexport const b = pipeOutput({ namespace: "other" }, step(round), (x: number): number => x * 3);`,
    [`Node "shared.with_round" is made twice`, `a pipe step of`, `:3 (a)`, `:4 (b)`, `give one pipe another namespace`],
  ],
  [
    "a step without namespace named like another function's node",
    `export const a = pipeOutput({ namespace: null }, step(round), (x: number): number => x * 2);\nexport function with_round(x: number): number { return x; }`,
    `export const a = pipeOutput(step(round), (x: number): number => x * 2);\nexport function with_round(x: number): number { return x; }`,
    [`Node "with_round" is made twice`, `a pipe step of`, `:3 (a)`, `:4 (with_round)`],
  ],
  [
    "two input pipes without namespace",
    `export const a = pipeInput({ namespace: null }, step(round), (x: number): number => x * 2);\nexport const b = pipeInput({ namespace: null }, step(round), (x: number): number => x * 3);`,
    `export const a = pipeInput(step(round), (x: number): number => x * 2);\nexport const b = pipeInput(step(round), (x: number): number => x * 3);`,
    [`Node "with_round" is made twice`, `:3 (a)`, `:4 (b)`],
  ],
  [
    "a step named like another function",
    `export const a = pipeInput(step(round).named("b", null), (x: number): number => x * 2);\nexport function b(y: number): number { return y; }`,
    `export const a = pipeInput(step(round).named("rounded", null), (x: number): number => x * 2);\nexport function b(y: number): number { return y; }`,
    [`Node "b" is made twice`, `a pipe step of`, `:3 (a)`, `:4 (b)`],
  ],
  [
    "a namespace that makes another pipe's raw node",
    `export const a = pipeOutput({ namespace: "b" }, step(round).named("raw"), (x: number): number => x * 2);\nexport const b = pipeOutput(step(round), (x: number): number => x * 2);`,
    `export const a = pipeOutput({ namespace: "b" }, step(round).named("rounded"), (x: number): number => x * 2);\nexport const b = pipeOutput(step(round), (x: number): number => x * 2);`,
    [`Node "b.raw" is made twice`, `the raw output of the pipe on`, `:4 (b)`, `:3 (a)`],
  ],
  [
    "a step named like the value it pipes",
    `export const a = pipeInput(step(round).named("x", null), (x: number): number => x * 2);`,
    `export const a = pipeInput(step(round).named("xRounded", null), (x: number): number => x * 2);`,
    [`(a): the pipe step "x" (round) collides with the value it pipes ("x")`],
  ],
  [
    "a step named like its own function's node",
    `export const a = pipeOutput(step(round).named("a", null), (x: number): number => x * 2);`,
    `export const a = pipeOutput(step(round).named("aRounded", null), (x: number): number => x * 2);`,
    [`(a): the pipe step "a" (round) collides with the node "a" itself`],
  ],
  [
    "a step named like the pipe's raw node",
    `export const a = pipeOutput(step(round).named("raw"), (x: number): number => x * 2);`,
    `export const a = pipeOutput(step(round).named("rounded"), (x: number): number => x * 2);`,
    [`(a): the pipe step "a.raw" (round) collides with the raw output of a pipe on "a"`],
  ],
  [
    "a step named like a field the function extracts",
    `export const a = pipeOutput({ namespace: null }, step(round).named("mean"), extractFields((x: number): { mean: number; max: number } => ({ mean: x, max: x })));`,
    `export const a = pipeOutput(step(round).named("mean"), extractFields((x: number): { mean: number; max: number } => ({ mean: x, max: x })));`,
    [`the pipe step "mean" (round) collides with the node "mean" that a modifier of a makes`],
  ],
  [
    "two mutates naming their step on one target alike",
    `export function a(x: number): number { return x; }\nexport const rounded = mutate([applyTo(a).named("r")], (v: number) => Math.round(v));\nexport const floored = mutate([applyTo(a).named("r")], (v: number) => Math.floor(v));`,
    `export function a(x: number): number { return x; }\nexport const rounded = mutate([applyTo(a).named("r")], (v: number) => Math.round(v));\nexport const floored = mutate([applyTo(a).named("f")], (v: number) => Math.floor(v));`,
    [`:5 (floored): mutate's step on "a" would be the node "a.r", which the mutate of`, `:4 (rounded) already makes`],
  ],
];

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "funcflow-step-namespaces-"));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

const buildSource = async (name: string, text: string) => {
  const file = join(scratch, `${name}.ts`);
  await writeFile(file, HEADER + text + "\n");
  return new Builder().withModules(file).withManifestCache(false).build();
};

describe("conflicting step namespaces fail the build naming both nodes", () => {
  it.each(CASES.map(([what, wrong, fixed, words], index) => ({ what, wrong, fixed, words, index })))("$what", async ({ wrong, fixed, words, index }) => {
    const error = await rejection(buildSource(`wrong-${index}`, wrong));
    expect(error.code).toBe("invalid_modifier");
    for (const word of words) expect(error.message).toContain(word);
    await expect(buildSource(`fixed-${index}`, fixed)).resolves.toBeDefined();
  });

  it("a repeated unnamed step is numbered, as in Hamilton, also across the input and output pipes of one function", async () => {
    const dr = await buildSource(
      "repeated",
      `export const a = pipeInput({ namespace: "n" }, step(round), pipeOutput({ namespace: "n" }, step(round), (x: number): number => x * 2.5));`,
    );
    expect(dr.listNodes().map((node) => node.name).filter((name) => name.startsWith("n."))).toEqual(["n.with_round", "n.with_round_1"]);
    expect(await dr.execute(["a"], { inputs: { x: 1.4 } })).toEqual({ a: 3 });
  });
});
