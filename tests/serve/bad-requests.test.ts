/**
 * A matrix of bad requests against a real service on loopback: each gets its status and a body
 * that says what is wrong and where, and the server answers a good request right after each.
 */
import { makeVector, tableToIPC, Table, vectorFromArray, Utf8 } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARROW_STREAM } from "funcflow/serve";
import { post, startService, type TestService } from "./support/start-service.ts";

let running: TestService;
const BODY_LIMIT = 64 * 1024;

beforeAll(async () => {
  running = await startService(new URL("./fixtures/service.ts", import.meta.url), { timeoutMs: 400, bodyLimit: BODY_LIMIT });
});
afterAll(() => running.service.close());

const arrow = (columns: Record<string, import("apache-arrow").Vector>) => tableToIPC(new Table(columns), "stream");
const ARROW_HEADERS = { "content-type": ARROW_STREAM };

interface Case {
  readonly name: string;
  readonly path: string;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
  readonly status: number;
  /** Part of the body's first detail. */
  readonly detail: Record<string, unknown>;
}

const cases: Case[] = [
  { name: "a string in a Float64 vector", path: "/execute", body: { outputs: ["total"], inputs: { amounts: ["a"] } }, status: 422, detail: { loc: ["body", "inputs", "amounts", 0], type: "number_type" } },
  { name: "a string where an Arrow vector belongs", path: "/outputs/total", body: { amounts: "1,2,3" }, status: 422, detail: { loc: ["body", "amounts"], type: "array_type" } },
  { name: "a number where a vector belongs", path: "/execute", body: { outputs: ["total"], inputs: { amounts: 5 } }, status: 422, detail: { loc: ["body", "inputs", "amounts"], type: "array_type" } },
  { name: "no outputs field", path: "/execute", body: { inputs: { amounts: [1] } }, status: 422, detail: { loc: ["body", "outputs"], type: "missing" } },
  { name: "an empty outputs list", path: "/execute", body: { outputs: [], inputs: {} }, status: 422, detail: { loc: ["body", "outputs"], type: "minItems" } },
  { name: "outputs as a string", path: "/execute", body: { outputs: "total" }, status: 422, detail: { loc: ["body", "outputs"], type: "array_type" } },
  { name: "an extra top-level field", path: "/execute", body: { outputs: ["total"], inputs: { amounts: [1] }, debug: true }, status: 422, detail: { loc: ["body", "debug"], type: "extra_forbidden" } },
  { name: "a misspelt input", path: "/execute", body: { outputs: ["total"], inputs: { amuonts: [1] } }, status: 422, detail: { loc: ["body", "inputs", "amuonts"], type: "extra_forbidden" } },
  { name: "a missing input on /execute", path: "/execute", body: { outputs: ["total", "price"], inputs: {} }, status: 422, detail: { loc: ["body", "inputs", "amounts"], type: "missing" } },
  { name: "an unknown output", path: "/execute", body: { outputs: ["totl"], inputs: { amounts: [1] } }, status: 404, detail: { type: "unknown_output", suggestion: ["total"] } },
  { name: "an output whose type has no JSON form", path: "/execute", body: { outputs: ["lookup"] }, status: 404, detail: { type: "unknown_output", msg: expect.stringMatching(/"lookup" is not served: lookup: the type `Map<string, number>` has no JSON form/) } },
  { name: "a missing input on /outputs", path: "/outputs/total", body: {}, status: 422, detail: { loc: ["body", "amounts"], type: "missing", msg: "Field required." } },
  { name: "an extra input on /outputs", path: "/outputs/total", body: { amounts: [1], plan: "pro" }, status: 422, detail: { loc: ["body", "plan"], type: "extra_forbidden" } },
  { name: "a value outside a literal union", path: "/outputs/price", body: { plan: "gold" }, status: 422, detail: { loc: ["body", "plan"], type: "enum" } },
  { name: "an interface missing a required field", path: "/outputs/greeting", body: { person: { age: 3 } }, status: 422, detail: { loc: ["body", "person", "name"], type: "missing" } },
  { name: "an interface with an extra field", path: "/outputs/greeting", body: { person: { name: "Ada", email: "a@b" } }, status: 422, detail: { loc: ["body", "person", "email"], type: "extra_forbidden" } },
  { name: "a Date that is not ISO", path: "/outputs/daysBetween", body: { start: "yesterday", end: "2024-01-02T00:00:00Z" }, status: 422, detail: { loc: ["body", "start"], type: "format" } },
  { name: "a numeric string (never coerced)", path: "/outputs/weighted", body: { weights: [1], factor: "3" }, status: 422, detail: { loc: ["body", "factor"], type: "number_type" } },
  { name: "a table column of the wrong type", path: "/outputs/rowCount", body: { frame: { price: ["x"], region: ["US"] } }, status: 422, detail: { loc: ["body", "frame", "price", 0], type: "number_type" } },
  { name: "a table missing a column", path: "/outputs/rowCount", body: { frame: { price: [1] } }, status: 422, detail: { loc: ["body", "frame", "region"], type: "missing" } },
  { name: "malformed JSON", path: "/execute", body: '{"outputs": [', status: 422, detail: { loc: ["body"], type: "json_invalid" } },
  { name: "an empty JSON body", path: "/outputs/total", body: "", status: 422, detail: { loc: ["body"] } },
  { name: "a text/plain body", path: "/execute", body: "total", headers: { "content-type": "text/plain" }, status: 415, detail: { loc: ["header", "content-type"], type: "unsupported_media_type" } },
  { name: "an XML body", path: "/outputs/total", body: "<amounts/>", headers: { "content-type": "application/xml" }, status: 415, detail: { type: "unsupported_media_type" } },
  { name: "a body over the size limit", path: "/outputs/total", body: { amounts: Array.from({ length: BODY_LIMIT / 4 }, () => 1.5) }, status: 413, detail: { type: "body_too_large" } },
  { name: "an Arrow body over the size limit", path: "/outputs/total", body: arrow({ amounts: makeVector(new Float64Array(BODY_LIMIT / 8)) }), headers: ARROW_HEADERS, status: 413, detail: { type: "body_too_large" } },
  { name: "malformed Arrow", path: "/outputs/total", body: new Uint8Array([1, 2, 3, 4, 5]), headers: ARROW_HEADERS, status: 422, detail: { loc: ["body"], type: "arrow_invalid" } },
  { name: "an Arrow column of the wrong type", path: "/outputs/total", body: arrow({ amounts: vectorFromArray(["a"], new Utf8()) }), headers: ARROW_HEADERS, status: 422, detail: { loc: ["body", "amounts"], type: "arrow_type" } },
  { name: "an unknown Arrow column", path: "/outputs/total", body: arrow({ amounts: makeVector(new Float64Array([1])), extra: makeVector(new Float64Array([1])) }), headers: ARROW_HEADERS, status: 422, detail: { loc: ["body", "extra"], type: "extra_forbidden" } },
  { name: "a missing Arrow column", path: "/outputs/weighted", body: arrow({ factor: makeVector(new Float64Array([3])) }), headers: ARROW_HEADERS, status: 422, detail: { loc: ["body", "weights"], type: "missing" } },
  { name: "an Arrow table column of the wrong type", path: "/outputs/rowCount", body: arrow({ price: vectorFromArray(["1"], new Utf8()), region: vectorFromArray(["US"], new Utf8()) }), headers: ARROW_HEADERS, status: 422, detail: { loc: ["body", "frame", "price"], type: "arrow_type" } },
  { name: "an Arrow table input as a plain column", path: "/execute?outputs=rowCount", body: arrow({ frame: makeVector(new Float64Array([1])) }), headers: ARROW_HEADERS, status: 422, detail: { loc: ["body", "frame"], type: "arrow_type" } },
  { name: "Arrow on /execute without ?outputs", path: "/execute", body: arrow({ amounts: makeVector(new Float64Array([1])) }), headers: ARROW_HEADERS, status: 422, detail: { loc: ["query", "outputs"], type: "missing" } },
  { name: "a node that throws", path: "/outputs/explode", body: { trigger: 7 }, status: 500, detail: { loc: ["node", "explode"], type: "node_failed", node: "explode" } },
  { name: "a node that hangs", path: "/outputs/hang", body: { forever: 1 }, status: 504, detail: { type: "timeout" } },
  { name: "an unknown output path", path: "/outputs/totl", body: {}, status: 404, detail: { loc: ["path", "name"], type: "unknown_output", suggestion: ["total"] } },
];

