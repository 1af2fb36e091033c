/**
 * A run refused before any node runs is announced as a failed run: `beforeGraph`, then
 * `afterGraph` with `success: false` and the refusal itself, as Hamilton's
 * `pre_graph_execute`/`post_graph_execute` hear a run whose inputs fail validation. A malformed
 * call is not a run and fires nothing.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Builder, isFuncflowError, type GraphEndEvent, type GraphStartEvent, type LifecycleAdapter } from "funcflow";
import { syntheticModule } from "../support/synthetic-module.ts";

const pipeline = syntheticModule([
  { name: "doubled", params: [{ name: "x" }], fn: ((x: number) => x * 2) as (...args: never[]) => unknown },
  { name: "total", params: [{ name: "doubled" }, { name: "y" }], fn: ((doubled: number, y: number) => doubled + y) as (...args: never[]) => unknown },
]);

type Heard = ["before", GraphStartEvent] | ["after", GraphEndEvent] | ["node", string];

function recorder(heard: Heard[], fail?: "beforeGraph" | "afterGraph"): LifecycleAdapter {
  return {
    name: "recorder",
    beforeGraph(event) {
      heard.push(["before", event]);
      if (fail === "beforeGraph") throw new Error("tracker down");
    },
    afterGraph(event) {
      heard.push(["after", event]);
      if (fail === "afterGraph") throw new Error("tracker down");
    },
    beforeNode(event) {
      heard.push(["node", event.name]);
    },
  };
}

async function refusal(run: Promise<unknown>): Promise<unknown> {
  return run.then(
    () => expect.fail("the run was expected to be refused"),
    (error: unknown) => error,
  );
}

describe("a refused run", () => {
  it.each([
    ["missing_input", ["total"], { inputs: { x: 1 } }],
    ["unknown_output", ["totl"], { inputs: { x: 1, y: 2 } }],
    ["input_is_node", ["total"], { inputs: { x: 1, y: 2, doubled: 3 } }],
  ] as const)("%s: beforeGraph, then afterGraph with success false and the refusal itself", async (code, outputs, options) => {
    const heard: Heard[] = [];
    const dr = await new Builder().withModules(pipeline).withAdapters(recorder(heard)).build();
    const error = await refusal(dr.execute(outputs as never, options));
    expect(isFuncflowError(error) && error.code).toBe(code);
    expect(heard.map(([kind]) => kind)).toEqual(["before", "after"]);
    const [[, start], [, end]] = heard as [["before", GraphStartEvent], ["after", GraphEndEvent]];
    expect(start.outputs).toEqual(outputs);
    expect(start.inputNames).toEqual(Object.keys(options.inputs));
    expect(start.inputs).toBe(options.inputs);
    expect(start.nodes).toEqual([]);
    expect(end.runId).toBe(start.runId);
    expect(end).toMatchObject({ success: false, results: undefined });
    expect(end.error).toBe(error);
  });

  it("the refusal is what execute rejects with, whichever graph hook throws", async () => {
    for (const fail of ["beforeGraph", "afterGraph"] as const) {
      const heard: Heard[] = [];
      const dr = await new Builder().withModules(pipeline).withAdapters(recorder(heard, fail)).build();
      const error = await refusal(dr.execute(["total"], { inputs: { x: 1 } }));
      expect(isFuncflowError(error) && error.code).toBe("missing_input");
      // afterGraph answers a beforeGraph that returned, never one that threw.
      expect(heard.map(([kind]) => kind)).toEqual(fail === "beforeGraph" ? ["before"] : ["before", "after"]);
    }
  });

  it("a malformed call is not a run: no hook fires", async () => {
    const heard: Heard[] = [];
    const dr = await new Builder().withModules(pipeline).withAdapters(recorder(heard)).build();
    const error = await refusal(dr.execute("total" as never));
    expect(isFuncflowError(error) && error.code).toBe("invalid_argument");
    expect(heard).toEqual([]);
  });

  it("property: every execute, refused or run, is heard as exactly one beforeGraph/afterGraph pair whose success says whether it resolved", async () => {
    const dr = await new Builder().withModules(pipeline).build();
    const heard: Heard[] = [];
    const hooked = await new Builder().withModules(pipeline).withAdapters(recorder(heard)).build();
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(["doubled", "total", "nope"], { minLength: 1 }),
        fc.subarray(["x", "y", "doubled"]),
        async (outputs, given) => {
          heard.length = 0;
          const inputs = Object.fromEntries(given.map((name) => [name, 1]));
          const plain = await dr.execute(outputs as never, { inputs }).then(() => "ran", (error: unknown) => (isFuncflowError(error) ? error.code : "thrown"));
          const outcome = await hooked.execute(outputs as never, { inputs }).then(() => "ran", (error: unknown) => (isFuncflowError(error) ? error.code : "thrown"));
          // Adapters change nothing about whether or how a request is refused.
          expect(outcome).toBe(plain);
          const graphEvents = heard.filter(([kind]) => kind !== "node");
          expect(graphEvents.map(([kind]) => kind)).toEqual(["before", "after"]);
          expect((graphEvents[1]![1] as GraphEndEvent).success).toBe(outcome === "ran");
          // Nodes are heard only in a run that was planned.
          if (outcome !== "ran" && outcome !== "node_failed") expect(heard.some(([kind]) => kind === "node")).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });
});
