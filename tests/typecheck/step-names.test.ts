/**
 * The static type check names pipe steps (`pipeInput`, `pipeOutput`, `mutate`) as the built
 * graph does, by the one rule in graph/step-names.ts: where the graph builds, the check's nodes
 * are the graph's nodes; where the graph refuses a step's name, the check names no node for it
 * and leaves the function unchecked as `step-name-collision`.
 *
 * Every case's module is written first and all are checked in one TypeScript Program (as in
 * types-agree.test.ts): each check then costs its own module's reading, not a parse of funcflow's
 * types and the libraries (~0.5 s a module). One module is also checked alone by the public
 * checkEdgeTypes, to show the shared Program gives the same report.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder } from "../../src/index.ts";
import { checkEdgeTypes, type EdgeTypeReport } from "../../src/typecheck/index.ts";
import { createCheckProgram, type CheckProgram } from "../../src/typecheck/check-program.ts";
import { runEdgeCheck } from "../../src/typecheck/run-edge-check.ts";
import { rejection } from "../support/caught.ts";
import { stepNameCollisions } from "./support/type-agreement.ts";

const dir = fileURLToPath(new URL(`./tmp/step-names-${process.pid}/`, import.meta.url));
const HEADER = [
  `import { applyTo, configWhen, mutate, parameterize, pipeInput, pipeOutput, source, step, value } from "../../../../src/index.ts";`,
  `const twice = (x: number): number => x * 2;`,
  `void [applyTo, configWhen, mutate, parameterize, pipeInput, pipeOutput, source, step, value, twice];`,
  `export const seed = (): number => 3;`,
].join("\n");

/** Modules the graph builds: the static check must name the same nodes. */
const BUILT: readonly (readonly [string, string])[] = [
  ["a repeated unnamed step across parameterize outputs, without a prefix", `export const f = pipeOutput({ namespace: null }, step(twice), parameterize({ fA: { seed: source("seed") }, fB: { seed: value(5) } }, (seed: number): number => seed + 1));`],
  ["a .named step under its own namespace, and an unnamed step counted past a named one", `export const f = pipeOutput(step(twice).named("with_twice"), step(twice), step(twice).named("moved", "elsewhere"), (seed: number): number => seed + 1);`],
  ["mutate with applyTo(…).named(…)", `export const f = (seed: number): number => seed + 1;\nexport const bump = mutate([applyTo(f).named("bumped")], (v: number): number => v + 1);`],
  ["mutate with applyTo(…).named(name, namespace) and named(name, null)", `export const f = (seed: number): number => seed + 1;\nexport const g = (seed: number): number => seed + 2;\nexport const bump = mutate([applyTo(f).named("bumped", "tuning"), applyTo(g).named("gBumped", null)], (v: number): number => v + 1);`],
  ["two mutates of one function, and a pipe extending their chain", `export const f = pipeOutput(step(twice), (seed: number): number => seed + 1);\nexport const twiceMore = mutate(f, (v: number): number => v * 2);\nexport const bump = mutate([f], (v: number): number => v + 1);`],
];

/** Modules whose step names the graph refuses, with the nodes the static check names (none made up). */
const REFUSED: readonly (readonly [string, string, readonly string[]])[] = [
  ["an unnamed step's with_<fn> taken by another node of the same function", `export const f = pipeOutput({ namespace: null }, step(twice), parameterize({ with_twice: { seed: source("seed") }, fB: { seed: value(5) } }, (seed: number): number => seed + 1));`, ["fB", "seed", "with_twice"]],
  ["a .named step without a prefix on each of two outputs (the second reads no node, so only its node says why)", `export const f = pipeOutput(step(twice).named("moved", null), parameterize({ fA: { seed: value(1) }, fB: { seed: value(5) } }, (seed: number): number => seed + 1));`, ["fA", "fA.raw", "fB", "moved", "seed"]],
  ["a .named step taking an earlier unnamed step's name", `export const f = pipeOutput(step(twice), step(twice).named("with_twice"), (seed: number): number => seed + 1);`, ["f", "seed"]],
  ["a step named like the value it pipes", `export const f = pipeInput(step(twice).named("seed", null), (seed: number): number => seed + 1);`, ["f", "seed"]],
  ["a step named like the pipe's raw node", `export const f = pipeOutput(step(twice).named("raw"), (seed: number): number => seed + 1);`, ["f", "seed"]],
  ["mutate repeating one target", `export const f = (seed: number): number => seed + 1;\nexport const bump = mutate([f, f], (v: number): number => v + 1);`, ["f", "seed"]],
  ["mutate naming its step like a pipeInput step", `export const f = pipeInput(step(twice), (seed: number): number => seed + 1);\nexport const bump = mutate([applyTo(f).named("with_twice")], (v: number): number => v + 1);`, ["f", "f.with_twice", "seed"]],
];

const MUTATE_VARIANTS = `export const f = (seed: number): number => seed + 1;\nexport const clip__low = configWhen({ mode: "low" }, mutate(f, (v: number): number => Math.min(v, 1)));\nexport const clip__high = configWhen({ mode: "high" }, mutate(f, (v: number): number => Math.min(v, 9)));`;
const CONDITIONAL_BEFORE_SAME_NAME = `export const f = pipeOutput(step(twice).when({ mode: "x" }), step(twice), (seed: number): number => seed + 1);`;
const CONDITIONAL_ALONE = `export const f = pipeOutput(step(twice).when({ mode: "x" }), (seed: number): number => seed + 1);`;
const VARIANTS_SPLIT_BY_ANOTHER = `export const f = (seed: number): number => seed + 1;\nexport const clip__low = configWhen({ mode: "low" }, mutate(f, (v: number): number => Math.min(v, 1)));\nexport const bump = mutate(f, (v: number): number => v + 1);\nexport const clip__high = configWhen({ mode: "high" }, mutate(f, (v: number): number => Math.min(v, 9)));`;

