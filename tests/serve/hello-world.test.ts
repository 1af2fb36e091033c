/**
 * examples/hello-world served over real HTTP: the OpenAPI document is valid and carries the
 * schemas read from the code, JSON and Arrow IPC requests give the numbers `execute` gives, and
 * the health, readiness and docs routes answer.
 */
import { validate } from "@readme/openapi-parser";
import { makeVector, Table, tableFromIPC, tableToIPC } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARROW_STREAM } from "funcflow/serve";
import { post, startService, type TestService } from "./support/start-service.ts";

let running: TestService;
const spend = [10, 10, 20, 40, 40, 50];
const signups = [1, 10, 50, 100, 200, 400];
const columns = () => ({ spend: makeVector(new Float64Array(spend)), signups: makeVector(new Float64Array(signups)) });
const ALL = ["avg3wkSpend", "spendPerSignup", "spendMean", "spendZeroMean", "spendStdDev", "spendZeroMeanUnitVariance"];

beforeAll(async () => {
  running = await startService(new URL("../../examples/hello-world/transforms.ts", import.meta.url));
});
afterAll(() => running.service.close());

/** The driver's own result, as JSON: vectors as arrays (nulls kept). */
async function direct(outputs: readonly string[]): Promise<Record<string, unknown>> {
  const result = (await running.driver.execute(outputs, { inputs: columns() })) as Record<string, unknown>;
  return Object.fromEntries(outputs.map((name) => [name, typeof result[name] === "number" ? result[name] : [...(result[name] as Iterable<unknown>)]]));
}

describe("serve hello-world: the OpenAPI document", () => {
  let document: Record<string, any>;
  beforeAll(async () => {
    document = (await (await fetch(`${running.url}/openapi.json`)).json()) as Record<string, any>;
  });

  it("is a valid OpenAPI 3.1 document per @readme/openapi-parser", async () => {
    expect(document.openapi).toBe("3.1.0");
    const result = await validate(structuredClone(document) as Parameters<typeof validate>[0]);
    expect(result.valid ? [] : result.errors).toEqual([]);
  });

  it("has one operation per output plus /execute, health and readiness", () => {
    expect(Object.keys(document.paths).sort()).toEqual(["/execute", "/healthz", "/readyz", ...ALL.map((name) => `/outputs/${name}`)].sort());
  });

  it("types each output's request with exactly the inputs it needs, and its response with its type", () => {
    const operation = document.paths["/outputs/spendPerSignup"].post;
    const vector = { type: "array", items: { type: "number" }, "x-arrow-type": "Float64" };
    expect(operation.requestBody.content["application/json"].schema).toMatchObject({
      type: "object",
      properties: { spend: vector, signups: vector },
      required: ["spend", "signups"],
      additionalProperties: false,
    });
    expect(operation.responses["200"].content["application/json"].schema).toMatchObject({ ...vector, description: "Marketing spend per signup." });
    expect(operation.description).toContain("Marketing spend per signup.");
    expect(operation.responses["422"].content["application/json"].schema.properties.detail.type).toBe("array");
    expect(document.paths["/outputs/spendMean"].post.requestBody.content["application/json"].schema.required).toEqual(["spend"]);
    expect(document.paths["/outputs/spendMean"].post.responses["200"].content["application/json"].schema).toMatchObject({ type: "number" });
  });

  it("documents Arrow IPC as a second media type both ways, and shows an example", () => {
    const operation = document.paths["/execute"].post;
    expect(Object.keys(operation.requestBody.content)).toEqual(["application/json", ARROW_STREAM]);
    expect(Object.keys(operation.responses["200"].content)).toEqual(["application/json", ARROW_STREAM]);
    expect(operation.requestBody.content["application/json"].example).toMatchObject({ outputs: ["avg3wkSpend"], inputs: { spend: [10, 20, 30] } });
  });
});

