/**
 * Port of Hamilton's examples/people_data_labs (tests/fixtures/ports/people-data-labs): JSON
 * records with nested values read by two loaders sharing the optional `data_dir`, a list input,
 * and growth rates since each selected company's last funding round. The expected rows are
 * worked out here from the JSON files.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { rejection } from "../support/caught.ts";
import { runCliInProcess } from "../support/cli-in-process.ts";

const folder = "tests/fixtures/ports/people-data-labs";
const data_dir = `${folder}/data`;
const build = () => new Builder().withModules(new URL("../fixtures/ports/people-data-labs/analysis.ts", import.meta.url)).build();
const ROUNDS = ["series_a", "series_b", "series_c", "series_d"];
const INPUTS = { pdl_file: "pdl_data.json", stock_file: "stock_data.json", rounds_selection: ROUNDS, data_dir };
const scratch = mkdtempSync(join(tmpdir(), "funcflow-pdl-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Company {
  ticker: string;
  latest_funding_stage: string;
  last_funding_date: string;
  employee_count_by_month: Record<string, number>;
}
const COMPANIES = JSON.parse(readFileSync(`${data_dir}/pdl_data.json`, "utf8")) as Company[];
const STOCKS = JSON.parse(readFileSync(`${data_dir}/stock_data.json`, "utf8")) as { ticker: string; historical_price: { date: string; close: number }[] }[];

/** run.py's augmented_company_info, one row per selected company: [ticker, employee growth, stock growth]. */
function expectedGrowth(rounds: readonly string[]): [string, number | null, number | null][] {
  return COMPANIES.filter((company) => rounds.includes(company.latest_funding_stage)).map((company) => {
    // Months strictly after the funding date, in order.
    const months = Object.keys(company.employee_count_by_month)
      .filter((month) => `${month}-01` > company.last_funding_date)
      .sort();
    if (months.length === 0) return [company.ticker, null, null];
    const counts = months.map((month) => company.employee_count_by_month[month]!);
    const prices = (STOCKS.find((stock) => stock.ticker === company.ticker)?.historical_price ?? []).filter((price) => price.date > `${months[0]}-01`).map((price) => price.close);
    return [company.ticker, (counts.at(-1)! - counts[0]!) / counts[0]!, prices.length === 0 ? null : (prices.at(-1)! - prices[0]!) / prices[0]!];
  });
}

