import { MessageChannel, receiveMessageOnPort } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { makeVector, tableFromArrays, type Table, type Vector } from "apache-arrow";
import { decodeValue, encodeValue, shareBuffers } from "../../src/codec/index.ts";

/** Sends a message through a real port, as a worker would, and reads it back. */
function post(payload: unknown, transferList: ArrayBuffer[]): unknown {
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(payload, transferList);
  const { message } = receiveMessageOnPort(port2)!;
  port1.close();
  return message;
}

async function roundTrip<Value>(value: Value, mode: "transfer" | "share" | "clone"): Promise<Value> {
  const { payload, transferList } = encodeValue(value, mode);
  return (await decodeValue(post(payload, transferList) as never)) as Value;
}

const sampleTable = () =>
  tableFromArrays({ price: Float64Array.from([1.5, 2.5, 4]), units: Int32Array.from([1, 2, 3]), label: ["a", "b", "a"] });

describe("encodeValue / decodeValue", () => {
  it("moves a typed array's buffer in transfer mode: the sender's copy is detached, nothing copied", async () => {
    const values = Float64Array.from([1, 2, 3]);
    const { payload, transferList } = encodeValue(values, "transfer");
    expect(transferList).toEqual([values.buffer]);
    const received = post(payload, transferList);
    expect(values.byteLength).toBe(0); // moved away
    expect(await decodeValue(received as never)).toEqual(Float64Array.from([1, 2, 3]));
  });

  it("copies in clone mode and leaves the sender's buffers intact", async () => {
    const values = Float64Array.from([1, 2, 3]);
    const { transferList } = encodeValue(values, "clone");
    expect(transferList).toEqual([]);
    expect(await roundTrip(values, "clone")).toEqual(values);
    expect(values.byteLength).toBe(24);
  });

  it("never copies a buffer that lives in shared memory, in any mode", async () => {
    const shared = new Float64Array(new SharedArrayBuffer(16));
    shared.set([7, 8]);
    for (const mode of ["transfer", "clone", "share"] as const) {
      const { payload, transferList } = encodeValue(shared, mode);
      expect(transferList).toEqual([]);
      const received = (await decodeValue(post(payload, transferList) as never)) as Float64Array;
      expect(received.buffer).toBeInstanceOf(SharedArrayBuffer);
      received[0] = 70; // same memory: the writer sees it
      expect(shared[0]).toBe(70);
      shared[0] = 7;
    }
  });

  it("rebuilds an Arrow Table with its schema, dictionary column and values", async () => {
    for (const mode of ["transfer", "clone", "share"] as const) {
      const table = await roundTrip(sampleTable(), mode);
      expect(table.schema.fields.map((field) => `${field.name}:${String(field.type)}`)).toEqual([
        "price:Float64",
        "units:Int32",
        "label:Dictionary<Int32, Utf8>",
      ]);
      expect(table.toArray().map((row) => row.toJSON())).toEqual([
        { price: 1.5, units: 1, label: "a" },
        { price: 2.5, units: 2, label: "b" },
        { price: 4, units: 3, label: "a" },
      ]);
    }
  });

  it("moves every buffer of an Arrow Table in transfer mode, each once", () => {
    const table = sampleTable();
    const { transferList } = encodeValue(table, "transfer");
    expect(new Set(transferList).size).toBe(transferList.length);
    const price = table.getChild("price")!.data[0]!.values as Float64Array;
    expect(transferList).toContain(price.buffer);
  });

  it("rebuilds a sliced Arrow Vector and Arrow values nested in arrays and objects", async () => {
    const vector = makeVector(Float64Array.from([1, 2, 3, 4, 5])).slice(1, 4);
    const nested = { model: { weights: vector }, tables: [sampleTable()], note: "kept" };
    const back = await roundTrip(nested, "clone");
    expect([...(back.model.weights as Vector)]).toEqual([2, 3, 4]);
    expect((back.tables[0] as Table).numRows).toBe(3);
    expect(back.note).toBe("kept");
  });

  it("passes plain data through structured clone", async () => {
    const make = () => ({ when: new Date(0), list: [1, "a", null], nested: { deep: [new Uint8Array([1])] } });
    const value = make();
    expect(await roundTrip(value, "transfer")).toEqual(make());
    expect(value.nested.deep[0]!.byteLength).toBe(0); // the typed array inside was moved, not copied
  });
});

describe("shareBuffers", () => {
  it("copies a table's buffers into shared memory once, so sending it costs no copy", async () => {
    const shared = await shareBuffers(sampleTable());
    const price = shared.getChild("price")!.data[0]!.values as Float64Array;
    expect(price.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(encodeValue(shared, "clone").transferList).toEqual([]);
    expect([...shared.getChild("price")!]).toEqual([1.5, 2.5, 4]);
  });
});
