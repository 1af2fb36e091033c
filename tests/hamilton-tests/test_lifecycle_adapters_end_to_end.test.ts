/**
 * Follows Hamilton's tests/lifecycle/test_lifecycle_adapters_end_to_end.py and the tracking
 * adapters of tests/lifecycle/lifecycle_adapters_for_testing.py (facts only): which hooks fire,
 * how often, in what order and with which arguments, on a four-node pipeline `a → b → c → d`
 * whose `c` throws when the input `broken` is true.
 *
 * Hamilton → funcflow: `pre_graph_execute`/`post_graph_execute` are `beforeGraph`/`afterGraph`,
 * `pre_node_execute`/`post_node_execute` are `beforeNode`/`afterNode`, `do_node_execute` and
 * `do_remote_execute` are both `callNode` (one method: `call.invoke()` runs the node the default
 * way, wherever the executor puts it), `validate_node`/`validate_graph` are `validateNode`/
 * `validateGraph`, `post_graph_construct` is `afterBuild`, `do_validate_input` is the
 * `typeCheck()` adapter, and `do_build_result` is `withResultBuilder` (docs/hamilton.md).
 * Not ported: `pre_do_anything` (no counterpart: nothing happens before `build()` that a hook
 * could watch) and the `ExtendToTrackCalls` signature-binding mechanics (Python `inspect`).
 */
import { describe, expect, it } from "vitest";
import { Builder, FuncflowError, type LifecycleAdapter } from "funcflow";
import { typeCheck } from "funcflow/adapters";
import { rejection } from "../support/caught.ts";
import { SentinelError } from "../fixtures/hamilton-tests/lifecycle.ts";

const pipeline = new URL("../fixtures/hamilton-tests/lifecycle.ts", import.meta.url);
const build = (...adapters: LifecycleAdapter[]) => new Builder().withModules(pipeline).withAdapters(...adapters).withManifestCache(false).build();

/** One hook call: a global sequence number (order across adapters), the hook, and its event. */
interface Call {
  readonly seq: number;
  readonly hook: string;
  readonly event: Record<string, unknown>;
}

let sequence = 0;

/** An adapter with the given hooks, each recording its calls; `callNode` runs the node as the default would. */
function tracking(name: string, hooks: readonly string[]): LifecycleAdapter & { readonly calls: Call[] } {
  const calls: Call[] = [];
  const adapter: Record<string, unknown> = { name, calls };
  for (const hook of hooks) {
    adapter[hook] = (event: Record<string, unknown> & { invoke?: () => unknown }) => {
      calls.push({ seq: ++sequence, hook, event });
      if (hook === "callNode") return event.invoke!();
      return undefined;
    };
  }
  return adapter as unknown as LifecycleAdapter & { readonly calls: Call[] };
}

const names = (calls: readonly Call[]) => calls.map((call) => call.event.name as string);
const runIds = (calls: readonly Call[]) => new Set(calls.map((call) => call.event.runId));
const runFails = (promise: Promise<unknown>) => rejection(promise);
const GRAPH_HOOKS = ["afterBuild", "beforeGraph", "afterGraph"] as const;
const NODE_HOOKS = ["beforeNode", "afterNode"] as const;

