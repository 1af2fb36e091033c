/**
 * `funcflow serve` as a real child process: the "done when" request and its 422, the
 * request log, and a SIGTERM that lets the request in flight finish before the process exits.
 */
import { once } from "node:events";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { post } from "./support/start-service.ts";
import { startServeProcess, type ServeProcess } from "./support/serve-process.ts";

describe("funcflow serve examples/hello-world/transforms.ts", () => {
  let server: ServeProcess;
  beforeAll(async () => {
    server = await startServeProcess(["examples/hello-world/transforms.ts"]);
  }, 120_000);
  afterAll(async () => {
    if (server.child.exitCode === null) {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  });

  it("answers the issue's request with {spendPerSignup: [10, 1, 0.4]}", async () => {
    const reply = await post(`${server.url}/execute`, { outputs: ["spendPerSignup"], inputs: { spend: [10, 10, 20], signups: [1, 10, 50] } });
    expect(reply).toMatchObject({ status: 200, body: { spendPerSignup: [10, 1, 0.4] } });
  });

  it('answers "spend": ["a"] with 422 naming spend', async () => {
    const reply = await post(`${server.url}/execute`, { outputs: ["spendPerSignup"], inputs: { spend: ["a"], signups: [1, 10, 50] } });
    expect(reply.status).toBe(422);
    expect(reply.body).toEqual({ detail: [{ loc: ["body", "inputs", "spend", 0], msg: "Input should be a number.", type: "number_type" }] });
  });

  it("serves /openapi.json, /docs, /healthz and /readyz", async () => {
    for (const path of ["/openapi.json", "/docs", "/healthz", "/readyz"]) {
      const response = await fetch(`${server.url}${path}`);
      // Read to the end: an unread body keeps its connection busy.
      await response.arrayBuffer();
      expect(response.status, path).toBe(200);
    }
  });

  it("logs each request as JSON with its request id and time", async () => {
    const reply = await post(`${server.url}/outputs/spendMean`, { spend: [1, 2] }, { "content-type": "application/json", "x-request-id": "trace-me-42" });
    expect(reply.headers.get("x-request-id")).toBe("trace-me-42");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = server.output.stdout.split("\n").filter((line) => line.includes("trace-me-42")).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.msg)).toEqual(["incoming request", "request completed"]);
    expect(lines[1]).toMatchObject({ reqId: "trace-me-42", res: { statusCode: 200 } });
    expect(typeof lines[1]!.responseTime).toBe("number");
  });
});

describe("funcflow serve: graceful shutdown", () => {
  it("on SIGTERM finishes the request in flight, refuses new ones, and exits 0", async () => {
    const server = await startServeProcess(["tests/serve/fixtures/service.ts", "--outputs", "slow,total"]);
    const inFlight = post(`${server.url}/outputs/slow`, { delayMs: 1500 });
    await new Promise((resolve) => setTimeout(resolve, 400));
    server.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const late = await fetch(`${server.url}/healthz`).then(
      (response) => response.status,
      () => "refused",
    );
    expect([503, "refused"]).toContain(late);
    expect(await inFlight).toMatchObject({ status: 200, body: 1500 });
    expect(await server.exited).toBe(0);
    expect(server.output.stdout).toContain("shutting down: finishing in-flight requests");
  }, 120_000);

  it("on SIGTERM closes a connection still open a second after the request timeout (a client that never finishes its request)", async () => {
    const server = await startServeProcess(["examples/hello-world/transforms.ts", "--timeout", "500"]);
    const socket = connect(Number(new URL(server.url).port), "127.0.0.1");
    try {
      await once(socket, "connect");
      // Headers never finished: without the grace period the close waited for Node's headersTimeout (60 s).
      socket.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\n");
      await new Promise((resolve) => setTimeout(resolve, 300));
      server.child.kill("SIGTERM");
      const exit = await Promise.race([server.exited, new Promise((resolve) => setTimeout(() => resolve("still running after 15 s"), 15_000))]);
      expect(exit).toBe(0);
      expect(server.output.stdout).toContain("closing connections still open after the grace period");
    } finally {
      socket.destroy();
      if (server.child.exitCode === null) server.child.kill("SIGKILL");
    }
  }, 120_000);

  it("fails at start, naming the type, when an asked-for output has no JSON form", async () => {
    const failed = await startServeProcess(["tests/serve/fixtures/service.ts", "--outputs", "lookup"]).catch((error: Error) => error.message);
    expect(failed).toMatch(/exited with 1 before listening/);
    expect(failed).toMatch(/lookup: the type `Map<string, number>` has no JSON form/);
  }, 120_000);
});
