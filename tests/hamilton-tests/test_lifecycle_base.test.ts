/**
 * Follows Hamilton's tests/lifecycle/test_lifecycle_base.py (facts only): how a set of adapters
 * composes. Hooks: every adapter with the hook is called, one adapter may have several; methods:
 * one provider each, two different methods may come from two adapters or one; validators: each
 * one's problems are reported with the adapter that found them; an adapter given twice counts
 * once. Not ported: `validate_lifecycle_adapter_function` and the `base_hook`/`base_method`/
 * `base_validator` registration decorators (Python signature and class-registry mechanics:
 * a funcflow adapter is an object whose known members are functions, which `withAdapters` checks).
 */
import { describe, expect, it } from "vitest";
import { Builder, type LifecycleAdapter } from "funcflow";
import { rejection } from "../support/caught.ts";

const pipeline = new URL("../fixtures/hamilton-tests/lifecycle.ts", import.meta.url);
const build = (...adapters: LifecycleAdapter[]) => new Builder().withModules(pipeline).withAdapters(...adapters).withManifestCache(false).build();
const run = async (...adapters: LifecycleAdapter[]) => (await build(...adapters)).execute(["d"], { inputs: { input: 1 } });

describe("hooks (test_lifecycle_adapter_set_with_multiple_hooks, …_with_single_multi_hook)", () => {
  it("every adapter with a hook is called for it; an adapter without it is not", async () => {
    const calls: string[] = [];
    const first: LifecycleAdapter = { name: "first", beforeGraph: () => void calls.push("first") };
    const second: LifecycleAdapter = { name: "second", beforeGraph: () => void calls.push("second") };
    const other: LifecycleAdapter = { name: "other", afterGraph: () => void calls.push("other after") };
    await run(first, second, other);
    expect(calls).toEqual(["first", "second", "other after"]);
  });

  it("one adapter may have several hooks, each called at its moment", async () => {
    const calls: string[] = [];
    const multi: LifecycleAdapter = { name: "multi", beforeGraph: () => void calls.push("before"), afterGraph: () => void calls.push("after") };
    await run(multi);
    expect(calls).toEqual(["before", "after"]);
  });

  it("hooks may be sync or async; both kinds are awaited in order", async () => {
    const calls: string[] = [];
    const sync: LifecycleAdapter = { name: "sync", beforeGraph: () => void calls.push("sync") };
    const later: LifecycleAdapter = {
      name: "async",
      beforeGraph: async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        calls.push("async");
      },
    };
    const dr = await build(later, sync, { name: "node", beforeNode: () => void calls.push("node") });
    await dr.execute(["a"], { inputs: { input: 1 } });
    expect(calls).toEqual(["async", "sync", "node"]);
  });
});

describe("methods (test_lifecycle_adapter_set_with_multiple_methods, …_with_single_multi_method)", () => {
  const calling = (calls: string[]): Pick<LifecycleAdapter, "callNode"> => ({ callNode: (call) => (calls.push(`call ${call.name}`), call.invoke()) });
  const recovering = (calls: string[]): Pick<LifecycleAdapter, "recoverNode"> => ({ recoverNode: (event) => (calls.push(`recover ${event.name}`), { value: -1 }) });
  const broken = async (...adapters: LifecycleAdapter[]) => (await build(...adapters)).execute(["c"], { inputs: { input: 1, broken: true } });

  it("two methods from two adapters are both used", async () => {
    const calls: string[] = [];
    expect(await broken({ name: "caller", ...calling(calls) }, { name: "recoverer", ...recovering(calls) })).toEqual({ c: -1 });
    expect(calls).toEqual(["call a", "call b", "call c", "recover c"]);
  });

  it("two methods from one adapter are both used", async () => {
    const calls: string[] = [];
    expect(await broken({ name: "both", ...calling(calls), ...recovering(calls) })).toEqual({ c: -1 });
    expect(calls).toEqual(["call a", "call b", "call c", "recover c"]);
  });

  it("two adapters providing the same method fail the build (adapter_conflict), as Hamilton raises", async () => {
    const error = await rejection(build({ name: "one", ...calling([]) }, { name: "two", ...calling([]) }));
    expect(error).toMatchObject({ code: "adapter_conflict", details: { method: "callNode", adapters: ["one", "two"] } });
  });
});

describe("an adapter given twice (LifecycleAdapterSet._uniqify_adapters)", () => {
  it("counts once: its hooks run once and its method is no conflict with itself", async () => {
    const calls: string[] = [];
    const adapter: LifecycleAdapter = { name: "once", beforeGraph: () => void calls.push("before"), callNode: (call) => call.invoke(), validateGraph: () => void calls.push("validate") };
    const dr = await new Builder().withModules(pipeline).withAdapters(adapter).withAdapters(adapter, adapter).withManifestCache(false).build();
    await dr.execute(["d"], { inputs: { input: 1 } });
    expect(calls).toEqual(["validate", "before"]);
  });
});

describe("validators (test_lifecycle_adapter_set_with_multiple_validators, …_with_single_multi_validator)", () => {
  it("no validator: the build passes", async () => {
    await expect(build()).resolves.toBeDefined();
  });

  it.each([
    ["two adapters", [{ name: "nodes", validateNode: (node: { name: string }) => (node.name === "a" ? "Validating node" : undefined) }, { name: "graph", validateGraph: () => "Validating graph" }]],
    ["one adapter", [{ name: "both", validateNode: (node: { name: string }) => (node.name === "a" ? "Validating node" : undefined), validateGraph: () => "Validating graph" }]],
  ] as [string, LifecycleAdapter[]][])("%s: each problem is reported with the adapter that found it and the node", async (_, adapters) => {
    const error = await rejection(build(...adapters));
    expect(error.code).toBe("validation_failed");
    const names = adapters.map((adapter) => adapter.name);
    expect((error.details as { problems: unknown[] }).problems).toEqual([
      { adapter: names[0], node: "a", message: "Validating node" },
      { adapter: names.at(-1), node: undefined, message: "Validating graph" },
    ]);
  });
});
