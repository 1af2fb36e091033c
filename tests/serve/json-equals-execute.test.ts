/**
 * Property: for random spend and signups, POST /execute over real HTTP returns exactly what
 * driver.execute returns for the same inputs (JSON has no NaN or infinities: those read as null).
 * An output operation runs a plan prepared at start-up when a request gives every input it takes,
 * and execute otherwise (an optional input left out, or timings asked for): all paths agree.
 */
import { makeVector } from "apache-arrow";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { post, startService, type TestService } from "./support/start-service.ts";

let running: TestService;
let fixture: TestService;
const ALL = ["avg3wkSpend", "spendPerSignup", "spendMean", "spendZeroMean", "spendStdDev", "spendZeroMeanUnitVariance"];

beforeAll(async () => {
  running = await startService(new URL("../../examples/hello-world/transforms.ts", import.meta.url));
  fixture = await startService(new URL("./fixtures/service.ts", import.meta.url), { outputs: ["weighted"] });
});
afterAll(() => Promise.all([running.service.close(), fixture.service.close()]));

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

describe("serve: an output operation's prepared plan and execute agree", () => {
  it("POST /outputs/weighted with and without its optional input, with and without timings, equals driver.execute", async () => {
    const weights = fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 20 });
    await fc.assert(
      fc.asyncProperty(weights, fc.option(fc.integer({ min: -5, max: 5 }), { nil: undefined }), fc.boolean(), async (values, factor, timings) => {
        const body = factor === undefined ? { weights: values } : { weights: values, factor };
        const reply = await post(`${fixture.url}/outputs/weighted${timings ? "?timings" : ""}`, body);
        expect(reply.status).toBe(200);
        expect(reply.headers.get("server-timing") !== null).toBe(timings);
        const inputs = factor === undefined ? { weights: Float64Array.from(values) } : { weights: Float64Array.from(values), factor };
        const direct = (await fixture.driver.execute(["weighted"], { inputs })) as { weighted: Float64Array };
        expect(reply.body).toEqual(Array.from(direct.weighted, asJson));
      }),
      { numRuns: 30 },
    );
  });
});
