/**
 * Port of Hamilton's examples/async (tests/fixtures/ports/async): a pipeline of async and sync
 * functions that fastapi_example.py runs per request with the request object as the input.
 * What the README promises is checked: the result `{"pipeline":{"computation1":false,
 * "computation2":true}}`, independent async nodes running concurrently, and tasks given as
 * inputs being awaited. The Fetch API `Request` stands in for fastapi's.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { Builder, type LifecycleAdapter } from "funcflow";
import { rejection } from "../support/caught.ts";

const module = new URL("../fixtures/ports/async/async_module.ts", import.meta.url);
const build = () => new Builder().withModules(module).build();
const post = (body: string) => new Request("http://localhost:8000/execute", { method: "POST", headers: { accept: "application/json" }, body });

afterEach(() => vi.restoreAllMocks());

describe("ports/async", () => {
  it("has the example's nodes, async ones marked, and `request` as the one input; the exported constant is no node", async () => {
    const dr = await build();
    expect(Object.fromEntries(dr.listNodes().map((node) => [node.name, [node.kind, node.isAsync]]))).toEqual({
      request_raw: ["function", true],
      foo: ["function", false],
      bar: ["function", false],
      some_data: ["function", true],
      computation1: ["function", true],
      computation2: ["function", true],
      pipeline: ["function", true],
      request: ["input", false],
    });
  });

  it("curl -d '{}' gets the README's result, and the two computations overlap: both start before either ends", async () => {
    const events: string[] = [];
    const watch: LifecycleAdapter = {
      name: "watch",
      beforeNode: ({ name }) => void (name.startsWith("computation") && events.push(`start ${name}`)),
      afterNode: ({ name }) => void (name.startsWith("computation") && events.push(`end ${name}`)),
    };
    const dr = await new Builder().withModules(module).withAdapters(watch).build();
    const result = await dr.execute(["pipeline"], { inputs: { request: post("{}") } });
    expect(result).toEqual({ pipeline: { computation1: false, computation2: true } });
    expect(events.slice(0, 2).sort()).toEqual(["start computation1", "start computation2"]);
    expect(events.slice(2).sort()).toEqual(["end computation1", "end computation2"]);
  });

  it("foo and bar read the body, with their defaults when a key is absent or the body is not JSON", async () => {
    const dr = await build();
    expect(await dr.execute(["foo", "bar"], { inputs: { request: post('{"foo":"x"}') } })).toEqual({ foo: "x", bar: "baz" });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(await dr.execute(["foo", "bar"], { inputs: { request: post("not json") } })).toEqual({ foo: "far", bar: "baz" });
    expect(warn).toHaveBeenCalledOnce();
  });

  it("a task given as an input (or override) is awaited, as the README says the async driver does", async () => {
    const dr = await build();
    const request = new Promise<Request>((resolve) => setTimeout(() => resolve(post('{"bar":"b"}')), 5));
    expect(await dr.execute(["bar"], { inputs: { request } })).toEqual({ bar: "b" });
    expect(await dr.execute(["foo", "bar"], { overrides: { request_raw: Promise.resolve({ foo: "p" }) } })).toEqual({ foo: "p", bar: "baz" });
  });

  it("a body read twice fails in the async node: node_failed naming request_raw, the TypeError kept as cause", async () => {
    const dr = await build();
    const request = post("{}");
    await request.text();
    const error = await rejection(dr.execute(["pipeline"], { inputs: { request } }));
    expect(error.code).toBe("node_failed");
    expect(error.node).toBe("request_raw");
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it("without the request, the run names the input and the node that needs it before anything runs", async () => {
    const error = await rejection((await build()).execute(["pipeline"]));
    expect(error.code).toBe("missing_input");
    expect(error.input).toBe("request");
    expect(error.neededBy).toEqual(["request_raw"]);
  });

  it("visualize_execution(['pipeline']): the DOT of the run draws the request as an input and pipeline as the output", async () => {
    const dot = (await build()).toDot({ outputs: ["pipeline"], inputs: { request: post("{}") } });
    for (const name of ["request_raw", "computation1", "computation2", "some_data", "pipeline", "request"]) expect(dot).toContain(name);
  });
});
