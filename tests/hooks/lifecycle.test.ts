import { describe, expect, it } from "vitest";
import { Builder, FuncflowError, type LifecycleAdapter, type NodeEndEvent } from "funcflow";
import { rejection } from "../support/caught.ts";

const diamond = new URL("../fixtures/engine/diamond.ts", import.meta.url);
const failing = new URL("../fixtures/engine/failing-branch.ts", import.meta.url);
const builder = (url: URL = diamond) => new Builder().withModules(url).withManifestCache(false);

/** An adapter that records every hook call as `name:hook:node`, and the events themselves. */
function recorder(name: string, log: string[], events: unknown[] = []): LifecycleAdapter {
  return {
    name,
    beforeGraph: (event) => void (log.push(`${name}:beforeGraph`), events.push(event)),
    afterGraph: (event) => void (log.push(`${name}:afterGraph`), events.push(event)),
    beforeNode: (event) => void (log.push(`${name}:beforeNode:${event.name}`), events.push(event)),
    afterNode: (event) => void (log.push(`${name}:afterNode:${event.name}`), events.push(event)),
  };
}


describe("withAdapters: hook order", () => {
  it("driver.execute calls graph hooks around node hooks, each node's before then after, in topological order", async () => {
    const log: string[] = [];
    const dr = await builder().withAdapters(recorder("a", log)).build();
    expect(await dr.execute(["label"], { inputs: { seed: 1 } })).toEqual({ label: "total=7" });
    expect(log).toEqual([
      "a:beforeGraph",
      ...["base", "left", "right", "total", "label"].flatMap((node) => [`a:beforeNode:${node}`, `a:afterNode:${node}`]),
      "a:afterGraph",
    ]);
  });

  it("driver.execute calls several adapters in the order given, awaiting async hooks before going on", async () => {
    const log: string[] = [];
    const slow: LifecycleAdapter = {
      name: "slow",
      beforeNode: async (event) => {
        await new Promise((resolve) => setTimeout(resolve, 2));
        log.push(`slow:beforeNode:${event.name}`);
      },
    };
    const dr = await builder().withAdapters(slow, recorder("fast", log)).build();
    await dr.execute(["left"], { inputs: { seed: 1 } });
    expect(log).toEqual([
      "fast:beforeGraph",
      "slow:beforeNode:base",
      "fast:beforeNode:base",
      "fast:afterNode:base",
      "slow:beforeNode:left",
      "fast:beforeNode:left",
      "fast:afterNode:left",
      "fast:afterGraph",
    ]);
  });
});

describe("withAdapters: hook arguments", () => {
  it("driver.execute passes the run id, node name, tags, input names and values, result, status and duration", async () => {
    const events: unknown[] = [];
    const dr = await builder().withAdapters(recorder("a", [], events)).build();
    await dr.execute(["label"], { inputs: { seed: 1 } });
    const [graphStart, ...rest] = events as [Record<string, unknown>, ...Record<string, unknown>[]];
    const graphEnd = rest.pop()!;
    const runId = graphStart["runId"];
    expect(typeof runId).toBe("string");
    expect(events.every((event) => (event as { runId: unknown }).runId === runId)).toBe(true);
    expect(graphStart).toMatchObject({ outputs: ["label"], inputNames: ["seed"], overrideNames: [] });
    expect((graphStart["nodes"] as { name: string }[]).map((node) => node.name)).toEqual(["base", "left", "right", "total", "label"]);
    expect(graphEnd).toMatchObject({ success: true, error: undefined, results: { label: "total=7" } });
    expect(graphEnd["durationMs"]).toBeGreaterThanOrEqual(0);

    const afterLeft = rest.find((event) => event["name"] === "left" && "status" in event) as unknown as NodeEndEvent;
    expect(afterLeft).toMatchObject({ tags: { side: "left" }, inputNames: ["base"], inputValues: [2], result: 3, status: "ok", success: true, error: undefined });
    expect(afterLeft.durationMs).toBeGreaterThanOrEqual(0);
    expect(afterLeft.node.type).toBe("number");
    const afterLabel = rest.find((event) => event["name"] === "label" && "status" in event);
    expect(afterLabel).toMatchObject({ inputNames: ["total", "prefix"], inputValues: [7, undefined], result: "total=7" });
  });

  it("driver.execute passes a failed node's error to afterNode and the run's error to afterGraph", async () => {
    const events: Record<string, unknown>[] = [];
    const dr = await builder(failing).withAdapters(recorder("a", [], events)).build();
    const error = await rejection(dr.execute(["afterBroken"], { inputs: { seed: 1 } }));
    expect(error.code).toBe("node_failed");
    expect(error.node).toBe("broken");
    const afterBroken = events.find((event) => event["name"] === "broken" && "status" in event);
    expect(afterBroken).toMatchObject({ status: "failed", success: false, result: undefined, recovered: false });
    expect((afterBroken!["error"] as Error).message).toBe("cannot handle 2");
    expect(events.at(-1)).toMatchObject({ success: false, error, results: undefined });
  });
});

