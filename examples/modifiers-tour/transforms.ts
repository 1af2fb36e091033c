/**
 * The modifiers tour: a small sales report written as plain functions, using most of
 * funcflow's modifiers. run.ts builds and runs it; README.md walks through it.
 */
import { fileURLToPath } from "node:url";
import type { Float64, Table, Utf8, Vector } from "apache-arrow";
import {
  checkOutput,
  collect,
  configDefault,
  configWhen,
  does,
  extractColumns,
  extractFields,
  group,
  inject,
  loadFrom,
  mutate,
  parallelizable,
  parameterize,
  parameterizedSubdag,
  parameterizeValues,
  pipeOutput,
  resolve,
  saveTo,
  schema,
  source,
  step,
  tag,
  tagOutputs,
  value,
  type Collect,
  type Parallelizable,
} from "funcflow";

const numbers = (column: Vector): Float64Array => Float64Array.from(column.toArray() as ArrayLike<number>);
const sumOf = (column: Vector): number => numbers(column).reduce((sum, v) => sum + v, 0);
const roundTo = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

// ── Loading ────────────────────────────────────────────────────────────────────────────────

/** Every sale, loaded from data/sales.csv (loadFrom), with its declared columns (schema). */
export const sales = schema(
  { region: "utf8", product: "utf8", amount: "float64", quantity: "float64" },
  loadFrom({ path: fileURLToPath(new URL("./data/sales.csv", import.meta.url)) }, (rawSales: Table): Table => rawSales),
);

/** The sales columns the report reads, typed so each extracted column is a typed vector. */
type SaleColumns = { region: Utf8; amount: Float64; quantity: Float64 };

/** The columns the report reads (extractColumns); amounts are checked before use (checkOutput). */
export const saleColumns = checkOutput(
  { target: "amount", allowNull: false, allowNaN: false, range: [0, 10_000], importance: "fail" },
  extractColumns(["region", ["amount", "Sale amount in USD."], "quantity"], (sales: Table): Table<SaleColumns> => sales),
);

// ── Currency: a config variant ─────────────────────────────────────────────────────────────

/** USD to the report currency: 1 unless the config says otherwise (configDefault). */
export const currencyRate__usd = configDefault((): number => 1);

/** USD to EUR, when the report is in euros (configWhen). */
export const currencyRate__eur = configWhen({ currency: "EUR" }, (): number => 0.9);

/** Each sale's revenue in the report currency. */
export function saleRevenue(amount: Vector, quantity: Vector, currencyRate: number): Float64Array {
  const amounts = numbers(amount);
  const quantities = numbers(quantity);
  return amounts.map((price, row) => price * quantities[row]! * currencyRate);
}

// ── One function, several nodes ────────────────────────────────────────────────────────────

/** Revenue of the sales in {wanted} (parameterize: one node per region). */
export const regionRevenue = parameterize(
  {
    usRevenue: { salesRegion: source("region"), wanted: value("US") },
    euRevenue: { salesRegion: source("region"), wanted: value("EU") },
  },
  (saleRevenue: Float64Array, salesRegion: Vector, wanted: string): number =>
    saleRevenue.reduce((sum, revenue, row) => (salesRegion.get(row) === wanted ? sum + revenue : sum), 0),
);

/** Rounds each region's revenue to cents, without touching regionRevenue (mutate). */
export const toCents = mutate(regionRevenue, (revenue: number): number => roundTo(revenue, 2));

/** All regions together (inject with a group of sources). */
export const totalRevenue = tag(
  { audience: "finance" },
  inject({ parts: group(source("usRevenue"), source("euRevenue")) }, (parts: number[]): number => parts.reduce((sum, part) => sum + part, 0)),
);

/** Items sold: the body is sumOf's (does). */
export const totalQuantity = does(sumOf, (quantity: Vector): number => quantity.length);

/** Revenue per item sold, rounded to cents (pipeOutput). */
export const averageSale = tag(
  { audience: "finance" },
  pipeOutput(step(roundTo, 2), (totalRevenue: number, totalQuantity: number): number => totalRevenue / totalQuantity),
);

interface AmountStats {
  meanAmount: number;
  largestAmount: number;
}

/** Summary statistics of the amounts, one node per field of AmountStats (extractFields, tagOutputs). */
export const amountStats = tagOutputs(
  { meanAmount: { unit: "usd" }, largestAmount: { unit: "usd" } },
  extractFields((amount: Vector): AmountStats => {
    const values = numbers(amount);
    return { meanAmount: values.reduce((sum, v) => sum + v, 0) / values.length, largestAmount: Math.max(...values) };
  }),
);

// ── Per region, in parallel ────────────────────────────────────────────────────────────────

/** The regions present in the data; the nodes below run once per region (parallelizable). */
export const reportRegions = parallelizable((region: Vector): Parallelizable<string> => new Set(region.toArray() as string[]));

/** One region's share of the revenue (runs per region). */
export function regionShare(reportRegions: string, region: Vector, saleRevenue: Float64Array, totalRevenue: number): string {
  const revenue = saleRevenue.reduce((sum, r, row) => (region.get(row) === reportRegions ? sum + r : sum), 0);
  return `${reportRegions} ${((100 * revenue) / totalRevenue).toFixed(1)}%`;
}

/** Every region's share, gathered (collect). */
export const shares = collect((regionShare: Collect<string>): string[] => regionShare);

// ── Reused modules and config-chosen modifiers ─────────────────────────────────────────────

/** Next-period forecasts per region, from forecast.ts reused under two namespaces (parameterizedSubdag). */
export const regionForecast = parameterizedSubdag(
  { modules: [new URL("./forecast.ts", import.meta.url)], inputs: { horizon: 1 } },
  {
    usForecast: { inputs: { history: source("usRevenue") } },
    euForecast: { inputs: { history: source("euRevenue") } },
  },
  (forecast: number): number => roundTo(forecast, 2),
);

/** Revenue after {months} months of growth; the horizons come from config (resolve + parameterizeValues). */
export const grownRevenue = resolve(
  { horizons: [3, 12] },
  ({ horizons }, fn) => parameterizeValues("months", Object.fromEntries((horizons as number[]).map((months) => [`revenueIn${months}Months`, months])), fn),
  (totalRevenue: number, growth: number, months: number): number => roundTo(totalRevenue * (1 + growth) ** months, 2),
);

// ── The report, saved ──────────────────────────────────────────────────────────────────────

/** The report, written as JSON to the path in the reportPath input (saveTo → save.report). */
export const report = tag(
  { audience: "finance" },
  saveTo(
    { path: source("reportPath"), as: "json" },
    (totalRevenue: number, averageSale: number, shares: string[], usForecast: number, euForecast: number, currency: string) => ({
      currency,
      totalRevenue,
      averageSale,
      shares,
      forecast: { us: usForecast, eu: euForecast },
    }),
  ),
);
