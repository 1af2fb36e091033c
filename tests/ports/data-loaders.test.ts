/**
 * Port of Hamilton's examples/data_loaders (tests/fixtures/ports/data-loaders): prep_data.py's
 * `extract_columns`, `does(_sum_series)` with a variadic helper and `parameterize` with a
 * `value` and a `source` per output, fed by the mock loader module or by the CSV one
 * (`load_from.csv`). The expected columns are computed here from the raw numbers.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Builder, FuncflowError } from "funcflow";
import { CHURN, SIGNUPS, SPEND } from "../fixtures/ports/data-loaders/load_data_mock.ts";
import { rejection } from "../support/caught.ts";

const fixture = (name: string) => new URL(`../fixtures/ports/data-loaders/${name}.ts`, import.meta.url);
const build = (loader: "load_data_mock" | "load_data_csv") => new Builder().withModules(fixture(loader), fixture("prep_data")).withConfig({ db_path: "test_data" }).build();

/** run.py's VARS. */
const VARS = [
  "total_signups",
  "total_churn",
  "total_marketing_spend",
  "acquisition_cost",
  "twitter_spend_smoothed",
  "facebook_spend_smoothed",
  "radio_spend_smoothed",
  "tv_spend_smoothed",
  "billboards_spend_smoothed",
  "youtube_spend_smoothed",
];

const addUp = (...columns: number[][]): number[] => columns[0]!.map((_, row) => columns.reduce((total, column) => total + column[row]!, 0));
/** pandas' `rolling(window).mean().fillna(0)`. */
const smoothed = (values: number[], window: number): number[] =>
  values.map((_, row) => (row + 1 < window ? 0 : values.slice(row + 1 - window, row + 1).reduce((a, b) => a + b, 0) / window));
const cumsum = (values: number[]): number[] => values.map((_, row) => values.slice(0, row + 1).reduce((a, b) => a + b, 0));

/** What run.py prints, worked out from the loaded columns. */
function expected(spend: Record<string, number[]>, churn: Record<string, number[]>, signups: Record<string, number[]>): Record<string, number[]> {
  const totalSignups = addUp(signups.mens!, signups.womens!);
  const totalMarketingSpend = addUp(spend.facebook!, spend.twitter!, spend.tv!, spend.youtube!, spend.radio!, spend.billboards!);
  return {
    total_signups: totalSignups,
    total_churn: addUp(churn.mens!, churn.womens!),
    total_marketing_spend: totalMarketingSpend,
    acquisition_cost: totalMarketingSpend.map((total, row) => total / totalSignups[row]!),
    total_customers: cumsum(addUp(totalSignups, addUp(churn.mens!, churn.womens!))),
    twitter_spend_smoothed: smoothed(spend.twitter!, 7),
    facebook_spend_smoothed: smoothed(spend.facebook!, 7),
    radio_spend_smoothed: smoothed(spend.radio!, 21),
    tv_spend_smoothed: smoothed(spend.tv!, 21),
    billboards_spend_smoothed: smoothed(spend.billboards!, 7),
    youtube_spend_smoothed: smoothed(spend.twitter!, 7),
  };
}

const asNumbers = (out: Record<string, unknown>): Record<string, number[]> => Object.fromEntries(Object.entries(out).map(([name, column]) => [name, [...(column as Iterable<number>)]]));

function expectClose(actual: Record<string, number[]>, wanted: Record<string, number[]>): void {
  for (const [name, values] of Object.entries(actual)) {
    expect(values.length, name).toBe(wanted[name]!.length);
    values.forEach((cell, row) => expect(cell, `${name}[${row}]`).toBeCloseTo(wanted[name]![row]!, 6));
  }
}

/** The example's CSV columns, by header (the first, unnamed column is pandas' index). */
function readCsv(name: string): Record<string, number[]> {
  const [header, ...rows] = readFileSync(new URL(`../fixtures/ports/data-loaders/test_data/${name}.csv`, import.meta.url), "utf8").trim().split("\n");
  const names = header!.split(",");
  return Object.fromEntries(names.map((column, at) => [column, rows.map((row) => Number(row.split(",")[at]))]));
}