describe("graph hooks (test_individual_pre_graph_execute_hook, test_individual_post_graph_execute_hook*)", () => {
  it("beforeGraph fires once per run with a run id, the requested outputs, the inputs, the overrides and the nodes to run", async () => {
    const hook = tracking("pre", ["beforeGraph"]);
    const dr = await build(hook);
    await dr.execute(["d"], { inputs: { input: 1 } });
    expect(hook.calls).toHaveLength(1);
    const { event } = hook.calls[0]!;
    expect(typeof event.runId === "string" && event.runId.length).toBeGreaterThan(10);
    expect(event).toMatchObject({ outputs: ["d"], inputs: { input: 1 }, overrides: {}, inputNames: ["input"], overrideNames: [] });
    expect((event.nodes as { name: string }[]).map((node) => node.name)).toEqual(["a", "b", "c", "d"]);
  });

  it("afterGraph fires once with success, no error and the results", async () => {
    const hook = tracking("post", ["afterGraph"]);
    const dr = await build(hook);
    await dr.execute(["d"], { inputs: { input: 1 } });
    expect(hook.calls).toHaveLength(1);
    expect(hook.calls[0]!.event).toMatchObject({ success: true, error: undefined, results: { d: 343 } });
    expect((hook.calls[0]!.event.runId as string).length).toBeGreaterThan(10);
  });

  it("afterGraph fires once on a failed run, with success false, the run's error (the node's error as its cause) and no results", async () => {
    const hook = tracking("post", ["afterGraph"]);
    const dr = await build(hook);
    const thrown = await runFails(dr.execute(["d"], { inputs: { input: 1, broken: true } }));
    expect(hook.calls).toHaveLength(1);
    const { event } = hook.calls[0]!;
    expect(event).toMatchObject({ success: false, results: undefined });
    // Hamilton hands the raw exception; funcflow the run's error, which is what execute throws.
    expect(event.error).toBe(thrown);
    expect(thrown).toMatchObject({ code: "node_failed", node: "c" });
    expect(thrown.cause).toBeInstanceOf(SentinelError);
  });

  it("afterBuild fires once per build, before any run, with the nodes, the config and the modules (test_individual_post_graph_construct_hook)", async () => {
    const hook = tracking("construct", ["afterBuild", "beforeGraph"]);
    const dr = await new Builder().withModules(pipeline).withConfig({ region: "US" }).withAdapters(hook).withManifestCache(false).build();
    expect(hook.calls.map((call) => call.hook)).toEqual(["afterBuild"]);
    const { event } = hook.calls[0]!;
    expect((event.nodes as { name: string }[]).map((node) => node.name).sort()).toEqual(["a", "b", "broken", "c", "d", "input", "region"]);
    expect(event.config).toEqual({ region: "US" });
    expect(event.modules).toEqual([pipeline.href]);
    await dr.execute(["d"], { inputs: { input: 1 } });
    await dr.execute(["b"], { inputs: { input: 1 } });
    expect(hook.calls.map((call) => call.hook)).toEqual(["afterBuild", "beforeGraph", "beforeGraph"]);
  });
});

describe("afterBuild errors", () => {
  it("an afterBuild that throws fails build() with hook_failed naming the adapter and the hook", async () => {
    const error = await runFails(build({ name: "tracker", afterBuild: () => { throw new Error("no server"); } }));
    expect(error).toMatchObject({ code: "hook_failed", details: { adapter: "tracker", hook: "afterBuild" } });
    expect(error.message).toContain("no server");
  });

  it("withAdapters refuses an afterBuild that is not a function", () => {
    expect(() => new Builder().withAdapters({ name: "x", afterBuild: "yes" } as unknown as LifecycleAdapter)).toThrow(/adapters\[0\]\.afterBuild/);
  });
});

describe("node hooks (test_individual_pre_node_execute_hook, test_individual_post_node_execute_hook*)", () => {
  it("beforeNode fires once per node run, all under one run id, with no parallel item outside a block", async () => {
    const hook = tracking("pre", ["beforeNode"]);
    const dr = await build(hook);
    await dr.execute(["d"], { inputs: { input: 1 } });
    expect(names(hook.calls)).toEqual(["a", "b", "c", "d"]);
    expect(runIds(hook.calls).size).toBe(1);
    expect(([...runIds(hook.calls)][0] as string).length).toBeGreaterThan(10);
    // Hamilton's task_id is None outside task-based execution; here the item is undefined.
    expect(new Set(hook.calls.map((call) => call.event.item))).toEqual(new Set([undefined]));
  });

  it("afterNode fires once per node, each a success with no error", async () => {
    const hook = tracking("post", ["afterNode"]);
    const dr = await build(hook);
    await dr.execute(["d"], { inputs: { input: 1 } });
    expect(names(hook.calls)).toEqual(["a", "b", "c", "d"]);
    expect(new Set(hook.calls.map((call) => call.event.success))).toEqual(new Set([true]));
    expect(new Set(hook.calls.map((call) => call.event.error))).toEqual(new Set([undefined]));
    expect(hook.calls.map((call) => call.event.result)).toEqual([1, 2, 7, 343]);
    expect(runIds(hook.calls).size).toBe(1);
  });

  it("a node that throws gets afterNode with success false and its own error; nodes after it get no hook", async () => {
    const hook = tracking("post", ["afterNode"]);
    const dr = await build(hook);
    await runFails(dr.execute(["d"], { inputs: { input: 1, broken: true } }));
    expect(names(hook.calls)).toEqual(["a", "b", "c"]);
    expect(hook.calls.map((call) => call.event.success)).toEqual([true, true, false]);
    const failed = hook.calls[2]!.event;
    expect(failed.error).toBeInstanceOf(SentinelError);
    expect(failed).toMatchObject({ status: "failed", result: undefined, inputNames: ["a", "b", "broken"], inputValues: [1, 2, true] });
    expect(runIds(hook.calls).size).toBe(1);
  });
});

