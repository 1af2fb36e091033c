/**
 * A node that declares `signal?: AbortSignal` gets the run's signal from the Driver; a service
 * must not ask requests for it (it has no JSON form), nor leave the node unserved because of it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { post, startService, type TestService } from "./support/start-service.ts";

let running: TestService;
beforeAll(async () => {
  running = await startService(new URL("./fixtures/cancellable.ts", import.meta.url));
});
afterAll(() => running.service.close());

describe("serve: a node's run-filled signal parameter", () => {
  it("is served, with a request schema that asks only for its real inputs", async () => {
    const document = (await (await fetch(`${running.url}/openapi.json`)).json()) as { paths: Record<string, { post: { requestBody: { content: Record<string, { schema: { properties: object; required?: string[] } }> } } }> };
    expect(Object.keys(document.paths)).toContain("/outputs/doubled");
    const schema = document.paths["/outputs/doubled"]!.post.requestBody.content["application/json"]!.schema;
    expect(Object.keys(schema.properties)).toEqual(["rate"]);
    expect(schema.required).toEqual(["rate"]);
  });

  it("answers with the node's value, the run passing its own signal", async () => {
    expect(await post(`${running.url}/outputs/doubled`, { rate: 4 })).toMatchObject({ status: 200, body: 8 });
    expect(await post(`${running.url}/execute`, { outputs: ["doubled", "plusOne"], inputs: { rate: 4 } })).toMatchObject({ status: 200, body: { doubled: 8, plusOne: 5 } });
  });

  it("serves any node whose optional inputs have no JSON form, without them (they keep their default)", async () => {
    const document = (await (await fetch(`${running.url}/openapi.json`)).json()) as { paths: Record<string, { post: { requestBody: { content: Record<string, { schema: { properties: object } }> } } }> };
    expect(Object.keys(document.paths["/outputs/lookedUp"]!.post.requestBody.content["application/json"]!.schema.properties)).toEqual(["rate"]);
    expect(await post(`${running.url}/outputs/lookedUp`, { rate: 4 })).toMatchObject({ status: 200, body: 40 });
  });

  it("refuses a request that tries to pass the signal itself, naming it", async () => {
    const reply = await post(`${running.url}/outputs/doubled`, { rate: 4, signal: {} });
    expect(reply.status).toBe(422);
    expect(JSON.stringify(reply.body)).toContain("signal");
  });
});
