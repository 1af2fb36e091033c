/**
 * Follows the facts asserted by Hamilton's tests/test_async_driver.py: async and sync nodes run
 * together (with extracted fields and columns of async functions), promises given as values are
 * awaited, lifecycle hooks (sync and async) are called, overrides skip what is upstream, the
 * default and a custom result builder, and module overrides. funcflow has one Driver for sync and
 * async nodes (Hamilton's AsyncDriver). Fixtures: tests/fixtures/hamilton-tests/graph/.
 *
 * Not ported: `await_dict_of_tasks`/`process_value` internals (their fact, awaiting tasks given
 * as values, is tested through inputs), telemetry, `build_without_init` and `ainit` (funcflow's
 * build is always awaited).
 */
import { describe, expect, it } from "vitest";
import { Builder, type LifecycleAdapter } from "funcflow";
import { arrowTableResult } from "funcflow/arrow";
import { ran } from "../fixtures/hamilton-tests/graph/async_overrides.ts";
import { rejection } from "../support/caught.ts";

const fixture = (name: string) => new URL(`../fixtures/hamilton-tests/graph/${name}.ts`, import.meta.url);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const EXPECTED = {
  a: [1, 2, 3],
  another_async_func: 8,
  async_func_with_param: 4,
  b: [4, 5, 6],
  external_input: 1,
  non_async_func_with_decorator: { result_1: 9, result_2: 5 },
  result_1: 9,
  result_2: 5,
  result_3: 1,
  result_4: 2,
  return_dict: { result_3: 1, result_4: 2 },
  simple_async_func: 2,
  simple_non_async_func: 7,
};

/** Every node but the table (Hamilton leaves `return_df` out), columns as plain arrays. */
async function runAll(adapters: LifecycleAdapter[] = []) {
  const dr = await new Builder().withModules(fixture("simple_async_module")).withAdapters(...adapters).build();
  const names = dr.listNodes().map((node) => node.name).filter((name) => name !== "return_df");
  const result = await dr.execute(names, { inputs: { external_input: 1 } });
  return { dr, result: { ...result, a: Array.from(result.a as Iterable<number>), b: Array.from(result.b as Iterable<number>) } };
}

function tracker(calls: string[], pause: number | undefined): LifecycleAdapter {
  const note = (hook: string) => (pause === undefined ? void calls.push(hook) : sleep(pause).then(() => void calls.push(hook)));
  return {
    name: "tracker",
    validateGraph: () => {
      calls.push("validateGraph");
      return undefined;
    },
    beforeGraph: () => note("beforeGraph"),
    afterGraph: () => note("afterGraph"),
    beforeNode: () => note("beforeNode"),
    afterNode: () => note("afterNode"),
  };
}

describe("hamilton tests/test_async_driver.py", () => {
  it("async and sync nodes run end to end, fields and columns of async functions included", async () => {
    const { dr, result } = await runAll();
    expect(result).toEqual(EXPECTED);
    expect(dr.node("simple_async_func").isAsync).toBe(true);
    expect(dr.node("simple_non_async_func").isAsync).toBe(false);
  });

  it.each([
    ["async hooks", 5],
    ["sync hooks", undefined],
  ])("%s are called around the graph and each node, the graph validator at build", async (_name, pause) => {
    const calls: string[] = [];
    const { result } = await runAll([tracker(calls, pause)]);
    expect(new Set(calls)).toEqual(new Set(["validateGraph", "beforeGraph", "afterGraph", "beforeNode", "afterNode"]));
    expect(calls[0]).toBe("validateGraph");
    expect(calls.at(-1)).toBe("afterGraph");
    expect(result).toEqual(EXPECTED);
  });

  it("promises given as inputs are awaited first (tasks as inputs)", async () => {
    const dr = await new Builder().withModules(fixture("simple_async_module")).build();
    const input = sleep(10).then(() => 1);
    expect(await dr.execute(["simple_async_func", "async_func_with_param"], { inputs: { external_input: input } })).toEqual({ simple_async_func: 2, async_func_with_param: 4 });
  });

  it("an override skips the node and everything upstream of it", async () => {
    const dr = await new Builder().withModules(fixture("async_overrides")).build();
    ran.length = 0;
    expect(await dr.execute(["will_be_run"], { overrides: { overridden: 3 } })).toEqual({ will_be_run: 4 });
    expect(ran).toEqual([]);
  });

  it("a custom result builder makes the result; the default is a record", async () => {
    const table = await new Builder().withModules(fixture("foo_one")).withResultBuilder(arrowTableResult).build();
    const built = await table.execute(["foo"]);
    expect(built.numRows).toBe(1);
    expect(built.getChild("foo")?.get(0)).toBe(1);
    const record = await new Builder().withModules(fixture("foo_one")).build();
    expect(await record.execute(["foo"])).toEqual({ foo: 1 });
  });

  it("two modules defining foo fail the build unless allowModuleOverrides, then the later wins", async () => {
    const error = await rejection(new Builder().withModules(fixture("foo_one"), fixture("foo_two")).build());
    expect(error.code).toBe("duplicate_node");
    expect(error.message).toContain("foo");
    const dr = await new Builder().withModules(fixture("foo_one"), fixture("foo_two")).allowModuleOverrides().build();
    expect(await dr.execute(["foo"])).toEqual({ foo: 2 });
  });
});