describe("ports/data_loaders", () => {
  it("has Hamilton's nodes: one per extracted column, does nodes under their own names, the parameterized outputs and not spend_smoothed", async () => {
    const dr = await build("load_data_mock");
    const wiring = Object.fromEntries(dr.listNodes().map((node) => [node.name, node.dependencies.map((d) => d.name)]));
    expect(wiring.joined_data).toEqual(["spend", "signups", "churn"]);
    for (const column of ["facebook_spend", "twitter_spend", "tv_spend", "youtube_spend", "radio_spend", "billboards_spend", "womens_churn", "mens_churn", "womens_signups", "mens_signups"]) {
      expect(wiring[column], column).toEqual(["joined_data"]);
    }
    expect(wiring.total_marketing_spend).toEqual(["facebook_spend", "twitter_spend", "tv_spend", "youtube_spend", "radio_spend", "billboards_spend"]);
    expect(wiring.total_signups).toEqual(["mens_signups", "womens_signups"]);
    expect(wiring.youtube_spend_smoothed).toEqual(["twitter_spend"]);
    expect(wiring.radio_spend_smoothed).toEqual(["radio_spend"]);
    expect(wiring).not.toHaveProperty("spend_smoothed");
    expect(wiring).not.toHaveProperty("_sum_series");
    // Hamilton fills {spend} with the source's name and {lookback_days} with the value.
    expect(dr.node("radio_spend_smoothed").doc).toMatch(/^radio_spend smoothed by 21\. /);
    expect(dr.node("youtube_spend_smoothed").doc).toMatch(/^twitter_spend smoothed by 7\. /);
  });

  it("run.py mock: VARS and total_customers come out as computed from the mock tables", async () => {
    const dr = await build("load_data_mock");
    const out = asNumbers(await dr.execute([...VARS, "total_customers"]));
    expectClose(out, expected(SPEND, CHURN, SIGNUPS));
    // Ten days are fewer than the 21-day window: Hamilton's fillna(0) leaves zeros.
    expect(out.radio_spend_smoothed).toEqual(Array(10).fill(0));
  });

  it("run.py csv: load_from.csv makes <fn>.load_data.data and <fn>.select_data.data, and the columns match the files", async () => {
    const dr = await build("load_data_csv");
    expect(dr.node("spend").dependencies.map((d) => d.name)).toEqual(["spend.select_data.data"]);
    expect(dr.node("spend.select_data.data").dependencies.map((d) => d.name)).toEqual(["spend.load_data.data"]);
    const { churn, ...out } = await dr.execute([...VARS, "total_customers", "churn"]);
    expectClose(asNumbers(out), expected(readCsv("marketing_spend"), readCsv("churn"), readCsv("signups")));
    const table = churn as import("apache-arrow").Table;
    expect(table.numRows).toBe(12);
    expect([...table.getChild("date")!].slice(0, 3)).toEqual(["2020-01-01", "2020-01-02", "2020-01-03"]);
  });

  it("prep_data without a loader module: the three tables are missing inputs, each named with the node that needs it", async () => {
    const dr = await new Builder().withModules(fixture("prep_data")).build();
    const error = await rejection(dr.execute(["total_signups"]));
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error.code).toBe("missing_input");
    for (const name of ["spend", "signups", "churn", "joined_data"]) expect(error.message).toContain(name);
  });

  it("overriding an extracted column cuts joined_data and the loaders out of the run", async () => {
    const dr = await build("load_data_mock");
    const mens = new Float64Array([1, 2, 3]);
    const womens = new Float64Array([10, 20, 30]);
    const out = await dr.execute(["total_signups"], { overrides: { mens_signups: mens, womens_signups: womens } });
    expect([...(out.total_signups as Iterable<number>)]).toEqual([11, 22, 33]);
  });
});
