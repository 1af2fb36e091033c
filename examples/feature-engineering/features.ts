/**
 * Order features: twenty nodes over one row per order. Rolling windows run over orders in
 * day order; customer aggregates come from a group-by and are mapped back onto each order.
 */
import { type Bool, type Float64, type Int32, type Table, type Vector, makeVector } from "apache-arrow";
import {
  add,
  clip,
  cumSum,
  diff,
  div,
  fillNull,
  groupBy,
  gt,
  log,
  mean,
  mul,
  neg,
  pctChange,
  rollingMax,
  rollingMean,
  rollingStd,
  std,
  sub,
  where,
} from "funcflow/arrow";

type F64 = Vector<Float64>;

/** Prices with missing values filled by the mean price. */
export function priceFilled(price: F64): F64 {
  return fillNull(price, mean(price));
}

/** Price after the order's discount. */
export function netPrice(priceFilled: F64, discount: F64): F64 {
  return mul(priceFilled, neg(sub(discount, 1)));
}

/** Revenue of the order. */
export function revenue(netPrice: F64, quantity: Vector<Int32>): F64 {
  return mul(netPrice, quantity);
}

/** log(1 + revenue), tamer for models. */
export function logRevenue(revenue: F64): F64 {
  return log(add(revenue, 1));
}

/** Revenue clipped to the [1, 400] range. */
export function revenueClipped(revenue: F64): F64 {
  return clip(revenue, 1, 400);
}

/** Mean revenue over the trailing 7 orders. */
export function revenueRolling7Mean(revenue: F64): F64 {
  return rollingMean(revenue, 7);
}

/** Mean revenue over the trailing 100 orders, from 10 orders on. */
export function revenueRolling100Mean(revenue: F64): F64 {
  return rollingMean(revenue, 100, { minPeriods: 10 });
}

/** Standard deviation of revenue over the trailing 30 orders. */
export function revenueRolling30Std(revenue: F64): F64 {
  return rollingStd(revenue, 30);
}

/** Largest revenue over the trailing 50 orders. */
export function revenueRolling50Max(revenue: F64): F64 {
  return rollingMax(revenue, 50);
}

/** Revenue minus its trailing 7-order mean. */
export function revenueVsRecent(revenue: F64, revenueRolling7Mean: F64): F64 {
  return sub(revenue, revenueRolling7Mean);
}

/** Change in revenue from the previous order. */
export function revenueDiff(revenue: F64): F64 {
  return diff(revenue);
}

/** Relative change in revenue from the previous order. */
export function revenuePctChange(revenue: F64): F64 {
  return pctChange(revenue);
}

/** Running total of units sold. */
export function unitsCumulative(quantity: Vector<Int32>): F64 {
  return cumSum(quantity);
}

/** Price standardised over all orders. */
export function priceZScore(priceFilled: F64): F64 {
  return div(sub(priceFilled, mean(priceFilled)), std(priceFilled));
}

/** Revenue above 200. */
export function isLargeOrder(revenue: F64): Vector<Bool> {
  return gt(revenue, 200);
}

/** Large orders earn a 5% loyalty bonus. */
export function loyaltyBonus(isLargeOrder: Vector<Bool>, revenue: F64): F64 {
  return where(isLargeOrder, mul(revenue, 0.05), 0);
}

/** Per-customer revenue statistics: one row per customer. */
export function customerStats(customerId: Vector<Int32>, revenue: F64): Table {
  return groupBy(customerId, { revenue }, { revenue: ["mean", "sum", "count"] }, { keyName: "customerId" });
}

/** Each order's customer's mean revenue. */
export function customerMeanRevenue(customerId: Vector<Int32>, customerStats: Table): F64 {
  return perOrder(customerId, customerStats, "revenue_mean");
}

/** Each order's customer's order count. */
export function customerOrderCount(customerId: Vector<Int32>, customerStats: Table): F64 {
  return perOrder(customerId, customerStats, "revenue_count");
}

/** Each order's share of its customer's total revenue. */
export function shareOfCustomerRevenue(revenue: F64, customerId: Vector<Int32>, customerStats: Table): F64 {
  return div(revenue, perOrder(customerId, customerStats, "revenue_sum"));
}

/** Revenue relative to the customer's mean. */
export function revenueVsCustomer(revenue: F64, customerMeanRevenue: F64): F64 {
  return div(revenue, customerMeanRevenue);
}

/** Maps a per-customer column back onto orders (a gather by customer id); not exported, so not a node. */
function perOrder(customerId: Vector<Int32>, stats: Table, column: string): F64 {
  const keys = stats.getChild("customerId")!.toArray() as Int32Array;
  const values = stats.getChild(column)!.toArray() as Float64Array | Int32Array;
  let largestKey = 0;
  for (const key of keys) largestKey = Math.max(largestKey, key);
  const byCustomer = new Float64Array(largestKey + 1);
  for (let i = 0; i < keys.length; i++) byCustomer[keys[i]!] = values[i]!;
  const ids = customerId.toArray() as Int32Array;
  const out = new Float64Array(ids.length);
  for (let i = 0; i < ids.length; i++) out[i] = byCustomer[ids[i]!]!;
  return makeVector(out);
}