const BODIES = [...BUILT.map(([, body]) => body), ...REFUSED.map(([, body]) => body), MUTATE_VARIANTS, CONDITIONAL_BEFORE_SAME_NAME, CONDITIONAL_ALONE, VARIANTS_SPLIT_BY_ANOTHER];

const files = new Map<string, string>();
let program: CheckProgram | undefined;

beforeAll(async () => {
  await mkdir(dir, { recursive: true });
  for (const [index, body] of BODIES.entries()) {
    const file = join(dir, `m${index}.ts`);
    await writeFile(file, `${HEADER}\n${body}\n`);
    files.set(body, file);
  }
  program = createCheckProgram([...files.values()]);
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

const moduleOf = (body: string): string => files.get(body)!;
const staticCheck = (file: string): EdgeTypeReport => runEdgeCheck([{ path: file, manifest: undefined }], {}, program).report;
const checkedNames = (report: EdgeTypeReport) => report.nodes.map((node) => node.name).sort();
const collided = (report: EdgeTypeReport) => [
  ...new Set([
    ...report.unchecked.filter((edge) => edge.reason === "step-name-collision").map((edge) => edge.consumer.exportName),
    ...stepNameCollisions(report),
  ]),
];

async function builtNames(file: string, config: Record<string, string> = {}): Promise<string[]> {
  const driver = await new Builder().withModules(file).withConfig(config).withManifestCache(false).build();
  return driver.listNodes().filter((node) => node.kind === "function").map((node) => node.name).sort();
}

describe("the static check names steps as the built graph does", () => {
  it.each(BUILT)("%s", async (_what, body) => {
    const file = moduleOf(body);
    const report = staticCheck(file);
    expect(checkedNames(report)).toEqual(await builtNames(file));
    expect(collided(report)).toEqual([]);
  });

  it("config variants of one mutate transform: one step with a producer each, as the graph builds under either", async () => {
    const file = moduleOf(MUTATE_VARIANTS);
    const report = staticCheck(file);
    expect(checkedNames(report)).toEqual(await builtNames(file, { mode: "low" }));
    expect(checkedNames(report)).toEqual(await builtNames(file, { mode: "high" }));
    const step = report.nodes.find((node) => node.name === "f.with_clip")!;
    expect(step.producers.map((producer) => [producer.exportName, producer.reads])).toEqual([["clip__low", ["f.raw"]], ["clip__high", ["f.raw"]]]);
  });

  it("an unnamed conditional step before one of the same name: its number is config's, so f is left config-resolved", async () => {
    const file = moduleOf(CONDITIONAL_BEFORE_SAME_NAME);
    expect(await builtNames(file, { mode: "x" })).toEqual(["f", "f.raw", "f.with_twice", "f.with_twice_1", "seed"]);
    expect(await builtNames(file, { mode: "y" })).toEqual(["f", "f.raw", "f.with_twice", "seed"]);
    const report = staticCheck(file);
    expect(checkedNames(report)).toEqual(["f", "seed"]);
    expect(report.nodes.find((node) => node.name === "f")!.producers[0]!.opaqueReason).toBe("config-resolved");
    // Alone, a conditional step's name is the same under every config: named as the graph names it when it runs.
    const alone = moduleOf(CONDITIONAL_ALONE);
    expect(checkedNames(staticCheck(alone))).toEqual(await builtNames(alone, { mode: "x" }));
  });

  it("config variants of one transform split by another: their order is config's, so f is left config-resolved", async () => {
    const file = moduleOf(VARIANTS_SPLIT_BY_ANOTHER);
    expect(await builtNames(file, { mode: "low" })).toEqual(["f", "f.raw", "f.with_bump", "f.with_clip", "seed"]);
    const report = staticCheck(file);
    expect(checkedNames(report)).toEqual(["f", "seed"]);
    expect(report.nodes.find((node) => node.name === "f")!.producers[0]!.opaqueReason).toBe("config-resolved");
  });
});

describe("a step name the built graph refuses is one the static check does not invent", () => {
  it.each(REFUSED)("%s", async (_what, body, names) => {
    const file = moduleOf(body);
    const error = await rejection(builtNames(file));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toMatch(/collides with|would be the node/);
    const report = staticCheck(file);
    expect(collided(report)).toEqual(["f"]);
    // The colliding node stays (unchecked) and gets no steps: no name is made up for them.
    expect(checkedNames(report)).toEqual(names);
  });
});

describe("the shared Program", () => {
  it("gives the report checkEdgeTypes gives for the module alone", async () => {
    // A refused module: its report has checked nodes, unchecked edges and step-name collisions.
    const file = moduleOf(REFUSED[0]![1]);
    const alone = await checkEdgeTypes([file], { cacheDir: false });
    expect(alone.unchecked.length + stepNameCollisions(alone).length).toBeGreaterThan(0);
    expect(staticCheck(file)).toEqual(alone);
  }, 30_000);
});
