import { makeData, makeVector, type DataType, type Vector } from "apache-arrow";

/**
 * A vector of a fixed-width Arrow `type` over `data` (as long as `values`): each value that is
 * not null or undefined goes through `parse` into `data`, the others are nulls in the validity
 * bitmap (left out when there are none).
 * @example fixedWidthVector(new Float64(), new Float64Array(2), ["1", null], Number).toArray();
 */
export function fixedWidthVector<T extends DataType, In, Out extends number | bigint>(
  type: T,
  data: { [index: number]: Out; length: number },
  values: readonly (In | null | undefined)[],
  parse: (value: In, index: number) => Out,
): Vector<T> {
  const length = values.length;
  const validity = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  for (let index = 0; index < length; index++) {
    const value = values[index];
    if (value === null || value === undefined) {
      nullCount++;
      continue;
    }
    data[index] = parse(value, index);
    validity[index >> 3]! |= 1 << (index & 7);
  }
  return makeVector(makeData({ type, length, nullCount, data, nullBitmap: nullCount > 0 ? validity : undefined } as never)) as Vector<T>;
}
