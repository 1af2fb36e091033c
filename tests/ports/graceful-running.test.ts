/**
 * Port of Hamilton's examples/parallelism/graceful_running (tests/fixtures/ports/graceful-running):
 * a frame split into groups by splitter functions given as an input, the same analysis run per
 * group in a parallel block (with extractFields inside it), a model fit that fails on purpose for
 * the TV groups, and GracefulErrorAdapter (gracefulErrors) keeping every other group's result.
 * Averages and fits are recomputed here from the rows.
 */
import { describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { gracefulErrors } from "funcflow/adapters";
import { load_data, type Metrics, type Row } from "../fixtures/ports/graceful-running/functions.ts";
import { split_on_attrs, split_on_region, split_on_views } from "../fixtures/ports/graceful-running/run.ts";
import { rejection } from "../support/caught.ts";

const module = new URL("../fixtures/ports/graceful-running/functions.ts", import.meta.url);
const the_funcs = [split_on_region, split_on_attrs, split_on_views];
const GROUPS = [
  "Region:Central", "Region:North", "Region:South",
  "Region:Central - Method:Internet", "Region:Central - Method:TV", "Region:North - Method:Internet",
  "Region:North - Method:TV", "Region:South - Method:Internet", "Region:South - Method:TV",
  "Low Views", "High Views",
];

function rowsOf(group: string): Row[] {
  const data = load_data();
  if (group === "Low Views") return data.filter((row) => row.Views <= 4000);
  if (group === "High Views") return data.filter((row) => row.Views > 4000);
  const [, region, , method] = group.match(/^Region:(\w+)( - Method:(\w+))?$/)!;
  return data.filter((row) => row.Region === region && (method === undefined || row.Method === method));
}

/** Pearson's r of Spend against Views, from the definition. */
function pearson(rows: readonly Row[]): number {
  const n = rows.length;
  const xs = rows.map((row) => row.Spend);
  const ys = rows.map((row) => row.Views);
  const cov = xs.reduce((s, x, i) => s + x * ys[i]!, 0) / n - (xs.reduce((a, b) => a + b, 0) / n) * (ys.reduce((a, b) => a + b, 0) / n);
  const sd = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0) / n - (v.reduce((a, b) => a + b, 0) / n) ** 2);
  return cov / (sd(xs) * sd(ys));
}

describe("ports/parallelism/graceful_running", () => {
  it("has the block's nodes: the splitter items, the extracted fields, the per-group analysis, the collect", async () => {
    const dr = await new Builder().withModules(module).build();
    expect(dr.node("split_to_groups").parallel).toBe("expand");
    expect(dr.node("final_collect").parallel).toBe("collect");
    for (const name of ["expander", "data", "group_name", "average", "model_fit", "gather_metrics"]) expect(dr.node(name).role).toBe("parallel-item");
    expect(dr.node("funcs").kind).toBe("input");
  });

  it("run.py: every group's metrics, the TV groups' fits failed (null, gathered by the sentinel-accepting gather_metrics), the others fitted", async () => {
    const graceful = gracefulErrors({ sentinel: null });
    const dr = await new Builder().withModules(module).withAdapters(graceful).build();
    const { final_collect } = await dr.execute(["final_collect"], { inputs: { funcs: the_funcs } });
    const metrics = final_collect as (Metrics | null)[];
    expect(metrics).toHaveLength(GROUPS.length);
    metrics.forEach((entry, i) => {
      const group = GROUPS[i]!;
      const rows = rowsOf(group);
      expect(entry!.Name).toBe(group);
      expect(entry!.Average).toBeCloseTo(rows.reduce((s, row) => s + row.Views, 0) / rows.length, 9);
      // gather_metrics accepts error sentinels (@accept_error_sentinels), so a failed fit reads as null.
      if (group.includes("Method:TV")) expect(entry).toMatchObject({ Intercept: null, Spend_Coef: null, Model_Fit: null });
      else expect(entry!.Model_Fit).toBeCloseTo(pearson(rows), 9);
    });
    expect(graceful.lastReport()?.failed.map((failure) => failure.node)).toEqual(["model_fit", "model_fit", "model_fit"]);
  });

  it("run.py --no-adapt: the first TV group's failure ends the run, naming the node, the item and the block", async () => {
    const dr = await new Builder().withModules(module).build();
    const error = await rejection(dr.execute(["final_collect"], { inputs: { funcs: the_funcs } }));
    expect(error).toMatchObject({ code: "node_failed", node: "model_fit", details: { item: 4, expand: "split_to_groups", collect: "final_collect" } });
    expect((error.cause as Error).message).toBe("Fake floating point error, e.g.");
  });

  it("without funcs: a missing input needed by the parallelizable node", async () => {
    const error = await rejection((await new Builder().withModules(module).build()).execute(["final_collect"]));
    expect(error).toMatchObject({ code: "missing_input", input: "funcs", neededBy: ["split_to_groups"] });
  });
});
