/**
 * Group-by with aggregation, returning an Arrow Table: one row per distinct key, in the order
 * each key first appears, a key column, then one column per (column, aggregation) pair.
 */
import { type DataType, Int32, Table, type TypeMap, type Vector } from "apache-arrow";
import { FuncflowError, optionKeys } from "../errors/index.ts";
import { type SlotExtremes, type SlotTotals, slotExtremes, slotTotals } from "./group-aggregate.ts";
import { checkKeyType, orderGroups, slotRows } from "./group-keys.ts";
import { checkOptions, checkSameLength, invalidArgument } from "./kernel-error.ts";
import { float64Vector, typedVector } from "./make-vector.ts";
import { type NumericColumn, readNumeric } from "./read-column.ts";
import { allSetBitmap } from "./bitmap.ts";
import type { SlotSpace } from "./slot-space.ts";
import type { Float64Vector, NumericInput } from "./types.ts";

/** What a group-by can compute per group; nulls are skipped by all of them. */
export type Aggregation = "sum" | "mean" | "count" | "min" | "max";

/** Aggregations per value column, e.g. `{ price: ["mean", "max"], qty: ["sum"] }`. */
export type AggregationSpec = Readonly<Record<string, readonly Aggregation[]>>;

/** Options of `groupBy`. */
export interface GroupByOptions {
  /** Name of the key column in the result (default "key"). */
  readonly keyName?: string;
  /** Leave out the group of null keys (pandas' `dropna=True`); by default it is kept, with a null key, like SQL. */
  readonly dropNullKeys?: boolean;
}

/** The keys of GroupByOptions, checked against the interface by the compiler. */
export const GROUP_BY_OPTION_KEYS = optionKeys<GroupByOptions>({ keyName: true, dropNullKeys: true });

const AGGREGATIONS: readonly Aggregation[] = ["sum", "mean", "count", "min", "max"];

interface OutputColumn {
  readonly column: string;
  readonly aggregation: Aggregation;
  readonly name: string;
}

/**
 * Groups rows by `keys` and aggregates value columns per group.
 * Output columns are named `<column>_<aggregation>`: `sum` is 0 for a group without valid values
 * (pandas), `mean`/`min`/`max` are null there, `count` counts valid rows (Int32). NaN propagates.
 * Fast paths: dictionary-encoded keys (indices used directly) and integer keys with a modest
 * range (no hashing); Utf8 keys are hashed by their bytes.
 * @param keys the key column: Dictionary, Int, Float, Bool or Utf8 vector
 * @param columns value columns by name, each as long as `keys`
 * @param aggregations per column name, the aggregations to compute, in output order
 * @param options `keyName` (default "key") and `dropNullKeys` (default false)
 * @returns an Arrow Table: the key column, then one column per aggregation
 * @throws FuncflowError `type_mismatch` for unsupported keys or a non-numeric column; `length_mismatch` when a
 *   column's length differs from the keys'; `missing_column` when `aggregations` names an absent column;
 *   `invalid_argument` for an unknown aggregation or a duplicate output name
 * @example
 * const city = vectorFromArray(["Oslo", "Rome", "Oslo"]);
 * const price = vectorFromArray([10, 9, 15]);
 * groupBy(city, { price }, { price: ["mean", "count"] })
 * // → Table { key: ["Oslo", "Rome"], price_mean: [12.5, 9], price_count: [2, 1] }
 */
export function groupBy(
  keys: Vector<DataType>,
  columns: Readonly<Record<string, NumericInput>>,
  aggregations: AggregationSpec,
  options: GroupByOptions = {},
): Table<TypeMap> {
  // Validate everything first, so a mistake surfaces before any work is done.
  checkKeyType(keys);
  checkOptions("groupBy", options, GROUP_BY_OPTION_KEYS, '{ keyName: "city" }');
  const keyName = options.keyName ?? "key";
  const outputs = planOutputs(columns, aggregations, keyName);
  const values = new Map<string, NumericColumn>();
  for (const { column } of outputs) {
    if (values.has(column)) continue;
    const read = readNumeric(columns[column], "groupBy", `column "${column}"`);
    checkSameLength("groupBy", "keys", keys.length, `column "${column}"`, read.length);
    values.set(column, read);
  }
  const space = slotRows(keys);
  const accumulators = new Accumulators(space);
  // Accumulate before ordering the groups: the first pass over integer keys finds their range.
  for (const { column, aggregation } of outputs) accumulators.prepare(column, values.get(column)!, aggregation);
  const groups = orderGroups(space, options.dropNullKeys ?? false);
  const result: Record<string, Vector<DataType>> = { [keyName]: groups.keys };
  for (const { column, aggregation, name } of outputs) {
    result[name] = aggregate(accumulators, groups.groupSlots, column, values.get(column)!, aggregation);
  }
  return new Table(result);
}

