/**
 * Port of Hamilton's examples/due_date_probabilities (tests/fixtures/ports/due-date-probabilities):
 * Date inputs, optional parameters with expression defaults (`8 * 7`) and a `Date | null = null`
 * one, a skew-normal model over a year of dates folded at the induction date, and
 * `extractFields` of the fitted parameters. The expected values are worked out here: the density
 * with Φ integrated numerically (not the fixture's erf), the renormalisation, the folding and the
 * running sums.
 */
import type { Table } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { Builder, FuncflowError } from "funcflow";
import { typeCheck } from "funcflow/adapters";
import { rejection } from "../support/caught.ts";
import { runCliInProcess } from "../support/cli-in-process.ts";

const folder = "tests/fixtures/ports/due-date-probabilities";
const fixture = (name: string) => new URL(`../fixtures/ports/due-date-probabilities/${name}.ts`, import.meta.url);
const build = (...modules: string[]) => new Builder().withModules(...modules.map(fixture)).build();
const ALL = ["base_dates", "probabilities", "probability_estimation"];

const DAY = 24 * 60 * 60 * 1000;
const START = new Date(Date.UTC(2024, 0, 1));
const utc = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day));
const PARAMS = { a: -4.186168447183817, loc: 294.44465059093034, scale: 20.670154416450384 };

/** Φ by Simpson's rule over the standard normal density. */
function normalCdf(x: number): number {
  if (x < -9) return 0;
  const steps = 4000;
  const h = (x + 9) / steps;
  const phi = (t: number) => Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
  let total = phi(-9) + phi(x);
  for (let i = 1; i < steps; i++) total += (i % 2 === 1 ? 4 : 2) * phi(-9 + i * h);
  return (total * h) / 3;
}
const skewPdf = (x: number, { a, loc, scale }: typeof PARAMS) => {
  const z = (x - loc) / scale;
  return ((2 / scale) * Math.exp(-0.5 * z * z)) / Math.sqrt(2 * Math.PI) * normalCdf(a * z);
};

/** full_pdf worked out from its definition: a year and a day of densities, renormalised after `current`, folded at the induction date. */
function expectedPdf(start: Date, current: Date | null, inductionDays = 14): { times: number[]; pdf: number[] } {
  const times = Array.from({ length: 366 }, (_, day) => start.getTime() + day * DAY);
  let pdf = times.map((_, day) => skewPdf(day, PARAMS));
  if (current !== null) {
    pdf = pdf.map((p, day) => (times[day]! < current.getTime() ? 0 : p));
    const total = pdf.reduce((a, b) => a + b, 0);
    pdf = pdf.map((p) => p / total);
  }
  const induction = start.getTime() + (280 + inductionDays) * DAY;
  const tail = pdf.filter((_, day) => times[day]! > induction).reduce((a, b) => a + b, 0);
  pdf = pdf.map((p, day) => (times[day]! > induction ? 0 : times[day] === induction ? tail : p));
  return { times, pdf };
}

const column = (table: unknown, name: string): number[] => [...(table as Table).getChild(name)!].map(Number);

