/**
 * A small forecasting module, reused by transforms.ts once per region with
 * `parameterizedSubdag`: its nodes become `usForecast.trend`, `euForecast.trend`, and so on.
 */

/** Next period's revenue if it grows at the configured rate. */
export function trend(history: number, growth: number): number {
  return history * (1 + growth);
}

/** Revenue expected over the horizon, in periods. */
export function forecast(trend: number, horizon: number): number {
  return trend * horizon;
}
