/**
 * Generates 1M orders, computes twenty features with funcflow, returns them as one Arrow Table,
 * writes it to out/features.arrow, and times the same pipeline written as plain loops.
 * Run: `npx tsx examples/feature-engineering/run.ts [rows]`.
 */
import { mkdir } from "node:fs/promises";
import { Builder } from "funcflow";
import { arrowTableResult } from "funcflow/arrow";
import { writeTable } from "funcflow/io";
import { generateOrders } from "./orders.ts";
import { plainFeatures } from "./plain-loops.ts";

export const FEATURES = [
  "priceFilled", "netPrice", "revenue", "logRevenue", "revenueClipped",
  "revenueRolling7Mean", "revenueRolling100Mean", "revenueRolling30Std", "revenueRolling50Max",
  "revenueVsRecent", "revenueDiff", "revenuePctChange", "unitsCumulative", "priceZScore",
  "isLargeOrder", "loyaltyBonus", "customerMeanRevenue", "customerOrderCount",
  "shareOfCustomerRevenue", "revenueVsCustomer",
] as const;

/** Options of `featureDriver`. */
export interface FeatureDriverOptions {
  /** Cache node results in this folder (`withCache`), so a second run reads them back. */
  readonly cacheDir?: string;
}

/** The driver for features.ts, returning an Arrow Table; with `cacheDir`, results are cached. */
export function featureDriver(options: FeatureDriverOptions = {}) {
  const builder = new Builder().withModules(new URL("./features.ts", import.meta.url)).withResultBuilder(arrowTableResult);
  return (options.cacheDir === undefined ? builder : builder.withCache({ dir: options.cacheDir })).build();
}

/** The orders table's columns as inputs. */
export function ordersInputs(orders: ReturnType<typeof generateOrders>) {
  return Object.fromEntries(orders.schema.fields.map((field) => [field.name, orders.getChild(field.name)!]));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const orders = generateOrders({ rows });
  const dr = await featureDriver();
  const inputs = ordersInputs(orders);
  await dr.execute(FEATURES, { inputs }); // warm-up: JIT and plan cache

  const time = async <T>(action: () => T | Promise<T>) => {
    const start = performance.now();
    const value = await action();
    return { value, ms: performance.now() - start };
  };
  const withFuncflow = await time(() => dr.execute(FEATURES, { inputs }));
  plainFeatures(orders);
  const withLoops = await time(() => plainFeatures(orders));

  const outDir = new URL("./out/", import.meta.url);
  await mkdir(outDir, { recursive: true });
  const file = new URL("features.arrow", outDir).pathname;
  await writeTable(file, withFuncflow.value);
  await writeTable(new URL("orders.arrow", outDir).pathname, orders); // for the CLI line in the README

  console.log(`${rows.toLocaleString()} orders → ${withFuncflow.value.numCols} feature columns`);
  console.table([
    { pipeline: "funcflow (Arrow kernels, 21 nodes)", ms: Math.round(withFuncflow.ms) },
    { pipeline: "plain loops over typed arrays", ms: Math.round(withLoops.ms) },
  ]);
  console.log(`Wrote ${file}`);
}
