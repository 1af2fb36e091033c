import type { Vector } from "apache-arrow";
import { Series } from "danfojs-node";
import { invalidArgument } from "../../errors/index.ts";
import { isArrowVector } from "../arrow/index.ts";
import type { DanfoSeries } from "./danfo-types.ts";
import { vectorToDanfoValues } from "./vector-to-danfo-values.ts";

/**
 * A danfo Series holding an Arrow Vector's values (one `Array.from`; danfo stores plain arrays).
 * Nulls become `NaN` in number columns and stay `null` elsewhere.
 * @param name The series name (danfo keeps it as the series' column name).
 * @throws FuncflowError `type_mismatch` for nested Arrow types.
 * @example vectorToSeries(toVector([1, null]), "x").values; // [1, NaN]
 */
export function vectorToSeries(vector: Vector, name?: string): DanfoSeries {
  if (!isArrowVector(vector)) throw invalidArgument("vectorToSeries", "vector", vector, "an Arrow Vector such as makeVector(new Float64Array([1, 2]))");
  if (name !== undefined && typeof name !== "string") throw invalidArgument("vectorToSeries", "name", name, 'the series name as a string such as "price", or undefined');
  const { values, dtype } = vectorToDanfoValues(vector, name);
  // Danfo cannot build a typed empty series; an empty one takes no dtype.
  const dtypes = values.length === 0 ? undefined : [dtype];
  return new Series(values, name === undefined ? { dtypes } : { columns: [name], dtypes });
}
