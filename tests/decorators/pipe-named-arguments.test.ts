/**
 * Hamilton passes a step's other arguments by name (`step(f, amount=source("a"))`); funcflow's
 * steps take them by position. The literal port `step(f, { amount: source("a") })` passed the
 * object itself to f (the spec never resolved: `2 + {…}` gave "2[object Object]"), so such an
 * argument is a build error that shows the positional call. An object of plain literals is
 * still a literal (a step may take an options object).
 */
import { afterAll, describe, expect, it } from "vitest";
import { buildSource, caught, removeInlineModules } from "./support/build.ts";

afterAll(removeInlineModules);

const PIPES: readonly [string, (stepCall: string) => string][] = [
  ["pipeOutput", (stepCall) => `export const piped = ff.pipeOutput(${stepCall}, (b: number): number => b);`],
  ["pipeInput", (stepCall) => `export const piped = ff.pipeInput(${stepCall}, (b: number): number => b);`],
];

const SPECS: readonly [string, string][] = [
  [`ff.source("a")`, `source("a")`],
  [`ff.value(1)`, `value(1)`],
  [`ff.configuration("k")`, `configuration("k")`],
];

describe("a pipe step given Hamilton-style named arguments", () => {
  for (const [pipe, module] of PIPES) {
    it.each(SPECS)(`${pipe}: step(addTo, { amount: %s }) is invalid_modifier showing step(addTo, %s)`, async (spec, shown) => {
      const error = await caught(buildSource(`function addTo(x: number, amount: number): number { return x + amount; }\n${module(`ff.step(addTo, { amount: ${spec} })`)}`, { k: 1 }));
      expect(error.code).toBe("invalid_modifier");
      expect(error.message).toContain(`${pipe}: step 1 (addTo) got an object of named arguments (amount)`);
      expect(error.message).toContain(`step(addTo, ${shown})`);
    });
  }

  it.each(PIPES)("%s: a step given two named arguments shows the positional call, not only an argument count", async (pipe, module) => {
    const error = await caught(buildSource(`function addBoth(x: number, a: number, b: number): number { return x + a + b; }\n${module(`ff.step(addBoth, { a: ff.source("a"), b: ff.value(2) })`)}`));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain(`${pipe}: step 1 (addBoth) got an object of named arguments (a, b)`);
    expect(error.message).toContain(`step(addBoth, source("a"), value(2))`);
  });

  it("the positional call the error shows runs", async () => {
    const dr = await buildSource(`function addTo(x: number, amount: number): number { return x + amount; }\n${PIPES[0]![1](`ff.step(addTo, ff.source("a"))`)}`);
    expect(await dr.execute(["piped"], { inputs: { a: 1, b: 2 } })).toEqual({ piped: 3 });
  });

  it("an object of plain literals is still passed as one literal", async () => {
    const dr = await buildSource(`function scale(x: number, options: { by: number }): number { return x * options.by; }\n${PIPES[0]![1](`ff.step(scale, { by: 10 })`)}`);
    expect(await dr.execute(["piped"], { inputs: { b: 2 } })).toEqual({ piped: 20 });
  });
});
