/**
 * Per-node timings on demand, over real HTTP: `x-funcflow-timings: 1` or `?timings` gives one
 * Server-Timing entry per node the request ran and a log line with the same figures; without
 * them there is no Server-Timing header.
 */
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { post, startService, type TestService } from "./support/start-service.ts";

let running: TestService;
const log: Record<string, unknown>[] = [];
const body = { spend: [10, 10, 20, 40], signups: [1, 10, 50, 100] };

beforeAll(async () => {
  const logStream = new PassThrough();
  logStream.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) if (line.trim() !== "") log.push(JSON.parse(line) as Record<string, unknown>);
  });
  running = await startService(new URL("../../examples/hello-world/transforms.ts", import.meta.url), { logLevel: "info", logStream });
});
afterAll(() => running.service.close());

/** The Server-Timing entries as name → { dur, desc }. */
function entries(header: string | null): Map<string, { dur: number; desc?: string }> {
  const parsed = new Map<string, { dur: number; desc?: string }>();
  for (const entry of (header ?? "").split(",")) {
    const [name, ...params] = entry.trim().split(";");
    const fields = Object.fromEntries(params.map((param) => param.split("=") as [string, string]));
    parsed.set(name!, { dur: Number(fields.dur), ...(fields.desc !== undefined && { desc: JSON.parse(fields.desc) as string }) });
  }
  return parsed;
}

describe("serve: per-node timings on demand", () => {
  it("x-funcflow-timings: 1 gives one Server-Timing entry per node the output needs, and a log line", async () => {
    const reply = await post(`${running.url}/outputs/spendZeroMeanUnitVariance`, { spend: body.spend }, { "content-type": "application/json", "x-funcflow-timings": "1" });
    expect(reply.status).toBe(200);
    const timing = entries(reply.headers.get("server-timing"));
    expect([...timing.keys()].sort()).toEqual(["execute", "spendMean", "spendStdDev", "spendZeroMean", "spendZeroMeanUnitVariance"]);
    for (const [name, { dur, desc }] of timing) {
      expect(dur).toBeGreaterThanOrEqual(0);
      expect(desc).toBe(name === "execute" ? undefined : "node");
      expect(dur).toBeLessThanOrEqual(timing.get("execute")!.dur + 0.01);
    }
    const requestId = reply.headers.get("x-request-id");
    const line = log.find((entry) => entry.msg === "node timings" && entry.reqId === requestId);
    expect(line).toMatchObject({ nodeTimings: { spendMean: expect.any(Number), spendZeroMeanUnitVariance: expect.any(Number) }, executeMs: expect.any(Number) });
  });

  it("?timings does the same on /execute, for every output's nodes, each once", async () => {
    const reply = await post(`${running.url}/execute?timings`, { outputs: ["spendPerSignup", "spendMean"], inputs: body });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ spendPerSignup: [10, 1, 0.4, 0.4], spendMean: 20 });
    expect([...entries(reply.headers.get("server-timing")).keys()].sort()).toEqual(["execute", "spendMean", "spendPerSignup"]);
  });

  it("without asking (or with x-funcflow-timings: 0), there is no Server-Timing header and nothing is logged", async () => {
    const before = log.filter((entry) => entry.msg === "node timings").length;
    for (const headers of [{}, { "x-funcflow-timings": "0" }] as Record<string, string>[]) {
      const reply = await post(`${running.url}/outputs/spendPerSignup`, body, { "content-type": "application/json", ...headers });
      expect(reply.status).toBe(200);
      expect(reply.headers.get("server-timing")).toBeNull();
    }
    expect(log.filter((entry) => entry.msg === "node timings")).toHaveLength(before);
  });

  it("?timings is documented on every output operation and any other query parameter is still refused", async () => {
    const document = (await (await fetch(`${running.url}/openapi.json`)).json()) as { paths: Record<string, { post: { parameters?: { name: string; in: string }[] } }> };
    expect(document.paths["/outputs/spendMean"]!.post.parameters).toContainEqual(expect.objectContaining({ name: "timings", in: "query" }));
    const reply = await post(`${running.url}/outputs/spendMean?verbose=1`, { spend: [1] });
    expect(reply.status).toBe(422);
    expect(await post(`${running.url}/outputs/spendMean?timings=1`, { spend: [1, 3] })).toMatchObject({ status: 200, body: 2 });
  });
});
