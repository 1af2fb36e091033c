/**
 * Inputs and overrides given as promises are awaited before the run, as Hamilton's async driver
 * awaits "tasks as inputs" (found porting examples/async: a promised override reached the node
 * as a promise and `request_raw.foo` read `undefined`, a silently wrong result). Every way of
 * running a request is checked: execute, prepare's execute and run, materialize, and the hooked
 * path (adapters, cache), each with a resolved and a rejected promise.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder, type Driver } from "funcflow";
import { timingReport } from "funcflow/adapters";
import { rejection } from "../support/caught.ts";

const basicUrl = new URL("../fixtures/modules/basic.ts", import.meta.url);
let cacheDir: string;
beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), "funcflow-promised-"));
});
afterAll(() => rm(cacheDir, { recursive: true, force: true }));

type Run = (dr: Driver, inputs: Record<string, unknown>, overrides?: Record<string, unknown>) => Promise<Record<string, unknown>>;
const RUNS: Record<string, Run> = {
  execute: (dr, inputs, overrides) => dr.execute(["e", "c"], { inputs, ...(overrides && { overrides }) }),
  "prepare(…).execute": (dr, inputs, overrides) => dr.prepare(["e", "c"], { inputs: Object.keys(inputs), overrides: Object.keys(overrides ?? {}) }).execute(inputs, overrides),
  "prepare(…).run": async (dr, inputs, overrides) => dr.prepare(["e", "c"], { inputs: Object.keys(inputs), overrides: Object.keys(overrides ?? {}) }).run(inputs, overrides),
  materialize: async (dr, inputs, overrides) => (await dr.materialize({ outputs: ["e", "c"], inputs, ...(overrides && { overrides }) })).results,
};
const DRIVERS: Record<string, () => Promise<Driver>> = {
  lean: () => new Builder().withModules(basicUrl).withConfig({ language: "fr" }).build(),
  "with adapters": () => new Builder().withModules(basicUrl).withConfig({ language: "fr" }).withAdapters(timingReport()).build(),
  "with a cache": () => new Builder().withModules(basicUrl).withConfig({ language: "fr" }).withCache({ dir: cacheDir }).build(),
};

const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 1));

describe("promised inputs and overrides", () => {
  for (const [driverName, makeDriver] of Object.entries(DRIVERS)) {
    for (const [runName, run] of Object.entries(RUNS)) {
      it(`${runName}, ${driverName}: a promised input or override is awaited; a rejected one is invalid_argument naming it`, async () => {
        const dr = await makeDriver();
        await fc.assert(
          fc.asyncProperty(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -50, max: 50 }), async (a, y) => {
            const expected = await dr.execute(["e", "c"], { inputs: { a, y } });
            expect(await run(dr, { a: later(a), y })).toEqual(expected);
            expect(await run(dr, { a, y: Promise.resolve(y) })).toEqual(expected);
            expect(await run(dr, { y }, { b: later(a + 1) })).toEqual(expected);
          }),
          { numRuns: 3 },
        );
        const error = await rejection(run(dr, { a: Promise.reject(new Error("upstream service down")) }));
        expect(error.code).toBe("invalid_argument");
        expect(error.input).toBe("a");
        expect(error.message).toContain("inputs.a is a promise that rejected (upstream service down)");
        expect((error.cause as Error).message).toBe("upstream service down");
        const overridden = await rejection(run(dr, {}, { b: Promise.reject(new Error("no b")) }));
        expect(overridden.message).toContain("overrides.b is a promise that rejected (no b)");
      });
    }
  }

  it("a promised input requested as an output comes back as its value", async () => {
    const dr = await DRIVERS.lean!();
    expect(await dr.execute(["a", "b"], { inputs: { a: later(4) } })).toEqual({ a: 4, b: 5 });
  });

  it("prepare(…).run stays synchronous for values, and returns a promise only when one was given", async () => {
    const dr = await DRIVERS.lean!();
    const prepared = dr.prepare(["c"], { inputs: ["a"] });
    expect(prepared.run({ a: 1 })).toEqual({ c: 10 });
    const promised = prepared.run({ a: later(1) });
    expect(promised).toBeInstanceOf(Promise);
    expect(await promised).toEqual({ c: 10 });
  });

  it("a config value is handed over as configured, a promise too (as Hamilton awaits inputs and overrides only), whether or not an input is promised", async () => {
    const configured = Promise.resolve("fr");
    const dr = await new Builder().withModules(basicUrl).withConfig({ language: configured }).build();
    expect((await dr.execute(["language", "c"], { inputs: { a: 1 } })).language).toBe(configured);
    expect((await dr.execute(["language", "c"], { inputs: { a: later(1) } })).language).toBe(configured);
  });

  it("the caller's inputs object is left as it was", async () => {
    const dr = await DRIVERS.lean!();
    const promise = later(2);
    const inputs = { a: promise };
    await dr.execute(["c"], { inputs });
    expect(inputs.a).toBe(promise);
  });
});
