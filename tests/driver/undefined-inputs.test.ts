/**
 * An input given as `undefined` counts as not given: a required parameter used to run on it
 * silently (`c(b, y)` with `a: undefined` gave NaN), where Hamilton's ports pass `None` as
 * `null`. Refused as missing_input naming who needs it; an optional parameter takes its default.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Builder, type Driver } from "funcflow";
import { rejection } from "../support/caught.ts";

const basicUrl = new URL("../fixtures/modules/basic.ts", import.meta.url);
const build = () => new Builder().withModules(basicUrl).withConfig({ language: "fr" }).build();

const RUNS: Record<string, (dr: Driver, outputs: string[], inputs: Record<string, unknown>) => Promise<unknown>> = {
  execute: (dr, outputs, inputs) => dr.execute(outputs, { inputs }),
  "prepare(…).execute": (dr, outputs, inputs) => dr.prepare(outputs, { inputs: Object.keys(inputs) }).execute(inputs),
  "prepare(…).run": async (dr, outputs, inputs) => dr.prepare(outputs, { inputs: Object.keys(inputs) }).run(inputs),
};

describe("inputs given as undefined", () => {
  for (const [name, run] of Object.entries(RUNS)) {
    it(`${name}: a required one is missing_input naming its readers; an optional one takes the default`, async () => {
      const dr = await build();
      const error = await rejection(run(dr, ["c", "unrelated"], { a: undefined }));
      expect(error).toMatchObject({ code: "missing_input", input: "a", neededBy: ["b", "unrelated"] });
      expect(error.message).toContain("given as undefined, which counts as not given");
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: -1000, max: 1000 }), async (a) => {
          expect(await run(dr, ["c"], { a, y: undefined })).toEqual({ c: (a + 1) * 5 });
        }),
        { numRuns: 10 },
      );
    });
  }

  it("a requested input given as undefined is missing too; null is a value", async () => {
    const dr = await build();
    expect(await rejection(dr.execute(["a"], { inputs: { a: undefined } }))).toMatchObject({ code: "missing_input", neededBy: ["(requested output)"] });
    expect(await dr.execute(["a"], { inputs: { a: null } })).toEqual({ a: null });
  });
});
