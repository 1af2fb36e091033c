/**
 * Port of Hamilton's examples/numpy/air-quality-analysis (tests/fixtures/ports/air-quality):
 * numpy's air-quality tutorial as a dataflow: moving averages, AQI sub-indices, the periods
 * before and after a lockdown, random samples and a paired t-test. run_analysis.py passes its
 * settings as config (read by the functions as values, overriding a parameter's default); the
 * random generator is overridden with a seeded one so runs repeat. Expected values are computed
 * here by other means (a direct window sum, Simpson's rule for the t distribution).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Builder, type ResultBuilder } from "funcflow";
import { main } from "../../src/cli/index.ts";
import { Generator } from "../fixtures/ports/air-quality/analysis_flow.ts";
import { captureOutput } from "../support/captured-output.ts";
import { rejection } from "../support/caught.ts";

const dir = new URL("../fixtures/ports/air-quality/", import.meta.url);
const module = new URL("analysis_flow.ts", dir);
const csv = fileURLToPath(new URL("air-quality-data.csv", dir));
const CONFIG = { input_file_name: csv, after_lock_date: "2020-03-24T00", before_lock_date: "2020-03-21T00" };
const OUTPUT = ["t_value", "p_value", "before_sample", "after_sample"];
const build = (config: Record<string, unknown> = CONFIG) => new Builder().withModules(module).withConfig(config).build();

const rows = readFileSync(csv, "utf8").trim().split("\n").slice(1).map((line) => line.split(","));
const values = rows.map((fields) => fields.slice(1).map(Number));

/** Student's t density, its constant from Γ's half-integer recursion. */
function tPdf(t: number, dof: number): number {
  const gamma = (x: number): number => (x === 1 ? 1 : x === 0.5 ? Math.sqrt(Math.PI) : (x - 1) * gamma(x - 1));
  return (gamma((dof + 1) / 2) / (Math.sqrt(dof * Math.PI) * gamma(dof / 2))) * (1 + (t * t) / dof) ** (-(dof + 1) / 2);
}

/** P(T ≤ t) for t ≤ 0 by Simpson's rule on [t, 0]. */
function tCdf(t: number, dof: number): number {
  const n = 2000;
  const h = -t / n;
  let sum = tPdf(t, dof) + tPdf(0, dof);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * tPdf(t + i * h, dof);
  return 0.5 - (sum * h) / 3;
}

/** base.NumpyMatrixResult: one column per output, as rows. */
const numpyMatrixResult: ResultBuilder<number[][]> = {
  name: "numpyMatrixResult",
  build: (outputs, requested) => {
    const columns = requested.map((name) => outputs[name] as number[]);
    return columns[0]!.map((_, row) => columns.map((column) => column[row]!));
  },
};

const output = captureOutput();

