/** The concurrency limit and its queue, and readiness during shutdown, over real HTTP. */
import { describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { serve } from "funcflow/serve";
import { post, startService } from "./support/start-service.ts";

const fixture = new URL("./fixtures/service.ts", import.meta.url);

describe("serve: concurrency limit", () => {
  it("answers 503 beyond the limit and its queue, and serves again once a slot frees", async () => {
    const { service, url } = await startService(fixture, { outputs: ["slow", "total"], concurrency: 1, queue: 1, timeoutMs: 5_000 });
    try {
      const first = post(`${url}/outputs/slow`, { delayMs: 600 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const queued = post(`${url}/outputs/slow`, { delayMs: 10 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const refused = await post(`${url}/outputs/total`, { amounts: [1] });
      expect(refused.status).toBe(503);
      expect((refused.body as { detail: { type: string; msg: string }[] }).detail[0]).toMatchObject({ type: "overloaded", msg: expect.stringContaining("1 running, 1 waiting") });
      expect(await first).toMatchObject({ status: 200, body: 600 });
      expect(await queued).toMatchObject({ status: 200, body: 10 });
      expect(await post(`${url}/outputs/total`, { amounts: [1, 2] })).toMatchObject({ status: 200, body: 3 });
    } finally {
      await service.close();
    }
  });
});

describe("serve: close()", () => {
  it("finishes the request in flight, then stops listening", async () => {
    const { service, url } = await startService(fixture, { outputs: ["slow"] });
    const inFlight = post(`${url}/outputs/slow`, { delayMs: 500 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    const closing = service.close();
    expect(await inFlight).toMatchObject({ status: 200, body: 500 });
    await closing;
    await expect(fetch(`${url}/readyz`)).rejects.toThrow();
  });
});

describe("serve: the Driver's node timeouts", () => {
  it("answers a node past its withTimeout limit with 504 naming the node, before the request's own limit, and serves the next request", async () => {
    const driver = await new Builder().withModules(fixture).withTimeout({ node: 300 }).build();
    const service = await serve(driver, { port: 0, logLevel: false, outputs: ["hang", "total"], timeoutMs: 10_000 });
    try {
      const started = performance.now();
      const reply = await post(`${service.url}/outputs/hang`, { forever: 1 });
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(reply.status).toBe(504);
      expect(reply.body).toMatchObject({ code: "timeout", detail: [{ loc: ["node", "hang"], type: "timeout", node: "hang", msg: expect.stringContaining('Node "hang" did not finish within 300 ms') }] });
      expect(await post(`${service.url}/outputs/total`, { amounts: [1, 2] })).toMatchObject({ status: 200, body: 3 });
    } finally {
      await service.close();
    }
  });
});

describe("serve: its options are checked under its own name", () => {
  it("a bad limit given to serve names serve, not createServeApp, and nothing listens", async () => {
    const driver = await new Builder().withModules(fixture).build();
    const listening = () => process.getActiveResourcesInfo().filter((resource) => resource === "TCPServerWrap").length;
    const before = listening();
    await expect(serve(driver, { port: 0, logLevel: false, concurrency: 1.5 })).rejects.toMatchObject({ code: "invalid_argument", message: expect.stringMatching(/^serve: concurrency must be a whole number of requests, at least 1/) });
    expect(listening()).toBe(before);
  });
});
