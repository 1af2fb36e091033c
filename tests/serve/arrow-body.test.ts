/**
 * The Arrow IPC body reader over real HTTP: a body with a Content-Length is read into one buffer
 * of that size, a chunked body (no Content-Length) is joined, and either over the body limit is a
 * 413 (before reading, when the Content-Length says so) after which the server still answers.
 */
import { request } from "node:http";
import { makeVector, Table, tableFromIPC, tableToIPC } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARROW_STREAM } from "funcflow/serve";
import { post, startService, type TestService } from "./support/start-service.ts";

const BODY_LIMIT = 1024 * 1024;
let running: TestService;
beforeAll(async () => {
  running = await startService(new URL("../../examples/hello-world/transforms.ts", import.meta.url), { outputs: ["spendPerSignup"], bodyLimit: BODY_LIMIT });
});
afterAll(() => running.service.close());

const columns = (rows: number) => ({
  spend: Float64Array.from({ length: rows }, (_, row) => 10 + row),
  signups: Float64Array.from({ length: rows }, (_, row) => 1 + (row % 7)),
});
const ipc = ({ spend, signups }: ReturnType<typeof columns>) => tableToIPC(new Table({ spend: makeVector(spend), signups: makeVector(signups) }), "stream");

/** POSTs `body` in `pieces` writes with chunked transfer encoding (no Content-Length). */
function postChunked(url: string, body: Uint8Array, pieces: number): Promise<{ status: number; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers: { "content-type": ARROW_STREAM, accept: ARROW_STREAM, "transfer-encoding": "chunked" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    const size = Math.ceil(body.byteLength / pieces);
    for (let at = 0; at < body.byteLength; at += size) req.write(body.subarray(at, at + size));
    req.end();
  });
}

const expected = ({ spend, signups }: ReturnType<typeof columns>) => Array.from(spend, (value, row) => value / signups[row]!);

describe("serve: Arrow IPC request bodies", () => {
  it("reads a body of many socket chunks with its Content-Length into the same numbers", async () => {
    const values = columns(50_000); // 800 KB: many reads of the socket
    const reply = await post(`${running.url}/outputs/spendPerSignup`, ipc(values), { "content-type": ARROW_STREAM, accept: ARROW_STREAM });
    expect(reply.status).toBe(200);
    expect(Array.from(tableFromIPC(reply.body as Uint8Array).getChild("spendPerSignup")!.toArray() as Float64Array)).toEqual(expected(values));
  });

  it("reads a chunked body without a Content-Length", async () => {
    const values = columns(20_000);
    const reply = await postChunked(`${running.url}/outputs/spendPerSignup`, ipc(values), 7);
    expect(reply.status).toBe(200);
    expect(Array.from(tableFromIPC(reply.bytes).getChild("spendPerSignup")!.toArray() as Float64Array)).toEqual(expected(values));
  });

  it("answers 413 to a chunked body that grows over the limit, then serves the next request", async () => {
    const reply = await postChunked(`${running.url}/outputs/spendPerSignup`, ipc(columns(BODY_LIMIT / 8)), 16);
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.bytes.toString())).toMatchObject({ detail: [{ type: "body_too_large" }] });
    expect(await post(`${running.url}/outputs/spendPerSignup`, { spend: [10], signups: [4] })).toMatchObject({ status: 200, body: [2.5] });
  });
});
