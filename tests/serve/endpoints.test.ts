/**
 * Endpoints declared by functions (examples/service): served at their own method and path,
 * parameters read from the path, query or body and validated by their types, node parameters
 * computed by the DAG, and described in the OpenAPI document.
 */
import { validate } from "@readme/openapi-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder, endpoint } from "funcflow";
import { createServeApp } from "funcflow/serve";
import { rejection } from "../support/caught.ts";
import { post, startService, type TestService } from "./support/start-service.ts";

let running: TestService;

beforeAll(async () => {
  running = await startService(new URL("../../examples/service/service.ts", import.meta.url));
});
afterAll(() => running.service.close());

describe("serve: GET endpoints", () => {
  it("reads path and query parameters by their types and computes node parameters by the DAG", async () => {
    const response = await fetch(`${running.url}/v0/customers/c42/tier?amounts=40&amounts=60&amounts=80`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ customerId: "c42", tier: "silver", averageOrder: 60 });
  });

  it("answers a query value that is not a number with 422 at its location", async () => {
    const response = await fetch(`${running.url}/v0/customers/c42/tier?amounts=40&amounts=lots`);
    expect(response.status).toBe(422);
    expect(((await response.json()) as { detail: unknown[] }).detail[0]).toMatchObject({ loc: ["querystring", "amounts", 1], type: "number_type" });
  });

  it("answers a missing query parameter with 422 naming it", async () => {
    const response = await fetch(`${running.url}/v0/customers/c42/tier`);
    expect(response.status).toBe(422);
    expect(((await response.json()) as { detail: unknown[] }).detail[0]).toMatchObject({ loc: ["querystring", "amounts"], type: "missing" });
  });
});

describe("serve: POST endpoints", () => {
  it("reads the body, applies defaults, and computes the nodes it names", async () => {
    const reply = await post(`${running.url}/v0/quote`, { basket: [100, 50], amounts: [120, 140] });
    expect(reply).toMatchObject({ status: 200, body: { subtotal: 150, discount: 0.1, total: 135 } });
    const extra = await post(`${running.url}/v0/quote`, { basket: [100], amounts: [10], extraDiscount: 0.2 });
    expect(extra).toMatchObject({ status: 200, body: { subtotal: 100, discount: 0.2, total: 80 } });
  });

  it("refuses an extra field and a wrong type with 422", async () => {
    expect((await post(`${running.url}/v0/quote`, { basket: [1], amounts: [1], coupon: "X" })).status).toBe(422);
    const wrong = await post(`${running.url}/v0/quote`, { basket: "1", amounts: [1] });
    expect((wrong.body as { detail: unknown[] }).detail[0]).toMatchObject({ loc: ["body", "basket"], type: "array_type" });
  });
});

describe("serve: endpoints in the OpenAPI document", () => {
  it("documents each endpoint with its parameters, request, response and JSDoc", async () => {
    const document = (await (await fetch(`${running.url}/openapi.json`)).json()) as Record<string, any>;
    const result = await validate(structuredClone(document) as Parameters<typeof validate>[0]);
    expect(result.valid ? [] : result.errors).toEqual([]);
    const tier = document.paths["/v0/customers/{customerId}/tier"].get;
    expect(tier.summary).toBe("The customer's loyalty tier, from their average order.");
    expect(tier.parameters.map((parameter: { name: string; in: string }) => [parameter.name, parameter.in]).sort()).toEqual([
      ["amounts", "query"],
      ["customerId", "path"],
    ]);
    expect(tier.responses["200"].content["application/json"].schema).toMatchObject({
      properties: { tier: { enum: ["bronze", "silver", "gold"] }, averageOrder: { description: "Mean order amount, in USD." } },
      required: ["customerId", "tier", "averageOrder"],
    });
    const quote = document.paths["/v0/quote"].post;
    expect(quote.requestBody.content["application/json"].schema).toMatchObject({
      properties: { basket: { type: "array" }, amounts: { "x-arrow-type": "Float64" }, extraDiscount: { type: "number", default: 0 } },
      required: ["amounts", "basket"],
    });
  });
});

describe("endpoint: mistakes", () => {
  it("refuses a malformed path at once", () => {
    expect(() => endpoint({ method: "GET", path: "v0/no-slash" }, () => 1)).toThrow(expect.objectContaining({ code: "invalid_modifier" }));
  });

  it("refuses, at start-up, options that are not an object or limits that are not whole numbers in range, naming the option", async () => {
    const driver = await new Builder().withModules(new URL("./fixtures/bad-endpoint.ts", import.meta.url)).build();
    for (const [options, argument] of [
      [null, "options"],
      [{ timeoutMs: "30s" }, "timeoutMs"],
      [{ concurrency: 0 }, "concurrency"],
      [{ queue: -1 }, "queue"],
      [{ bodyLimit: 1.5 }, "bodyLimit"],
    ] as const) {
      const error = await rejection(createServeApp(driver, options as never));
      expect(error).toMatchObject({ code: "invalid_argument", details: { argument } });
    }
  });

  it("refuses, at start-up, a path parameter the function does not take", async () => {
    const driver = await new Builder().withModules(new URL("./fixtures/bad-endpoint.ts", import.meta.url)).build();
    const error = await rejection(createServeApp(driver, { logLevel: false }));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toMatch(/^lookup: the path \/v0\/items\/\{itemId\} names \{itemId\}, which is not an input it needs \(it needs id\)/);
  });
});