describe("withAdapters: errors thrown by hooks", () => {
  it("driver.execute reports an error thrown by a hook as the hook's (hook_failed), naming adapter, hook and node", async () => {
    const boom = new Error("disk full");
    const dr = await builder()
      .withAdapters({ name: "audit", afterNode: (event) => { if (event.name === "left") throw boom; } })
      .build();
    const error = await rejection(dr.execute(["total"], { inputs: { seed: 1 } }));
    expect(error.code).toBe("hook_failed");
    expect(error.node).toBe("left");
    expect(error.details).toEqual({ adapter: "audit", hook: "afterNode" });
    expect(error.cause).toBe(boom);
    expect(error.message).toMatchInlineSnapshot(
      `"Adapter "audit": its afterNode hook threw while running node "left": disk full. The node itself did not fail; fix the adapter or leave it out of withAdapters(…). (An adapter that stops a run on purpose, as a validator does, throws a FuncflowError, whose code is kept.)"`,
    );
  });

  it("driver.execute keeps the code of a FuncflowError a hook throws on purpose, and reports async hook rejections", async () => {
    const dr = await builder()
      .withAdapters({
        name: "strict",
        beforeNode: async (event) => {
          if (event.name === "total") throw new FuncflowError("type_mismatch", "total: not allowed", { node: "total" });
        },
      })
      .build();
    const error = await rejection(dr.execute(["total"], { inputs: { seed: 1 } }));
    expect(error.code).toBe("type_mismatch");
  });

  it("driver.execute reports a throwing beforeGraph hook and runs no node", async () => {
    const log: string[] = [];
    const dr = await builder()
      .withAdapters({ name: "gate", beforeGraph: () => { throw new Error("closed"); } }, recorder("r", log))
      .build();
    const error = await rejection(dr.execute(["total"], { inputs: { seed: 1 } }));
    expect(error).toMatchObject({ code: "hook_failed", details: { adapter: "gate", hook: "beforeGraph" } });
    expect(log).toEqual([]);
  });
});

describe("withAdapters: callNode", () => {
  it("driver.execute lets one adapter replace how nodes are called, with invoke() as the default", async () => {
    const seen: string[] = [];
    const dr = await builder()
      .withAdapters({
        name: "tenfold",
        callNode: (call) => {
          seen.push(`${call.name}(${call.inputValues.join(",")})`);
          const result = call.invoke();
          return call.name === "base" ? (result as number) * 10 : result;
        },
      })
      .build();
    expect(await dr.execute(["total"], { inputs: { seed: 1 } })).toEqual({ total: 43 });
    expect(seen).toEqual(["base(1)", "left(20)", "right(20)", "total(21,22)"]);
  });

  it("driver.execute reports callNode's own errors as the adapter's and the node's errors as node_failed", async () => {
    const own = await builder()
      .withAdapters({ name: "remote", callNode: () => { throw new Error("no connection"); } })
      .build();
    expect(await rejection(own.execute(["base"], { inputs: { seed: 1 } }))).toMatchObject({
      code: "hook_failed",
      node: "base",
      details: { adapter: "remote", hook: "callNode" },
    });
    const passing = await builder(failing).withAdapters({ name: "remote", callNode: async (call) => call.invoke() }).build();
    expect(await rejection(passing.execute(["broken"], { inputs: { seed: 1 } }))).toMatchObject({ code: "node_failed", node: "broken" });
  });

  it("builder.build rejects two adapters that both provide callNode (adapter_conflict)", async () => {
    const call = (name: string): LifecycleAdapter => ({ name, callNode: (c) => c.invoke() });
    const error = await rejection(builder().withAdapters(call("one"), call("two")).build());
    expect(error.code).toBe("adapter_conflict");
    expect(error.details).toEqual({ method: "callNode", adapters: ["one", "two"] });
  });
});

describe("withAdapters: validators", () => {
  it("builder.build runs node and graph validators and reports every problem at once (validation_failed)", async () => {
    const seenConfig: unknown[] = [];
    const error = await rejection(
      builder()
        .withConfig({ region: "EU" })
        .withAdapters(
          { name: "documented", validateNode: (node) => (node.doc === undefined ? "has no doc comment" : undefined) },
          {
            name: "small",
            validateGraph: (graph) => {
              seenConfig.push(graph.config);
              return graph.nodes.length > 3 ? [`has ${graph.nodes.length} nodes`] : [];
            },
          },
        )
        .build(),
    );
    expect(error.code).toBe("validation_failed");
    expect(error.details?.["problems"]).toEqual([
      { adapter: "documented", node: "left", message: "has no doc comment" },
      { adapter: "documented", node: "total", message: "has no doc comment" },
      { adapter: "documented", node: "label", message: "has no doc comment" },
      { adapter: "small", node: undefined, message: "has 8 nodes" },
    ]);
    expect(seenConfig).toEqual([{ region: "EU" }]);
  });

  it("builder.build accepts a graph every validator passes", async () => {
    const dr = await builder().withAdapters({ name: "ok", validateNode: () => undefined, validateGraph: () => [] }).build();
    expect(await dr.execute(["base"], { inputs: { seed: 2 } })).toEqual({ base: 4 });
  });

  it.each([
    ["a Hamilton-style (passes, error) pair", [true, null], "an array holding the boolean true"],
    ["a record", { ok: true }, "an object"],
    ["a promise", Promise.resolve(undefined), "a promise"],
    ["a number", 0, "the number 0"],
  ])("builder.build refuses a validator answering %s (hook_failed naming adapter, validator and node), never a raw TypeError", async (_case, answer, described) => {
    const onNode = await rejection(builder().withAdapters({ name: "port", validateNode: () => answer as never }).build());
    expect(onNode.code).toBe("hook_failed");
    expect(onNode.message).toContain('Adapter "port": its validateNode validator returned');
    expect(onNode.message).toContain(described);
    expect(onNode.message).toMatch(/for node "\w+"/);
    const onGraph = await rejection(builder().withAdapters({ name: "port", validateGraph: () => answer as never }).build());
    expect(onGraph.code).toBe("hook_failed");
    expect(onGraph.message).toContain("its validateGraph validator returned");
  });
});