describe("overrides", () => {
  it("an overridden node and what only it needed get no node hook; beforeGraph lists the override and the nodes that run", async () => {
    const hooks = [tracking("pre", ["beforeGraph"]), tracking("node", ["beforeNode", "afterNode"])];
    const dr = await build(...hooks);
    expect(await dr.execute(["d"], { overrides: { c: 10 } })).toEqual({ d: 1000 });
    const start = hooks[0]!.calls[0]!.event;
    expect(start).toMatchObject({ overrides: { c: 10 }, overrideNames: ["c"], inputNames: [] });
    expect((start.nodes as { name: string }[]).map((node) => node.name)).toEqual(["d"]);
    expect(hooks[1]!.calls.map((call) => `${call.hook} ${call.event.name as string}`)).toEqual(["beforeNode d", "afterNode d"]);
    expect(hooks[1]!.calls[0]!.event.inputValues).toEqual([10]);
  });
});

describe("several hooks together (test_multiple_hooks*, test_multi_hook*)", () => {
  const adapters = () => [...GRAPH_HOOKS, ...NODE_HOOKS].map((hook) => tracking(hook, [hook]));

  it.each([
    ["a run that succeeds", { input: 1 }, ["a", "b", "c", "d"]],
    ["a run that fails at c", { input: 1, broken: true }, ["a", "b", "c"]],
  ])("%s: afterBuild, beforeGraph and afterGraph once each and in that order, node hooks between them once per node run", async (_, inputs, ran) => {
    const hooks = adapters();
    const dr = await build(...hooks);
    await dr.execute(["d"], { inputs }).catch((error: unknown) => expect(error).toBeInstanceOf(FuncflowError));
    const [construct, pre, post, preNode, postNode] = hooks.map((hook) => hook.calls);
    for (const calls of [construct, pre, post]) expect(calls).toHaveLength(1);
    expect(construct![0]!.seq).toBeLessThan(pre![0]!.seq);
    expect(pre![0]!.seq).toBeLessThan(post![0]!.seq);
    expect(names(preNode!)).toEqual(ran);
    expect(names(postNode!)).toEqual(ran);
    for (const call of [...preNode!, ...postNode!]) {
      expect(call.seq).toBeGreaterThan(pre![0]!.seq);
      expect(call.seq).toBeLessThan(post![0]!.seq);
    }
    // Each node's before precedes its after, and the next node's before.
    const order = [...preNode!, ...postNode!].sort((x, y) => x.seq - y.seq).map((call) => `${call.hook}:${call.event.name as string}`);
    expect(order).toEqual(ran.flatMap((node) => [`beforeNode:${node}`, `afterNode:${node}`]));
  });

  it("one adapter with every hook and callNode is called 1 + 1 + 4 × 3 + 1 times (Hamilton's 16 less pre_do_anything)", async () => {
    const multi = tracking("multi", [...GRAPH_HOOKS, "beforeNode", "callNode", "afterNode"]);
    const dr = await build(multi);
    expect(await dr.execute(["d"], { inputs: { input: 1 } })).toEqual({ d: 343 });
    expect(multi.calls).toHaveLength(15);
    expect(multi.calls.map((call) => call.hook).slice(0, 5)).toEqual(["afterBuild", "beforeGraph", "beforeNode", "callNode", "afterNode"]);
    expect(runIds(multi.calls.slice(1)).size).toBe(1);
  });
});

describe("methods (test_individual_do_node_execute_method, test_individual_do_remote_execute_method)", () => {
  it("callNode replaces how each node is called: adding 1 to every number result gives 17³ + 1", async () => {
    const calls: string[] = [];
    const plusOne: LifecycleAdapter = {
      name: "plusOne",
      callNode: (call) => {
        calls.push(call.name);
        const value = call.invoke();
        return call.node.type === "number" ? (value as number) + 1 : value;
      },
    };
    const dr = await build(plusOne);
    expect(await dr.execute(["d"], { inputs: { input: 1 } })).toEqual({ d: 17 ** 3 + 1 });
    expect(calls).toEqual(["a", "b", "c", "d"]);
  });

  it("callNode may call the node's function itself with the arguments it is given", async () => {
    const direct: LifecycleAdapter = { name: "direct", callNode: (call) => (call.fn as (...args: unknown[]) => unknown)(...call.inputValues) };
    const dr = await build(direct);
    expect(await dr.execute(["d"], { inputs: { input: 1 } })).toEqual({ d: 343 });
  });
});