describe("ports/due_date_probabilities", () => {
  it("has Hamilton's nodes: optional parameters as optional dependencies, the extracted a/loc/scale fields beside distribution_params", async () => {
    const dr = await build(...ALL);
    const wiring = Object.fromEntries(dr.listNodes().map((node) => [node.name, node.dependencies.map((d) => `${d.name}${d.optional ? "?" : ""}`)]));
    expect(wiring.due_date).toEqual(["start_date"]);
    expect(wiring.possible_dates).toEqual(["due_date", "buffer_before_due_date?", "buffer_after_due_date?"]);
    expect(wiring.full_pdf).toEqual(["start_date", "due_date", "probability_distribution", "current_date?", "induction_post_due_date_days?"]);
    expect(wiring.probability_on_date).toEqual(["full_pdf", "possible_dates"]);
    expect(wiring.probability_before_date).toEqual(["full_cdf", "possible_dates"]);
    for (const field of ["a", "loc", "scale"]) expect(wiring[field], field).toEqual(["distribution_params"]);
    expect(wiring.distribution).toEqual(["distribution_params"]);
    expect(dr.node("full_cdf").doc).toBe("Probability of delivery prior to X date on the *full* date range. We'll filter later.");
    expect(dr.node("start_date").type).toBe("Date");
    expect(dr.node("current_date").type).toBe("Date | null");
    expect(dr.listNodes({ tags: { module: "base_dates" } }).map((node) => node.name).sort()).toEqual(["due_date", "possible_dates"]);
  });

  it("the notebook's run: due date 40 weeks on, 85 possible dates, and the probabilities on and before each as worked out here", async () => {
    const dr = await build(...ALL);
    const out = await dr.execute(["due_date", "possible_dates", "full_pdf", "full_cdf", "probability_on_date", "probability_before_date"], { inputs: { start_date: START } });
    expect(out.due_date).toEqual(utc(2024, 10, 7));
    const possible = out.possible_dates as Date[];
    expect(possible).toHaveLength(56 + 28 + 1);
    expect(possible[0]).toEqual(utc(2024, 8, 12));
    expect(possible.at(-1)).toEqual(utc(2024, 11, 4));

    const { times, pdf } = expectedPdf(START, null);
    expect(column(out.full_pdf, "date")).toEqual(times);
    column(out.full_pdf, "probability").forEach((p, day) => expect(p, `pdf day ${day}`).toBeCloseTo(pdf[day]!, 6));
    let running = 0;
    const cdf = pdf.map((p) => (running += p));
    column(out.full_cdf, "probability").forEach((p, day) => expect(p, `cdf day ${day}`).toBeCloseTo(cdf[day]!, 6));
    // Everything after the induction date (due + 14 days) is folded onto it.
    const inductionDay = 280 + 14;
    expect(column(out.full_pdf, "probability").slice(inductionDay + 1).every((p) => p === 0)).toBe(true);

    const firstPossible = 280 - 56;
    expect(column(out.probability_on_date, "date")).toEqual(possible.map((date) => date.getTime()));
    column(out.probability_on_date, "probability").forEach((p, at) => expect(p).toBeCloseTo(pdf[firstPossible + at]!, 6));
    column(out.probability_before_date, "probability").forEach((p, at) => expect(p).toBeCloseTo(cdf[firstPossible + at]!, 6));
  });

  it("current_date (the optional Date | null) zeroes the past and renormalises; the buffers and induction take the values given", async () => {
    const dr = await build(...ALL);
    const current = utc(2024, 9, 20);
    const inputs = { start_date: START, current_date: current, buffer_before_due_date: 7, buffer_after_due_date: 3, induction_post_due_date_days: 7 };
    const out = await dr.execute(["possible_dates", "full_pdf", "probability_before_date"], { inputs });
    expect((out.possible_dates as Date[]).map((date) => date.toISOString().slice(0, 10))).toEqual(
      ["2024-09-30", "2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04", "2024-10-05", "2024-10-06", "2024-10-07", "2024-10-08", "2024-10-09", "2024-10-10"],
    );
    const { pdf } = expectedPdf(START, current, 7);
    const got = column(out.full_pdf, "probability");
    got.forEach((p, day) => expect(p, `day ${day}`).toBeCloseTo(pdf[day]!, 6));
    // Renormalised to 1, less the induction day's own share, which pandas' pdf[induction_date] = tail overwrites.
    const renormalised = expectedPdf(START, current, 10_000).pdf;
    expect(got.reduce((a, b) => a + b, 0)).toBeCloseTo(1 - renormalised[280 + 7]!, 6);
    // Before today nothing can have happened.
    const today = (current.getTime() - START.getTime()) / DAY;
    expect(got.slice(0, today).every((p) => p === 0)).toBe(true);
    // A null current_date is a value, as Hamilton's None: the same as leaving it out.
    const withNull = await dr.execute(["full_pdf"], { inputs: { start_date: START, current_date: null } });
    expect(column(withNull.full_pdf, "probability")).toEqual(column((await dr.execute(["full_pdf"], { inputs: { start_date: START } })).full_pdf, "probability"));
    expect(inputs.current_date).toEqual(utc(2024, 9, 20));
  });

  it("probability_estimation: the parsed table, 1,000-ish resampled days and a fit whose moments are the sample's; a, loc and scale are distribution_params' fields", async () => {
    const dr = await build("probability_estimation");
    const out = await dr.execute(["raw_data", "raw_probabilities", "resampled", "distribution_params", "a", "loc", "scale", "distribution"]);
    expect(out.raw_data as string[]).toHaveLength(91);
    expect((out.raw_data as string[])[0]).toBe("31 weeks, 0 days < 0.1% < 0.1% > 99.9%");
    const rows = out.raw_probabilities as { days: number; probability: number }[];
    // Lines with "<" or ">" are dropped; what is left starts at 33 weeks 2 days (0.1% on the day).
    expect(rows[0]).toEqual({ days: 33 * 7 + 2, probability: 0.001 });
    expect(rows.find((row) => row.days === 280)).toEqual({ days: 280, probability: 0.03 });
    const sample = out.resampled as number[];
    // Python's int(p * 1000) truncates the float product: 2.9% (39 weeks 6 days) gives 28, not 29.
    expect(sample.filter((day) => day === 39 * 7 + 6).length).toBe(28);
    expect(sample.length).toBe(rows.reduce((n, row) => n + Math.trunc(row.probability * 1000), 0));

    const params = out.distribution_params as typeof PARAMS;
    expect([out.a, out.loc, out.scale]).toEqual([params.a, params.loc, params.scale]);
    const delta = params.a / Math.sqrt(1 + params.a ** 2);
    const mean = sample.reduce((s, x) => s + x, 0) / sample.length;
    const variance = sample.reduce((s, x) => s + (x - mean) ** 2, 0) / sample.length;
    expect(params.loc + params.scale * delta * Math.sqrt(2 / Math.PI)).toBeCloseTo(mean, 9);
    expect(params.scale ** 2 * (1 - (2 * delta * delta) / Math.PI)).toBeCloseTo(variance, 9);
    expect(params.a).toBeLessThan(0); // early deliveries: skewed left, like the hard-coded fit
    const distribution = out.distribution as { pdf(x: number): number };
    expect(distribution.pdf(params.loc)).toBeCloseTo(skewPdf(params.loc, params), 6);
  });

  it("without start_date: one missing_input naming every node that needs it; a string start_date is type_mismatch under typeCheck()", async () => {
    const dr = await build(...ALL);
    const missing = await rejection(dr.execute(["probability_on_date"]));
    expect(missing).toBeInstanceOf(FuncflowError);
    expect(missing.code).toBe("missing_input");
    expect(missing.message).toMatch(/start_date/);
    expect(missing.message).toContain("due_date");
    expect(missing.message).toContain("full_pdf");
    expect(missing.message).not.toMatch(/current_date|buffer_before_due_date/);

    const checked = await new Builder().withModules(...ALL.map(fixture)).withAdapters(typeCheck()).build();
    const wrong = await rejection(checked.execute(["due_date"], { inputs: { start_date: "2024-01-01" } }));
    expect(wrong.code).toBe("type_mismatch");
    expect(wrong.message).toContain("start_date");
  });

  it("funcflow run reads --input start_date=2024-01-01 as the Date the source declares, and refuses a date that is not one", async () => {
    const ran = await runCliInProcess(["run", `${folder}/base_dates.ts`, "--outputs", "due_date,possible_dates", "--input", "start_date=2024-01-01", "--input", "buffer_after_due_date=0", "--json"]);
    expect(ran.stderr).toBe("");
    expect(ran.code).toBe(0);
    const { outputs } = JSON.parse(ran.stdout) as { outputs: { due_date: string; possible_dates: string[] } };
    expect(outputs.due_date).toBe("2024-10-07T00:00:00.000Z");
    expect(outputs.possible_dates).toHaveLength(57);
    expect(outputs.possible_dates.at(-1)).toBe("2024-10-07T00:00:00.000Z");

    const withNull = await runCliInProcess(["run", `${folder}/base_dates.ts`, `${folder}/probabilities.ts`, "--outputs", "full_pdf", "--input", "start_date=2024-01-01", "--input", "current_date=null", "--json", "--no-type-check"]);
    expect(withNull.stderr).toBe("");
    expect(withNull.code).toBe(0);

    const refused = await runCliInProcess(["run", `${folder}/base_dates.ts`, "--outputs", "due_date", "--input", "start_date=01/01/2024", "--no-type-check"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`"start_date" is declared as Date`);
    expect(refused.stderr).toContain("invalid_argument");
  });
});
