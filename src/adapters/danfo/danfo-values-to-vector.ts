import { Float64, makeData, makeVector, type Vector } from "apache-arrow";
import { toVector } from "../arrow/index.ts";
import type { DanfoToArrowOptions } from "./danfo-types.ts";

/**
 * An Arrow Vector for the plain values danfo stores for one column. Danfo marks a missing value
 * with `null`, `undefined` or `NaN`; each becomes an Arrow null (`NaN` in a number column stays a
 * value when `nanAsNull` is false). Number columns fill one Float64Array in one pass.
 * @param name The column name, for error messages.
 * @throws FuncflowError `type_mismatch` when the column mixes kinds (`details.column`).
 * @example danfoValuesToVector([1, NaN, 3], "a").nullCount; // 1
 */
export function danfoValuesToVector(values: readonly unknown[], name: string, options: DanfoToArrowOptions = {}): Vector {
  const nanAsNull = options.nanAsNull ?? true;
  if (isNumberColumn(values)) return numbersToVector(values as readonly unknown[], nanAsNull);
  // In a column of strings or booleans NaN can only mean "missing" (danfo's readCSV writes it so).
  return toVector(values.map((value) => (isMissing(value) ? null : value)), name);
}

function isMissing(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === "number" && Number.isNaN(value));
}

/** True when every non-missing value is a number (and at least one value is a number). */
function isNumberColumn(values: readonly unknown[]): boolean {
  let sawNumber = false;
  for (const value of values) {
    if (typeof value === "number") sawNumber = true;
    else if (value !== null && value !== undefined) return false;
  }
  return sawNumber;
}

function numbersToVector(values: readonly unknown[], nanAsNull: boolean): Vector {
  const length = values.length;
  const data = new Float64Array(length);
  const validity = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  for (let index = 0; index < length; index++) {
    const value = values[index] as number | null | undefined;
    if (value === null || value === undefined || (nanAsNull && Number.isNaN(value))) {
      nullCount += 1;
      continue;
    }
    data[index] = value;
    validity[index >> 3]! |= 1 << (index & 7);
  }
  return makeVector(makeData({ type: new Float64(), length, nullCount, data, nullBitmap: nullCount > 0 ? validity : undefined }));
}
