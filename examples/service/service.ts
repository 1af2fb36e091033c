/**
 * The service example: a small order-analytics pipeline and two endpoint functions. `funcflow
 * serve examples/service/service.ts` serves every node as POST /outputs/<name>, plus the two
 * endpoints at the paths their modifiers declare; their node parameters (averageOrder) are
 * computed by the DAG from the request's inputs.
 */
import type { Float64, Vector } from "apache-arrow";
import { get, post } from "funcflow";
import { mean } from "funcflow/arrow";

/** A customer's loyalty tier. */
export type Tier = "bronze" | "silver" | "gold";

/** A customer's tier, with the average it was read from. */
export interface TierReply {
  customerId: string;
  tier: Tier;
  /** Mean order amount, in USD. */
  averageOrder: number;
}

/** A priced basket. */
export interface Quote {
  /** Sum of the basket before the discount. */
  subtotal: number;
  /** Discount rate from the customer's tier. */
  discount: number;
  total: number;
}

/** Mean order amount, in USD. */
export function averageOrder(amounts: Vector<Float64>): number {
  return mean(amounts);
}

/** Share of the orders above the average. */
export function shareAboveAverage(amounts: Vector<Float64>, averageOrder: number): number {
  let above = 0;
  for (const amount of amounts) if ((amount ?? 0) > averageOrder) above++;
  return amounts.length === 0 ? 0 : above / amounts.length;
}

/** The customer's loyalty tier, from their average order. */
export const customerTier = get("/v0/customers/{customerId}/tier", (customerId: string, averageOrder: number): TierReply => ({
  customerId,
  tier: tierOf(averageOrder),
  averageOrder,
}));

/** Prices a basket with the discount of the customer's tier. */
export const quote = post("/v0/quote", (basket: number[], averageOrder: number, extraDiscount = 0): Quote => {
  const subtotal = basket.reduce((sum, price) => sum + price, 0);
  const discount = Math.min(0.5, DISCOUNTS[tierOf(averageOrder)] + extraDiscount);
  return { subtotal, discount, total: Math.round(subtotal * (1 - discount) * 100) / 100 };
});

const DISCOUNTS: Readonly<Record<Tier, number>> = { bronze: 0, silver: 0.05, gold: 0.1 };

function tierOf(average: number): Tier {
  return average >= 100 ? "gold" : average >= 50 ? "silver" : "bronze";
}