describe("input validation (test_individual_do_validate_input_method*)", () => {
  it("an input of the wrong type runs by default (no input check), as an adapter accepting it lets Hamilton run", async () => {
    const dr = await build();
    expect(await dr.execute(["d"], { inputs: { input: "1" as unknown as number } })).toEqual({ d: 343 });
  });

  it("typeCheck() refuses it before the node runs: type_mismatch naming the node and the input", async () => {
    const after = tracking("post", ["afterNode"]);
    const dr = await build(typeCheck(), after);
    const error = await runFails(dr.execute(["d"], { inputs: { input: "1" as unknown as number } }));
    expect(error).toMatchObject({ code: "type_mismatch", node: "a", input: "input" });
    expect(after.calls).toEqual([]);
  });
});

describe("result building (test_individual_do_build_results_method)", () => {
  it("a result builder gets the requested outputs once and its value is what execute returns", async () => {
    const seen: unknown[] = [];
    const dr = await new Builder()
      .withModules(pipeline)
      .withManifestCache(false)
      .withResultBuilder({ name: "minusOne", build: (outputs) => (seen.push({ ...outputs }), -1) })
      .build();
    expect(await dr.execute(["d"], { inputs: { input: 1 } })).toBe(-1);
    expect(seen).toEqual([{ d: 343 }]);
  });
});

describe("materialize (test_multiple_hooks_materialize)", () => {
  it("a failing materialize fires beforeGraph and afterGraph once each and node hooks for the three nodes that ran", async () => {
    const hooks = [...GRAPH_HOOKS, ...NODE_HOOKS].map((hook) => tracking(hook, [hook]));
    const dr = await build(...hooks);
    const error = await runFails(dr.materialize({ outputs: ["d"], inputs: { input: 1, broken: true } }));
    expect(error.code).toBe("node_failed");
    const [construct, pre, post, preNode, postNode] = hooks.map((hook) => hook.calls);
    // Hamilton builds a second graph for the materializers (post_graph_construct twice); here
    // materialize runs the Driver's one graph.
    expect(construct).toHaveLength(1);
    expect(pre).toHaveLength(1);
    expect(post).toHaveLength(1);
    expect(post![0]!.event.success).toBe(false);
    expect(names(preNode!)).toEqual(["a", "b", "c"]);
    expect(names(postNode!)).toEqual(["a", "b", "c"]);
  });
});

describe("validators (test_individual_validate_node_validator*, test_individual_graph_validator*)", () => {
  it("validateNode runs once per function node at build (Hamilton also asks about the input nodes)", async () => {
    const validator = tracking("node", ["validateNode"]);
    await build(validator);
    expect(validator.calls.map((call) => call.event.name)).toEqual(["a", "b", "c", "d"]);
  });

  it("a failing validateNode fails build() with validation_failed after every node was asked, every problem listed", async () => {
    let asked = 0;
    const error = await runFails(build({ name: "strict", validateNode: () => (asked++, "test message") }));
    expect(asked).toBe(4);
    expect(error.code).toBe("validation_failed");
    expect((error.details as { problems: { node: string; message: string }[] }).problems.map((p) => [p.node, p.message])).toEqual(
      ["a", "b", "c", "d"].map((node) => [node, "test message"]),
    );
  });

  it("validateGraph runs once at build; one that fails fails build() with validation_failed", async () => {
    const validator = tracking("graph", ["validateGraph"]);
    await build(validator);
    expect(validator.calls).toHaveLength(1);
    const error = await runFails(build({ name: "graphCheck", validateGraph: () => "test message" }));
    expect(error.code).toBe("validation_failed");
    expect(error.message).toContain("test message");
  });

  it("no hook of a run fires when a validator fails the build", async () => {
    const watcher = tracking("watch", [...GRAPH_HOOKS, ...NODE_HOOKS]);
    await runFails(build(watcher, { name: "strict", validateGraph: () => "no" }));
    expect(watcher.calls).toEqual([]);
  });
});
