import { Series } from "danfojs-node";
import { FuncflowError } from "../../errors/index.ts";
import { isArrowVector } from "../arrow/index.ts";
import { commonColumnLength, describeValue, isScalarValue, missingColumnError, type ColumnarAdapter, type GetColumnOptions, type NamedColumn } from "../../columnar/index.ts";
import type { DanfoDataFrame, DanfoDtype, DanfoSeries } from "./danfo-types.ts";
import { dataFrameFromCheckedColumns, type DanfoColumnInput } from "./data-frame-from-columns.ts";
import { isDanfoDataFrame } from "./is-danfo-data-frame.ts";
import { isDanfoSeries } from "./is-danfo-series.ts";
import { vectorToDanfoValues } from "./vector-to-danfo-values.ts";

/**
 * The columnar adapter for danfo.js: frames are DataFrames, columns are Series. `buildFrame`
 * also takes Arrow vectors, typed arrays and plain arrays (copied into the plain arrays danfo
 * stores) and broadcasts scalars. Register it explicitly, e.g.
 * `createColumnarRegistry([arrowAdapter, danfoAdapter])`.
 * @example danfoAdapter.getColumn(new DataFrame({ a: [1, 2] }), "a").values; // [1, 2]
 */
export const danfoAdapter: ColumnarAdapter<DanfoDataFrame, DanfoSeries> = Object.freeze({
  name: "danfo",
  isFrame: isDanfoDataFrame,
  isColumn: isDanfoSeries,
  columnNames: (frame: DanfoDataFrame): readonly string[] => frame.columns,
  getColumn(frame: DanfoDataFrame, name: string, options?: GetColumnOptions): DanfoSeries {
    if (frame.columns.includes(name)) return frame.column(name);
    if (options && Object.hasOwn(options, "fill")) {
      return new Series(new Array<unknown>(frame.shape[0] ?? 0).fill(options.fill ?? null), { columns: [name] });
    }
    throw missingColumnError("danfoAdapter.getColumn", name, frame.columns);
  },
  frameLength: (frame: DanfoDataFrame): number => frame.shape[0] ?? 0,
  columnLength: (column: DanfoSeries): number => (column.values as unknown[]).length,
  buildFrame: dataFrameFromNamedColumns,
});

function dataFrameFromNamedColumns(columns: readonly NamedColumn[], where = "danfoAdapter.buildFrame"): DanfoDataFrame {
  const converted = columns.map(([name, value]) => (isScalarValue(value) ? undefined : toDanfoColumn(value, name, where)));
  const length = commonColumnLength(
    where,
    columns.map(([name], index) => ({ name, length: converted[index]?.values.length })),
  );
  const filled = columns.map(([, value], index) => converted[index] ?? repeatScalar(value, length));
  return dataFrameFromCheckedColumns(
    columns.map(([name]) => name),
    filled,
  );
}

function toDanfoColumn(value: unknown, name: string, where: string): DanfoColumnInput {
  if (isDanfoSeries(value)) return { values: value.values as unknown[], dtype: value.dtype as DanfoDtype };
  if (isArrowVector(value)) return vectorToDanfoValues(value, name);
  if (Array.isArray(value)) return { values: value };
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const view = value as unknown as ArrayLike<number | bigint>;
    const isBig = value instanceof BigInt64Array || value instanceof BigUint64Array;
    return { values: isBig ? Array.from(view, Number) : Array.from(view as ArrayLike<number>), dtype: "float32" };
  }
  throw new FuncflowError(
    "type_mismatch",
    `${where}: "${name}" is ${describeValue(value)}, not a column. ` +
      `Return a danfo Series, an Arrow Vector, a typed array, an array, or a scalar.`,
    { details: { column: name, kind: describeValue(value) } },
  );
}

function repeatScalar(value: unknown, length: number): DanfoColumnInput {
  const fill = value === undefined ? null : typeof value === "bigint" ? Number(value) : value;
  const dtype = SCALAR_DTYPES[typeof fill];
  return { values: new Array<unknown>(length).fill(fill), dtype };
}

const SCALAR_DTYPES: Partial<Record<string, DanfoDtype>> = { number: "float32", string: "string", boolean: "boolean" };
