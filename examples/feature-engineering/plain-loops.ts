/**
 * The same twenty features written as hand loops over typed arrays, with no library: the
 * baseline the README compares funcflow's run time against (and a cross-check of its numbers).
 * Nulls are tracked with NaN here, which is what a hand-written version would typically do.
 */
import type { Table } from "apache-arrow";

type Columns = Record<string, Float64Array>;

/** Trailing-window mean and sample std with running sums (revenue has no missing values). */
function rollingMoments(values: Float64Array, window: number, minPeriods: number): { mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(values.length).fill(Number.NaN);
  const std = new Float64Array(values.length).fill(Number.NaN);
  let sum = 0;
  let sumOfSquares = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!;
    sumOfSquares += values[i]! * values[i]!;
    if (i >= window) {
      sum -= values[i - window]!;
      sumOfSquares -= values[i - window]! * values[i - window]!;
    }
    const count = Math.min(i + 1, window);
    if (count < minPeriods) continue;
    mean[i] = sum / count;
    std[i] = Math.sqrt(Math.max(0, (sumOfSquares - (sum * sum) / count) / (count - 1)));
  }
  return { mean, std };
}

/** Trailing-window max by scanning the window, as most hand-written code does. */
function rollingMaxScan(values: Float64Array, window: number): Float64Array {
  const out = new Float64Array(values.length).fill(Number.NaN);
  for (let i = window - 1; i < values.length; i++) {
    let largest = -Infinity;
    for (let j = i - window + 1; j <= i; j++) if (values[j]! > largest) largest = values[j]!;
    out[i] = largest;
  }
  return out;
}

function meanAndStd(values: Float64Array): { mean: number; std: number } {
  let sum = 0;
  for (const value of values) sum += value;
  const mean = sum / values.length;
  let squares = 0;
  for (const value of values) squares += (value - mean) ** 2;
  return { mean, std: Math.sqrt(squares / (values.length - 1)) };
}

/** Every feature of features.ts, computed directly. */
export function plainFeatures(orders: Table): Columns {
  const n = orders.numRows;
  const priceColumn = orders.getChild("price")!;
  const price = priceColumn.toArray() as Float64Array;
  const quantity = orders.getChild("quantity")!.toArray() as Int32Array;
  const discount = orders.getChild("discount")!.toArray() as Float64Array;
  const customerId = orders.getChild("customerId")!.toArray() as Int32Array;
  let priceTotal = 0;
  let priceCount = 0;
  for (let i = 0; i < n; i++) if (priceColumn.isValid(i)) (priceTotal += price[i]!), priceCount++;
  const priceMean = priceTotal / priceCount;
  const f: Columns = {};
  const make = () => new Float64Array(n);
  f.priceFilled = make();
  f.netPrice = make();
  f.revenue = make();
  f.logRevenue = make();
  f.revenueClipped = make();
  for (let i = 0; i < n; i++) {
    f.priceFilled[i] = priceColumn.isValid(i) ? price[i]! : priceMean;
    f.netPrice[i] = f.priceFilled[i]! * (1 - discount[i]!);
    f.revenue[i] = f.netPrice[i]! * quantity[i]!;
    f.logRevenue[i] = Math.log(f.revenue[i]! + 1);
    f.revenueClipped[i] = Math.min(400, Math.max(1, f.revenue[i]!));
  }
  const revenue = f.revenue;
  f.revenueRolling7Mean = rollingMoments(revenue, 7, 7).mean;
  f.revenueRolling100Mean = rollingMoments(revenue, 100, 10).mean;
  f.revenueRolling30Std = rollingMoments(revenue, 30, 30).std;
  f.revenueRolling50Max = rollingMaxScan(revenue, 50);
  f.revenueVsRecent = make();
  f.revenueDiff = make();
  f.revenuePctChange = make();
  f.unitsCumulative = make();
  f.isLargeOrder = make();
  f.loyaltyBonus = make();
  let units = 0;
  for (let i = 0; i < n; i++) {
    f.revenueVsRecent[i] = revenue[i]! - f.revenueRolling7Mean[i]!;
    f.revenueDiff[i] = i === 0 ? Number.NaN : revenue[i]! - revenue[i - 1]!;
    f.revenuePctChange[i] = i === 0 ? Number.NaN : revenue[i]! / revenue[i - 1]! - 1;
    f.unitsCumulative[i] = units += quantity[i]!;
    f.isLargeOrder[i] = revenue[i]! > 200 ? 1 : 0;
    f.loyaltyBonus[i] = revenue[i]! > 200 ? revenue[i]! * 0.05 : 0;
  }
  const filled = meanAndStd(f.priceFilled);
  f.priceZScore = f.priceFilled.map((p) => (p - filled.mean) / filled.std);
  const sums = new Map<number, { sum: number; count: number }>();
  for (let i = 0; i < n; i++) {
    const stats = sums.get(customerId[i]!) ?? { sum: 0, count: 0 };
    stats.sum += revenue[i]!;
    stats.count++;
    sums.set(customerId[i]!, stats);
  }
  f.customerMeanRevenue = make();
  f.customerOrderCount = make();
  f.shareOfCustomerRevenue = make();
  f.revenueVsCustomer = make();
  for (let i = 0; i < n; i++) {
    const stats = sums.get(customerId[i]!)!;
    f.customerMeanRevenue[i] = stats.sum / stats.count;
    f.customerOrderCount[i] = stats.count;
    f.shareOfCustomerRevenue[i] = revenue[i]! / stats.sum;
    f.revenueVsCustomer[i] = revenue[i]! / f.customerMeanRevenue[i]!;
  }
  return f;
}