describe("serve: bad requests", () => {
  it("covers at least 25 kinds of bad request", () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases)("$name → $status, and the next good request is answered", async ({ path, body, headers, status, detail }) => {
    const reply = await post(`${running.url}${path}`, body, headers);
    expect(reply.status).toBe(status);
    const { detail: details } = reply.body as { detail: Record<string, unknown>[] };
    expect(details.length).toBeGreaterThan(0);
    expect(details[0]).toMatchObject(detail);
    expect(typeof details[0]!.msg).toBe("string");
    expect(JSON.stringify(reply.body)).not.toMatch(/\s+at .*\.ts:\d+/);
    const good = await post(`${running.url}/outputs/total`, { amounts: [1, 2, 3.5] });
    expect(good).toMatchObject({ status: 200, body: 6.5 });
  });

  it("names a node that throws and its message, without a stack", async () => {
    const reply = await post(`${running.url}/outputs/explode`, { trigger: 7 });
    const [detail] = (reply.body as { detail: { msg: string }[] }).detail;
    expect(detail!.msg).toContain('Node "explode" failed');
    expect(detail!.msg).toContain("boom at 7");
    expect(reply.body).not.toHaveProperty("stack");
  });

  it("lists every problem of one request, capped at 20 plus a note", async () => {
    const reply = await post(`${running.url}/outputs/total`, { amounts: Array.from({ length: 100 }, () => "x") });
    expect(reply.status).toBe(422);
    const { detail } = reply.body as { detail: { loc: unknown[]; type: string }[] };
    expect(detail).toHaveLength(21);
    expect(detail[19]!.loc).toEqual(["body", "amounts", 19]);
    expect(detail[20]!.type).toBe("too_many_errors");
  });

  it("never changes the data: no coercion of numeric strings, no removal of extra fields", async () => {
    const coerced = await post(`${running.url}/outputs/total`, { amounts: ["1", "2"] });
    expect(coerced.status).toBe(422);
    const stripped = await post(`${running.url}/outputs/greeting`, { person: { name: "Ada", extra: 1 } });
    expect(stripped.status).toBe(422);
  });
});

describe("serve: verbose errors", () => {
  it("puts the stack in a failed node's body only when verbose", async () => {
    const verbose = await startService(new URL("./fixtures/service.ts", import.meta.url), { verbose: true, outputs: ["explode"] });
    try {
      const reply = await post(`${verbose.url}/outputs/explode`, { trigger: 1 });
      expect(reply.status).toBe(500);
      expect((reply.body as { stack: string }).stack).toMatch(/boom at 1/);
    } finally {
      await verbose.service.close();
    }
  });
});
