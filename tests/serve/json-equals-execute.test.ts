/**
 * Property: for random spend and signups, POST /execute over real HTTP returns exactly what
 * driver.execute returns for the same inputs (JSON has no NaN or infinities: those read as null).
 */
import { makeVector } from "apache-arrow";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { post, startService, type TestService } from "./support/start-service.ts";

let running: TestService;
const ALL = ["avg3wkSpend", "spendPerSignup", "spendMean", "spendZeroMean", "spendStdDev", "spendZeroMeanUnitVariance"];

beforeAll(async () => {
  running = await startService(new URL("../../examples/hello-world/transforms.ts", import.meta.url));
});
afterAll(() => running.service.close());

/** A number as JSON carries it: non-finite as null, -0 as 0. */
const asJson = (value: unknown): unknown => (typeof value !== "number" ? value : Number.isFinite(value) ? value + 0 : null);

describe("serve: JSON requests give driver.execute's numbers (property)", () => {
  it("POST /execute equals driver.execute for random columns", async () => {
    const column = (length: number) => fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { minLength: length, maxLength: length });
    const pairs = fc.integer({ min: 1, max: 40 }).chain((length) => fc.tuple(column(length), column(length)));
    await fc.assert(
      fc.asyncProperty(pairs, async ([spend, signups]) => {
        const reply = await post(`${running.url}/execute`, { outputs: ALL, inputs: { spend, signups } });
        expect(reply.status).toBe(200);
        const direct = (await running.driver.execute(ALL, {
          inputs: { spend: makeVector(Float64Array.from(spend)), signups: makeVector(Float64Array.from(signups)) },
        })) as Record<string, unknown>;
        const expected = Object.fromEntries(
          ALL.map((name) => [name, typeof direct[name] === "number" ? asJson(direct[name]) : [...(direct[name] as Iterable<unknown>)].map(asJson)]),
        );
        expect(reply.body).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });
});
