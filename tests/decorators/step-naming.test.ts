/**
 * `.named(name, namespace)` on a pipe step or a mutate target takes strings: a number would
 * become a node name that fails far away, as a raw TypeError when a request lists nodes, or be
 * silently spelled into a namespace ("7.scaled"). The build refuses it, naming the step.
 */
import { afterAll, describe, expect, it } from "vitest";
import { FuncflowError } from "../../src/errors/index.ts";
import { buildSource, removeInlineModules } from "./support/build.ts";

afterAll(removeInlineModules);

const CASES: readonly [string, string, RegExp][] = [
  ["pipeOutput name", `function double(x: number): number { return x * 2; }\nexport const data = ff.pipeOutput(ff.step(double).named(42 as never, null), (): number => 2);`, /pipeOutput: step 1's name must be a non-empty string.*got the number 42/],
  ["pipeOutput namespace", `function double(x: number): number { return x * 2; }\nexport const data = ff.pipeOutput(ff.step(double).named("scaled", 7 as never), (): number => 2);`, /pipeOutput: step 1's namespace must be/],
  ["mutate namespace", `export function data(): number { return 2; }\nexport const double = ff.mutate([ff.applyTo(data).named("scaled", 7 as never)], (x: number): number => x * 2);`, /mutate: target 1's namespace must be/],
  ["mutate name", `export function data(): number { return 2; }\nexport const double = ff.mutate([ff.applyTo(data).named("" as never)], (x: number): number => x * 2);`, /mutate: target 1's name must be a non-empty string/],
];

describe("step names are checked when the graph is built", () => {
  it.each(CASES)("%s", async (_, source, message) => {
    const error = await buildSource(source).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(FuncflowError);
    expect((error as FuncflowError).code).toBe("invalid_modifier");
    expect((error as FuncflowError).message).toMatch(message);
  });
});
