/**
 * Typed `Table<{…}>` inputs in Arrow IPC requests, over real HTTP: the whole stream when the table
 * is the operation's one input, else a Struct column named after it; the numbers match the JSON
 * request's, and a missing, extra or mistyped column is a 422 naming the column.
 */
import { makeVector, Table, tableToIPC, vectorFromArray, Utf8, Float64, Int32, type Vector } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARROW_STREAM } from "funcflow/serve";
import { post, startService, type TestService } from "./support/start-service.ts";

let running: TestService;
beforeAll(async () => {
  running = await startService(new URL("./fixtures/service.ts", import.meta.url), { outputs: ["rowCount", "priceTotal", "total"] });
});
afterAll(() => running.service.close());

const ARROW = { "content-type": ARROW_STREAM };
const prices = [12.5, 7.25, 30];
const regions = ["EU", "US", "EU"];
const frame = (columns: Record<string, Vector> = { price: makeVector(new Float64Array(prices)), region: vectorFromArray(regions, new Utf8()) }) => new Table(columns);
/** The frame as one Struct column named `frame`. */
const asStruct = (table: Table, name = "frame") => new Table({ [name]: makeVector(table.batches[0]!.data) });
const ipc = (table: Table) => tableToIPC(table, "stream");

describe("serve: Arrow IPC table inputs", () => {
  it("takes the whole stream as the table when it is the operation's one input, with the JSON request's numbers", async () => {
    const json = await post(`${running.url}/outputs/priceTotal`, { frame: { price: prices, region: regions } });
    const arrow = await post(`${running.url}/outputs/priceTotal`, ipc(frame()), ARROW);
    expect(json).toMatchObject({ status: 200, body: 49.75 });
    expect(arrow).toMatchObject({ status: 200, body: 49.75 });
  });

  it("takes a Struct column named after the input, on /outputs and /execute", async () => {
    expect(await post(`${running.url}/outputs/rowCount`, ipc(asStruct(frame())), ARROW)).toMatchObject({ status: 200, body: 3 });
    const both = await post(`${running.url}/execute?outputs=rowCount,priceTotal`, ipc(asStruct(frame())), ARROW);
    expect(both).toMatchObject({ status: 200, body: { rowCount: 3, priceTotal: 49.75 } });
  });

  it("answers a column of the wrong type with 422 naming the column, in both forms", async () => {
    const wrong = frame({ price: vectorFromArray(["12.5", "7", "30"], new Utf8()), region: vectorFromArray(regions, new Utf8()) });
    for (const [path, body] of [["/outputs/priceTotal", wrong], ["/execute?outputs=rowCount", asStruct(wrong)]] as const) {
      const reply = await post(`${running.url}${path}`, ipc(body), ARROW);
      expect(reply.status).toBe(422);
      expect((reply.body as { detail: unknown[] }).detail).toEqual([{ loc: ["body", "frame", "price"], msg: "Column price should be Arrow Float64, got Utf8.", type: "arrow_type" }]);
    }
    const narrow = frame({ price: vectorFromArray([1, 2], new Int32()), region: vectorFromArray(["EU", "US"], new Utf8()) });
    expect(((await post(`${running.url}/outputs/priceTotal`, ipc(narrow), ARROW)).body as { detail: { msg: string }[] }).detail[0]!.msg).toBe("Column price should be Arrow Float64, got Int32.");
  });

  it("lists a missing column and an extra one together", async () => {
    const reply = await post(`${running.url}/outputs/priceTotal`, ipc(frame({ price: makeVector(new Float64Array([1])), country: vectorFromArray(["FR"], new Utf8()) })), ARROW);
    expect(reply.status).toBe(422);
    expect((reply.body as { detail: unknown[] }).detail).toEqual([
      { loc: ["body", "frame", "region"], msg: "Column required: the table declares region.", type: "missing" },
      { loc: ["body", "frame", "country"], msg: "Extra column not permitted: the table declares price, region.", type: "extra_forbidden" },
    ]);
  });

  it("answers a table input sent as a plain column with 422 saying how to send it, and serves the next request", async () => {
    const reply = await post(`${running.url}/execute?outputs=rowCount`, ipc(new Table({ frame: vectorFromArray([1, 2], new Float64()) })), ARROW);
    expect(reply.status).toBe(422);
    expect((reply.body as { detail: { loc: unknown[]; msg: string; type: string }[] }).detail[0]).toMatchObject({ loc: ["body", "frame"], type: "arrow_type", msg: expect.stringContaining("Struct column") });
    expect(await post(`${running.url}/outputs/total`, { amounts: [1, 2] })).toMatchObject({ status: 200, body: 3 });
  });
});