function planOutputs(columns: Readonly<Record<string, NumericInput>>, aggregations: AggregationSpec, keyName: string): OutputColumn[] {
  const outputs: OutputColumn[] = [];
  const names = new Set([keyName]);
  for (const [column, wanted] of Object.entries(aggregations)) {
    if (!Object.hasOwn(columns, column)) throw missingColumn(column, Object.keys(columns));
    for (const aggregation of wanted) {
      if (!AGGREGATIONS.includes(aggregation)) {
        throw invalidArgument("groupBy", `aggregation for column "${column}"`, aggregation, `one of ${AGGREGATIONS.join(", ")}`);
      }
      const name = `${column}_${aggregation}`;
      if (names.has(name)) throw invalidArgument("groupBy", "output column name", name, "a name used once (check keyName and repeated aggregations)");
      names.add(name);
      outputs.push({ column, aggregation, name });
    }
  }
  return outputs;
}

function missingColumn(column: string, available: readonly string[]): FuncflowError {
  return new FuncflowError(
    "missing_column",
    `groupBy: aggregations name column "${column}", which is not among the columns passed (${available.join(", ") || "none"}). ` +
      "Add it to the columns or fix the name.",
    { details: { kernel: "groupBy", column, available } },
  );
}

/** Accumulators per value column, computed at most once however many aggregations read them. */
class Accumulators {
  readonly #totals = new Map<string, SlotTotals>();
  readonly #extremes = new Map<string, SlotExtremes>();
  constructor(readonly space: SlotSpace) {}

  /** Computes (once) the accumulators that `aggregation` of `column` reads. */
  prepare(name: string, column: NumericColumn, aggregation: Aggregation): void {
    if (aggregation === "min" || aggregation === "max") this.extremes(name, column, aggregation === "min" ? 1 : -1);
    else this.totals(name, column);
  }

  totals(name: string, column: NumericColumn): SlotTotals {
    let totals = this.#totals.get(name);
    if (totals === undefined) this.#totals.set(name, (totals = slotTotals(this.space, column)));
    return totals;
  }

  extremes(name: string, column: NumericColumn, direction: 1 | -1): SlotExtremes {
    const key = `${direction}:${name}`;
    let extremes = this.#extremes.get(key);
    if (extremes === undefined) this.#extremes.set(key, (extremes = slotExtremes(this.space, column, direction)));
    return extremes;
  }
}

function aggregate(accumulators: Accumulators, groupSlots: Int32Array, name: string, column: NumericColumn, aggregation: Aggregation): Vector<DataType> {
  const groupCount = groupSlots.length;
  if (aggregation === "min" || aggregation === "max") {
    const { best, counts } = accumulators.extremes(name, column, aggregation === "min" ? 1 : -1);
    return perGroup(groupSlots, (slot) => best[slot]!, counts);
  }
  const { sums, counts } = accumulators.totals(name, column);
  if (aggregation === "sum") return perGroup(groupSlots, (slot) => sums[slot]!, null);
  if (aggregation === "mean") return perGroup(groupSlots, (slot) => sums[slot]! / counts[slot]!, counts);
  const groupCounts = new Int32Array(groupCount);
  for (let group = 0; group < groupCount; group++) groupCounts[group] = counts[groupSlots[group]!]!;
  return typedVector(new Int32(), groupCounts, null, groupCount);
}

/** A Float64 vector of one value per group, null for groups with no valid rows when `counts` is given. */
function perGroup(groupSlots: Int32Array, valueOf: (slot: number) => number, counts: Int32Array | null): Float64Vector {
  const values = new Float64Array(groupSlots.length);
  const validity = counts === null ? null : allSetBitmap(groupSlots.length);
  for (let group = 0; group < groupSlots.length; group++) {
    const slot = groupSlots[group]!;
    values[group] = valueOf(slot);
    if (validity !== null && counts![slot] === 0) validity[group >> 3]! &= ~(1 << (group & 7));
  }
  return float64Vector(values, validity);
}
