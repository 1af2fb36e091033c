import { beforeEach, describe, expect, it } from "vitest";
import { Builder, FuncflowError } from "funcflow";
import { inFlight } from "../fixtures/engine/async-fan-out.ts";

const fanOut = new URL("../fixtures/engine/async-fan-out.ts", import.meta.url);
const builder = () => new Builder().withModules(fanOut).withManifestCache(false);

beforeEach(() => {
  inFlight.now = 0;
  inFlight.max = 0;
});

describe("withConcurrency", () => {
  it("driver.execute runs independent async nodes concurrently, all at once without a limit", async () => {
    const dr = await builder().build();
    expect(await dr.execute(["sum"], { inputs: { seed: 0 } })).toEqual({ sum: 21 });
    expect(inFlight.max).toBe(6);
  });

  it.each([1, 2, 4])("driver.execute keeps at most %i async nodes in flight", async (limit) => {
    const dr = await builder().withConcurrency(limit).build();
    expect(await dr.execute(["sum"], { inputs: { seed: 0 } })).toEqual({ sum: 21 });
    expect(inFlight.max).toBe(limit);
  });

  it.each([0, -1, 1.5, Number.NaN])("builder.withConcurrency rejects %s (invalid_argument)", (limit) => {
    expect(() => builder().withConcurrency(limit)).toThrow(FuncflowError);
    expect(() => builder().withConcurrency(limit)).toThrow(/whole number of at least 1/);
  });
});
