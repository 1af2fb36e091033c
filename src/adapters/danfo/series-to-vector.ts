import type { Vector } from "apache-arrow";
import { invalidArgument, requireOptions } from "../../errors/index.ts";
import { danfoValuesToVector } from "./danfo-values-to-vector.ts";
import { isDanfoSeries } from "./is-danfo-series.ts";
import { DANFO_TO_ARROW_OPTION_KEYS, type DanfoSeries, type DanfoToArrowOptions } from "./danfo-types.ts";

/**
 * An Arrow Vector holding a danfo Series' values. Numbers (danfo's float32 and int32 dtypes,
 * which hold JS doubles) become Float64, copied once into a Float64Array; booleans → Bool;
 * strings → Utf8. Missing values (`null`, `undefined`, `NaN`) become Arrow nulls; pass
 * `{ nanAsNull: false }` to keep `NaN` as a value in number columns.
 * @throws FuncflowError `type_mismatch` when the series mixes kinds (e.g. numbers and strings).
 * @example seriesToVector(new Series([1, NaN, 3])).nullCount; // 1
 */
export function seriesToVector(series: DanfoSeries, options: DanfoToArrowOptions = {}): Vector {
  if (!isDanfoSeries(series)) throw invalidArgument("seriesToVector", "series", series, "a danfo Series such as new Series([1, 2])");
  requireOptions("seriesToVector", "options", options, DANFO_TO_ARROW_OPTION_KEYS, "{ nanAsNull: false }");
  return danfoValuesToVector(series.values as unknown[], seriesName(series), options);
}

/** A series' name: danfo keeps it as its single column name. */
function seriesName(series: DanfoSeries): string {
  return series.columns[0] ?? "series";
}
