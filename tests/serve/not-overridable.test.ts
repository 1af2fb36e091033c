/**
 * Nodes serve cannot carry over HTTP, over real HTTP on loopback: overriding a node whose type
 * has no JSON schema is refused saying so, and the startup log names, once, every output left
 * out (with why) and every node that cannot be overridden.
 */
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { post, startService, type TestService } from "./support/start-service.ts";

let running: TestService;
const log: { level: number; msg: string; output?: string; nodes?: string[] }[] = [];

beforeAll(async () => {
  const logStream = new PassThrough();
  logStream.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line.trim() !== "") log.push(JSON.parse(line) as (typeof log)[number]);
  });
  running = await startService(new URL("./fixtures/not-overridable.ts", import.meta.url), { logLevel: "info", logStream });
});
afterAll(() => running.service.close());

describe("nodes with no JSON form", () => {
  it("refuses an override of a Record<string, unknown> node saying its type has no JSON schema", async () => {
    const reply = await post(`${running.url}/execute`, { outputs: ["request_size"], overrides: { request_raw: { a: 1 } } });
    expect(reply.status).toBe(422);
    expect(reply.body).toEqual({
      detail: [
        {
          loc: ["body", "overrides", "request_raw"],
          type: "extra_forbidden",
          msg: expect.stringMatching(/^Extra field not permitted: "request_raw" is a node, but its type has no JSON schema, so it cannot be overridden over HTTP: request_raw\.\*: the type `unknown` has no JSON form/),
        },
      ],
    });
  });

  it("keeps the plain message for a field that is no node at all", async () => {
    const reply = await post(`${running.url}/execute`, { outputs: ["doubled"], inputs: { x: 1 }, overrides: { nothing: 1 } });
    expect(reply).toMatchObject({ status: 422, body: { detail: [{ loc: ["body", "overrides", "nothing"], msg: "Extra field not permitted: the operation does not take it." }] } });
  });

  it("still serves and computes the rest", async () => {
    expect(await post(`${running.url}/execute`, { outputs: ["doubled", "request_size"], inputs: { x: 4 } })).toMatchObject({ status: 200, body: { doubled: 8, request_size: 2 } });
  });

  it("logs at startup, once each, the outputs not served with why, and the nodes not overridable", () => {
    const notServed = log.filter((line) => line.msg.startsWith("not served: "));
    expect(notServed.map((line) => line.output).sort()).toEqual(["lookup_size", "request_raw"]);
    expect(notServed.find((line) => line.output === "lookup_size")!.msg).toMatch(/^not served: it needs the input "lookup", which no request can carry: lookup: the type `Map<string, number>` has no JSON form/);
    const overridable = log.filter((line) => line.msg.startsWith("not overridable over HTTP"));
    expect(overridable).toHaveLength(1);
    expect(overridable[0]!.nodes).toEqual(["request_raw"]);
  });
});