describe("ports/numpy/air-quality-analysis", () => {
  it("run_analysis.py's settings are config values: nodes of kind config, and one overrides pollutant_data's default file", async () => {
    const dr = await build();
    expect(dr.listNodes().filter((node) => node.kind !== "function").map((node) => [node.name, node.kind])).toEqual([
      ["input_file_name", "config"],
      ["after_lock_date", "config"],
      ["before_lock_date", "config"],
    ]);
    expect((await dr.execute(["pollutant_data"])).pollutant_data).toEqual(values);
  });

  it("the AQI of the first full 24-hour window, from a window sum done here and the tutorial's breakpoints", async () => {
    const { aqi_array, pollutants } = await (await build()).execute(["aqi_array", "pollutants"]);
    const meanOf = (column: number, from: number, to: number) => values.slice(from, to).reduce((s, row) => s + row[column]!, 0) / (to - from);
    const first = [0, 1, 2, 3, 4].map((c) => meanOf(c, 0, 24)).concat([5, 6].map((c) => meanOf(c, 16, 24)));
    (pollutants as number[][])[0]!.forEach((v, j) => expect(v).toBeCloseTo(first[j]!, 9));
    // The tutorial's table: each pollutant's band [lo, hi) maps linearly onto AQI [I_lo, I_hi - inc].
    const table: [number[], number][] = [
      [[0, 31, 61, 91, 121, 251], 1], [[0, 51, 101, 251, 351, 431], 1], [[0, 41, 81, 181, 281, 401], 1], [[0, 201, 401, 801, 1201, 1801], 1],
      [[0, 41, 81, 381, 801, 1601], 1], [[0, 1.1, 2.1, 10.1, 17.1, 35], 0.1], [[0, 51, 101, 169, 209, 749], 1],
    ];
    const aqi = [0, 51, 101, 201, 301, 401, 501];
    const subIndex = (con: number, [bp, inc]: [number[], number]) => {
      const band = bp.findLastIndex((lo) => lo <= con);
      const hi = band === 5 ? bp[5]! + bp[4]! - 2 * inc : bp[band + 1]! - inc;
      const top = band === 5 ? aqi[6]! : aqi[band + 1]! - inc;
      return ((top - aqi[band]!) / (hi - bp[band]!)) * (con - bp[band]!) + aqi[band]!;
    };
    expect((aqi_array as number[])[0]).toBeCloseTo(Math.max(...first.map((con, j) => subIndex(con, table[j]!))), 9);
    expect(aqi_array).toHaveLength(rows.length - 23);
  });

  it("run_analysis.py's outputs with a seeded generator: samples of 30 from each period, the t-test and its p-value", async () => {
    const dr = await build();
    const result = await dr.execute([...OUTPUT, "before_lock", "after_lock"], { overrides: { rng: new Generator(7) } });
    const after = result.after_lock as number[];
    const before = result.before_lock as number[];
    // Hours from 2020-03-24T00 to 2020-03-26T00, and as many hours up to 2020-03-21T00.
    expect(after).toHaveLength(49);
    expect(before).toHaveLength(49);
    const beforeSample = result.before_sample as number[];
    const afterSample = result.after_sample as number[];
    expect(beforeSample).toHaveLength(30);
    expect(new Set(beforeSample).size).toBe(30);
    for (const v of beforeSample) expect(before).toContain(v);
    for (const v of afterSample) expect(after).toContain(v);
    const diff = afterSample.map((v, i) => v - beforeSample[i]!);
    const mean = diff.reduce((s, v) => s + v, 0) / 30;
    const sd = Math.sqrt(diff.reduce((s, v) => s + (v - mean) ** 2, 0) / 29);
    expect(result.t_value).toBeCloseTo(mean / (sd / Math.sqrt(30)), 9);
    expect(result.p_value as number).toBeLessThan(1e-6);
  });

  it("p_value agrees with the t distribution integrated here, for t values overridden", async () => {
    const dr = await build();
    for (const t of [-2, -0.5, -3.1]) {
      const { p_value } = await dr.execute(["p_value"], { overrides: { t_value: t, dof: 29 } });
      expect(p_value as number).toBeCloseTo(tCdf(t, 29), 7);
    }
    expect((await dr.execute(["p_value"], { overrides: { t_value: 2, dof: 29 } })).p_value as number).toBeCloseTo(1 - tCdf(-2, 29), 7);
  });

  it("NumpyMatrixResult as a result builder: the two samples side by side", async () => {
    const dr = await new Builder().withModules(module).withConfig(CONFIG).withResultBuilder(numpyMatrixResult).build();
    const matrix = await dr.execute(["before_sample", "after_sample"], { overrides: { rng: new Generator(7) } });
    expect(matrix).toHaveLength(30);
    expect(matrix[0]).toHaveLength(2);
  });

  it("without run_analysis.py's config: the three settings are missing, input_file_name only where it has no default", async () => {
    const error = await rejection((await build({})).execute(OUTPUT));
    expect(error.code).toBe("missing_input");
    expect(error.details?.missing).toEqual({ after_lock_date: ["after_lock"], before_lock_date: ["before_lock"], input_file_name: ["datetime_index"] });
  });

  it("a concentration below every breakpoint fails sub_indices as node_failed, the RangeError kept", async () => {
    const dr = await build();
    const error = await rejection(dr.execute(["aqi_array"], { overrides: { pollutants: [[-1, 0, 0, 0, 0, 0, 0]] } }));
    expect(error.code).toBe("node_failed");
    expect(error.node).toBe("sub_indices");
    expect((error.cause as Error).message).toBe("Concentration -1 out of range!");
  });

  it("dr.visualize_execution(output) through the CLI's view, with the config as JSON", async () => {
    const code = await main(["node", "funcflow", "view", fileURLToPath(module), "--config", JSON.stringify(CONFIG), "--outputs", OUTPUT.join(","), "--format", "dot"]);
    expect(output.stderr).toBe("");
    expect(code).toBe(0);
    for (const name of ["t_value", "p_value", "rng", "sub_indices", "before_lock_date"]) expect(output.stdout).toContain(name);
  });
});
