/**
 * examples/modifiers-tour served: nodes made by modifiers (parameterize, extractFields,
 * pipeOutput, subdag, resolve) get operations typed from their functions, the document stays
 * valid, and outputs whose types have no JSON form are left out with the reason.
 */
import { validate } from "@readme/openapi-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { post, startService, type TestService } from "./support/start-service.ts";

let running: TestService;
let document: Record<string, any>;
const CONFIG = { currency: "EUR", growth: 0.05, horizons: [3, 12] };

beforeAll(async () => {
  running = await startService(new URL("../../examples/modifiers-tour/transforms.ts", import.meta.url), {}, CONFIG);
  document = (await (await fetch(`${running.url}/openapi.json`)).json()) as Record<string, any>;
});
afterAll(() => running.service.close());

const responseSchema = (name: string) => document.paths[`/outputs/${name}`].post.responses["200"].content["application/json"].schema;

describe("serve modifiers-tour", () => {
  it("publishes a valid OpenAPI 3.1 document", async () => {
    const result = await validate(structuredClone(document) as Parameters<typeof validate>[0]);
    expect(result.valid ? [] : result.errors).toEqual([]);
  });

  it("types nodes made by modifiers from their functions", () => {
    expect(responseSchema("report")).toMatchObject({
      type: "object",
      properties: { currency: { type: "string" }, shares: { type: "array", items: { type: "string" } }, forecast: { type: "object", required: ["us", "eu"] } },
      required: ["currency", "totalRevenue", "averageSale", "shares", "forecast"],
      additionalProperties: false,
    });
    expect(responseSchema("amountStats")).toMatchObject({ properties: { meanAmount: { type: "number" }, largestAmount: { type: "number" } } });
    expect(responseSchema("meanAmount")).toMatchObject({ type: "number", description: "Summary statistics of the amounts, one node per field of AmountStats (extractFields, tagOutputs)." });
    expect(responseSchema("saleRevenue")).toMatchObject({ type: "array", "x-typed-array": "Float64Array" });
    expect(responseSchema("usRevenue")).toMatchObject({ type: "number", description: "Revenue of the sales in US (parameterize: one node per region)." });
    expect(responseSchema("revenueIn12Months")).toMatchObject({ type: "number" });
    expect(responseSchema("usForecast")).toMatchObject({ type: "number" });
  });

  it("asks each output for exactly the inputs it needs: the report needs none", () => {
    expect(document.paths["/outputs/report"].post.requestBody.content["application/json"].schema).toEqual({ type: "object", properties: {}, additionalProperties: false });
  });

  it("leaves out outputs whose types have no JSON form (modifier helpers are not served either)", () => {
    expect(document.paths["/outputs/reportRegions"]).toBeUndefined();
    expect(document.paths["/outputs/save.report"]).toBeUndefined();
    expect(document.paths["/outputs/usRevenue.raw"]).toBeUndefined();
  });

  it("computes the values driver.execute computes", async () => {
    const outputs = ["totalRevenue", "averageSale", "meanAmount", "revenueIn3Months", "shares"];
    const reply = await post(`${running.url}/execute`, { outputs, inputs: {} });
    expect(reply.body).not.toHaveProperty("detail");
    expect(reply.status).toBe(200);
    const expected = (await running.driver.execute(outputs)) as Record<string, unknown>;
    expect(reply.body).toEqual(expected);
    expect(await post(`${running.url}/outputs/usRevenue`, {})).toMatchObject({ status: 200, body: expected.totalRevenue === undefined ? 0 : expect.any(Number) });
  });
});