describe("serve hello-world: request ids", () => {
  it("every reply carries its x-request-id: computing routes, errors, not found, health, docs and the document", async () => {
    const json = { "content-type": "application/json" };
    const requests: [string, RequestInit][] = [
      ["/outputs/spendPerSignup", { method: "POST", headers: json, body: JSON.stringify({ spend: [1], signups: [2] }) }],
      ["/outputs/spendPerSignup", { method: "POST", headers: json, body: JSON.stringify({ spend: ["a"], signups: [2] }) }],
      ["/outputs/spendPerSignup", { method: "POST", headers: { "content-type": ARROW_STREAM, accept: ARROW_STREAM }, body: tableToIPC(new Table(columns()), "stream") as BodyInit }],
      ["/outputs/spendPerSignup", { method: "POST", headers: { "content-type": "text/plain" }, body: "x" }],
      ["/execute", { method: "POST", headers: json, body: JSON.stringify({ outputs: ["spendMean"], inputs: { spend: [1, 3] } }) }],
      ["/execute", { method: "POST", headers: json, body: JSON.stringify({ outputs: ["nope"], inputs: {} }) }],
      ["/outputs/nope", { method: "POST", headers: json, body: "{}" }],
      ["/healthz", {}],
      ["/readyz", {}],
      ["/openapi.json", {}],
      ["/docs/", {}],
    ];
    const statuses: number[] = [];
    for (const [path, init] of requests) {
      const reply = await fetch(`${running.url}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), "x-request-id": `id-${statuses.length}` } });
      await reply.arrayBuffer();
      expect(reply.headers.get("x-request-id"), path).toBe(`id-${statuses.length}`);
      statuses.push(reply.status);
    }
    expect(statuses).toEqual([200, 422, 200, 415, 200, 404, 404, 200, 200, 200, 200]);
  });
});

describe("serve hello-world: computing", () => {
  it("POST /execute answers the issue's request exactly", async () => {
    const reply = await post(`${running.url}/execute`, { outputs: ["spendPerSignup"], inputs: { spend: [10, 10, 20], signups: [1, 10, 50] } });
    expect(reply).toMatchObject({ status: 200, body: { spendPerSignup: [10, 1, 0.4] } });
    expect(reply.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    // Timings are on demand (x-funcflow-timings or ?timings): a plain request carries none.
    expect(reply.headers.get("server-timing")).toBeNull();
  });

  it("POST /execute with JSON gives the numbers driver.execute gives, for every output", async () => {
    const reply = await post(`${running.url}/execute`, { outputs: ALL, inputs: { spend, signups } });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(await direct(ALL));
  });

  it("POST /outputs/<name> gives each output's value", async () => {
    const expected = await direct(ALL);
    for (const name of ALL) {
      const reply = await post(`${running.url}/outputs/${name}`, name === "spendPerSignup" ? { spend, signups } : { spend });
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual(expected[name]);
    }
  });

  it("Arrow IPC in and out gives the same numbers as JSON", async () => {
    const body = tableToIPC(new Table(columns()), "stream");
    const reply = await post(`${running.url}/execute?outputs=spendPerSignup,spendMean`, body, { "content-type": ARROW_STREAM, accept: ARROW_STREAM });
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toBe(ARROW_STREAM);
    const table = tableFromIPC(reply.body as Uint8Array);
    const expected = await direct(["spendPerSignup", "spendMean"]);
    expect([...table.getChild("spendPerSignup")!]).toEqual(expected.spendPerSignup);
    expect(table.getChild("spendMean")!.get(0)).toBe(expected.spendMean);
  });

  it("Arrow IPC in, JSON out (no Accept), on a per-output operation", async () => {
    const reply = await post(`${running.url}/outputs/spendMean`, tableToIPC(new Table({ spend: columns().spend }), "stream"), { "content-type": ARROW_STREAM });
    expect(reply).toMatchObject({ status: 200, body: (await direct(["spendMean"])).spendMean });
  });
});

describe("serve hello-world: health, readiness and docs", () => {
  it("GET /healthz and /readyz", async () => {
    expect(await (await fetch(`${running.url}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${running.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", outputs: ALL });
  });

  it("GET /docs serves Swagger UI's HTML and its assets from this server", async () => {
    const page = await fetch(`${running.url}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("swagger-ui");
    const assets = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((match) => match[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      expect(asset.startsWith("http")).toBe(false);
      const response = await fetch(new URL(asset, `${running.url}/docs/`));
      expect(response.status, asset).toBe(200);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
  });
});
