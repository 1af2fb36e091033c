import {
  Bool,
  DateMillisecond,
  Null,
  makeData,
  makeVector,
  vectorFromArray,
  type Vector,
} from "apache-arrow";
import { FuncflowError, invalidArgument } from "../../errors/index.ts";
import { describeValue, isScalarValue } from "../../columnar/index.ts";
import { stringsToVector } from "./strings-to-vector.ts";

/**
 * A vector of `length` copies of a scalar: numbers → Float64, booleans → Bool, strings → Utf8,
 * bigints → Int64, Dates → DateMillisecond, `null`/`undefined` → a Null-typed vector.
 * @param name The column name, for the error message.
 * @throws FuncflowError `type_mismatch` when `value` is not a scalar.
 * @example repeatScalarVector(0.5, 3).toArray(); // Float64Array [0.5, 0.5, 0.5]
 */
export function repeatScalarVector(value: unknown, length: number, name = "value"): Vector {
  if (!isScalarValue(value)) {
    throw new FuncflowError(
      "type_mismatch",
      `repeatScalarVector: "${name}" is ${describeValue(value)}, not a scalar. ` +
        `Pass a number, string, boolean, bigint, Date or null.`,
      { details: { column: name, kind: describeValue(value) } },
    );
  }
  if (!Number.isInteger(length) || length < 0) throw invalidArgument("repeatScalarVector", "length", length, "a row count (an integer ≥ 0)");
  if (value === null || value === undefined) return makeVector(makeData({ type: new Null(), length, nullCount: length }));
  switch (typeof value) {
    case "number":
      return makeVector(new Float64Array(length).fill(value));
    case "bigint":
      return makeVector(new BigInt64Array(length).fill(value));
    case "boolean": {
      const bits = new Uint8Array((length + 7) >> 3).fill(value ? 0xff : 0);
      return makeVector(makeData({ type: new Bool(), length, nullCount: 0, data: bits }));
    }
    case "string":
      return stringsToVector(new Array<string>(length).fill(value));
    default:
      return vectorFromArray(new Array<Date>(length).fill(value), new DateMillisecond()) as Vector;
  }
}
