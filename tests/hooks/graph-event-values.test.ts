/**
 * Graph hooks see what a run was given, as Hamilton's `pre_graph_execute` does (inputs and
 * overrides) and `post_graph_construct` (config): found porting examples/experiment_management,
 * whose ExperimentTracker records a run's config and inputs. Every way of running is checked.
 */
import { describe, expect, it } from "vitest";
import { Builder, type Driver, type GraphEndEvent, type GraphStartEvent, type LifecycleAdapter } from "funcflow";

const basicUrl = new URL("../fixtures/modules/basic.ts", import.meta.url);

function recorder() {
  const starts: GraphStartEvent[] = [];
  const ends: GraphEndEvent[] = [];
  const adapter: LifecycleAdapter = { name: "recorder", beforeGraph: (event) => void starts.push(event), afterGraph: (event) => void ends.push(event) };
  return { starts, ends, adapter };
}

type Run = (dr: Driver, inputs: Record<string, unknown>, overrides: Record<string, unknown>) => Promise<unknown>;
const RUNS: Record<string, Run> = {
  execute: (dr, inputs, overrides) => dr.execute(["e"], { inputs, overrides }),
  "prepare(…).execute": (dr, inputs, overrides) => dr.prepare(["e"], { inputs: Object.keys(inputs), overrides: Object.keys(overrides) }).execute(inputs, overrides),
  "prepare(…).run": async (dr, inputs, overrides) => dr.prepare(["e"], { inputs: Object.keys(inputs), overrides: Object.keys(overrides) }).run(inputs, overrides),
  materialize: (dr, inputs, overrides) => dr.materialize({ outputs: ["e"], inputs, overrides }),
};

describe("beforeGraph and afterGraph see the run's inputs, overrides and config", () => {
  for (const [name, run] of Object.entries(RUNS)) {
    it(name, async () => {
      const { starts, ends, adapter } = recorder();
      const dr = await new Builder().withModules(basicUrl).withConfig({ language: "fr" }).withAdapters(adapter).build();
      await run(dr, { a: 3, y: 2 }, { d: 40 });
      await run(dr, { a: 4 }, {});
      expect(starts.map(({ inputs, overrides, config }) => ({ inputs, overrides, config }))).toEqual([
        { inputs: { a: 3, y: 2 }, overrides: { d: 40 }, config: { language: "fr" } },
        { inputs: { a: 4 }, overrides: {}, config: { language: "fr" } },
      ]);
      expect(ends.map((event) => event.inputs)).toEqual([{ a: 3, y: 2 }, { a: 4 }]);
      expect(starts[0]!.inputNames).toEqual(["a", "y"]);
    });
  }
});
