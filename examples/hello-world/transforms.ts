/**
 * The marketing-spend example: weekly spend and signups in, a few derived features out.
 * Every exported function is a node; its parameters name the nodes (or inputs) it needs.
 */
import type { Float64, Vector } from "apache-arrow";
import { div, mean, rollingMean, std, sub } from "funcflow/arrow";

/** Spend averaged over the trailing three weeks; the first two weeks have no value. */
export function avg3wkSpend(spend: Vector<Float64>): Vector<Float64> {
  return rollingMean(spend, 3);
}

/** Marketing spend per signup. */
export function spendPerSignup(spend: Vector<Float64>, signups: Vector<Float64>): Vector<Float64> {
  return div(spend, signups);
}

/** Mean weekly spend. */
export function spendMean(spend: Vector<Float64>): number {
  return mean(spend);
}

/** Spend shifted to a zero mean. */
export function spendZeroMean(spend: Vector<Float64>, spendMean: number): Vector<Float64> {
  return sub(spend, spendMean);
}

/** Sample standard deviation of spend (ddof 1). */
export function spendStdDev(spend: Vector<Float64>): number {
  return std(spend);
}

/** Spend scaled to zero mean and unit variance. */
export function spendZeroMeanUnitVariance(spendZeroMean: Vector<Float64>, spendStdDev: number): Vector<Float64> {
  return div(spendZeroMean, spendStdDev);
}