describe("ports/people_data_labs", () => {
  it("has Hamilton's nodes: both loaders read the optional data_dir, rounds_selection is an input of selected_companies", async () => {
    const dr = await build();
    const wiring = Object.fromEntries(dr.listNodes().map((node) => [node.name, node.dependencies.map((d) => `${d.name}${d.optional ? "?" : ""}`)]));
    expect(wiring.pdl_data).toEqual(["pdl_file", "data_dir?"]);
    expect(wiring.stock_data).toEqual(["stock_file", "data_dir?"]);
    expect(wiring.selected_companies).toEqual(["company_info", "rounds_selection"]);
    expect(wiring.augmented_company_info).toEqual(["selected_companies", "employee_growth_rate_since_last_funding_round", "stock_growth_rate_since_last_funding_round"]);
    expect(dr.node("data_dir").dependents).toEqual(["pdl_data", "stock_data"]);
    expect(dr.node("rounds_selection").type).toBe("string[]");
  });

  it("run.py: companies per funding stage, and each selected company's employee and stock growth since its last round", async () => {
    const dr = await build();
    const inputs = { ...INPUTS, rounds_selection: Object.freeze([...ROUNDS]) as string[] };
    const out = await dr.execute(["n_company_by_funding_stage", "augmented_company_info"], { inputs });
    const stages = new Map<string, number>();
    for (const company of COMPANIES) stages.set(company.latest_funding_stage, (stages.get(company.latest_funding_stage) ?? 0) + 1);
    expect(new Map(out.n_company_by_funding_stage as Map<string, number>)).toEqual(stages);
    const counts = [...(out.n_company_by_funding_stage as Map<string, number>).values()];
    expect(counts).toEqual([...counts].sort((a, b) => b - a));

    const rows = out.augmented_company_info as { ticker: string; employee_growth: number | null; stock_growth: number | null; industry: string }[];
    const got = rows.map((row) => [row.ticker, row.employee_growth, row.stock_growth] as const);
    const wanted = expectedGrowth(ROUNDS);
    expect(got.map(([ticker]) => ticker)).toEqual(wanted.map(([ticker]) => ticker));
    got.forEach(([ticker, employees, stock], at) => {
      expect(employees, `${ticker} employees`).toBeCloseTo(wanted[at]![1]!, 12);
      if (wanted[at]![2] === null) expect(stock, `${ticker} stock`).toBeNull();
      else expect(stock, `${ticker} stock`).toBeCloseTo(wanted[at]![2]!, 12);
    });
    expect(rows[0]!.industry).toBe("software");
  });

  it("the employee rows are normalised per month as Dates, and only months after the last round are kept", async () => {
    const dr = await build();
    const { employee_count_by_month_df, employees_since_last_funding_round } = await dr.execute(["employee_count_by_month_df", "employees_since_last_funding_round"], { inputs: INPUTS });
    const all = employee_count_by_month_df as { ticker: string; year_month: Date; employee_count: number }[];
    expect(all).toHaveLength(COMPANIES.reduce((n, company) => n + Object.keys(company.employee_count_by_month).length, 0));
    expect(all[0]).toEqual({ ticker: "AAA", year_month: new Date(Date.UTC(2020, 11, 1)), employee_count: 40 });
    const since = employees_since_last_funding_round as { ticker: string; year_month: Date; last_funding_date: Date }[];
    expect(since.every((row) => row.year_month > row.last_funding_date)).toBe(true);
    expect(since.some((row) => row.ticker === "CCC")).toBe(false); // post_ipo_equity is not selected
  });

  it("errors: no rounds_selection is missing_input naming selected_companies; the default data_dir (data/) does not hold the files here", async () => {
    const dr = await build();
    const missing = await rejection(dr.execute(["augmented_company_info"], { inputs: { pdl_file: "pdl_data.json", stock_file: "stock_data.json", data_dir } }));
    expect(missing.code).toBe("missing_input");
    expect(missing.message).toContain(`"rounds_selection", needed by "selected_companies"`);

    const defaultDir = await rejection(dr.execute(["company_info"], { inputs: { pdl_file: "pdl_data.json" } }));
    expect(defaultDir).toMatchObject({ code: "node_failed", node: "pdl_data" });
    expect((defaultDir.cause as { code: string }).code).toBe("io_failed");
    expect((defaultDir.cause as Error).message).toContain(join("data", "pdl_data.json"));
  });

  it("funcflow run with --input rounds_selection as JSON, and display_all_functions(orient=\"TB\") as funcflow view --orient TB", async () => {
    const ran = await runCliInProcess([
      "run", `${folder}/analysis.ts`, "--outputs", "augmented_company_info",
      "--input", "pdl_file=pdl_data.json", "--input", "stock_file=stock_data.json", "--input", `rounds_selection=["series_a"]`, "--input", `data_dir=${data_dir}`, "--json",
    ]);
    expect(ran.stderr).toBe("");
    expect((JSON.parse(ran.stdout).outputs.augmented_company_info as { ticker: string }[]).map((row) => row.ticker)).toEqual(expectedGrowth(["series_a"]).map(([ticker]) => ticker));

    const png = join(scratch, "all_functions.png");
    const viewed = await runCliInProcess(["view", `${folder}/analysis.ts`, "--orient", "TB", "-o", png]);
    expect(viewed.code).toBe(0);
    expect(existsSync(png)).toBe(true);
    const dot = await runCliInProcess(["view", `${folder}/analysis.ts`, "--orient", "TB"]);
    expect(dot.stdout).toContain(`rankdir="TB"`);
  });
});
