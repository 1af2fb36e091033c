/**
 * A revenue model trained inside a pipeline: ordinary least squares on two features (ad spend and
 * site visits), solved in closed form from sums computed with funcflow's Arrow kernels. `fit`
 * trains; `predictedRevenue` scores with a fit given as config, which is how a saved envelope
 * carries the trained parameters as data.
 */
import type { Float64, Vector } from "apache-arrow";
import { add, mean, mul, sub, sum } from "funcflow/arrow";

/** The trained parameters: revenue ≈ intercept + spendWeight·spend + visitsWeight·visits. */
export interface Fit {
  readonly intercept: number;
  readonly spendWeight: number;
  readonly visitsWeight: number;
}

/** Least-squares fit of revenue on spend and visits (normal equations on centred features). */
export function fit(spend: Vector<Float64>, visits: Vector<Float64>, revenue: Vector<Float64>): Fit {
  const [spendMean, visitsMean, revenueMean] = [mean(spend), mean(visits), mean(revenue)];
  const s = sub(spend, spendMean);
  const v = sub(visits, visitsMean);
  const r = sub(revenue, revenueMean);
  const [ss, vv, sv, sr, vr] = [sum(mul(s, s)), sum(mul(v, v)), sum(mul(s, v)), sum(mul(s, r)), sum(mul(v, r))];
  const determinant = ss * vv - sv * sv;
  const spendWeight = (sr * vv - vr * sv) / determinant;
  const visitsWeight = (vr * ss - sr * sv) / determinant;
  return { intercept: revenueMean - spendWeight * spendMean - visitsWeight * visitsMean, spendWeight, visitsWeight };
}

/** Predicted revenue per row. */
export function predictedRevenue(spend: Vector<Float64>, visits: Vector<Float64>, model: Fit): Vector<Float64> {
  return add(add(mul(spend, model.spendWeight), mul(visits, model.visitsWeight)), model.intercept);
}

/** Root mean squared error of the prediction against the actual revenue. */
export function rmse(predictedRevenue: Vector<Float64>, revenue: Vector<Float64>): number {
  const error = sub(predictedRevenue, revenue);
  return Math.sqrt(mean(mul(error, error)));
}
