import { readTable, writeTable } from "funcflow/io";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateOrders } from "../../examples/feature-engineering/orders.ts";
import { plainFeatures } from "../../examples/feature-engineering/plain-loops.ts";
import { FEATURES, featureDriver, ordersInputs } from "../../examples/feature-engineering/run.ts";

/** A column as plain numbers, null → NaN and booleans → 0/1, for comparison with the loops. */
function numbers(vector: { length: number; get(i: number): unknown }): number[] {
  return Array.from({ length: vector.length }, (_, i) => {
    const value = vector.get(i);
    return value === null ? Number.NaN : Number(value);
  });
}

/**
 * The rows where `actual` is not what the loops computed: NaN where they have NaN, else what
 * `toBeCloseTo(wanted, 6)` passes (the same infinity, or closer than 5e-7). One expect per column
 * instead of one per cell: 400,000 expect() calls took ~10 s, the comparison itself milliseconds.
 */
function misfits(feature: string, actual: readonly number[], wanted: readonly number[]): string[] {
  const rows: string[] = [];
  actual.forEach((value, row) => {
    const want = wanted[row]!;
    const fits = Number.isNaN(want) ? Number.isNaN(value) : (value === want && !Number.isFinite(want)) || Math.abs(want - value) < 10 ** -6 / 2;
    if (!fits) rows.push(`${feature}[${row}]: ${value}, the loops ${want}`);
  });
  return rows;
}

describe("examples/feature-engineering", () => {
  const orders = generateOrders({ rows: 20_000, customers: 500 });

  it("computes the twenty features the plain loops compute, as one Arrow Table", async () => {
    const dr = await featureDriver();
    const table = await dr.execute(FEATURES, { inputs: ordersInputs(orders) });
    expect(table.schema.fields.map((field) => field.name)).toEqual([...FEATURES]);
    expect(table.numRows).toBe(20_000);
    const expected = plainFeatures(orders);
    for (const feature of FEATURES) {
      const actual = numbers(table.getChild(feature)!);
      const wanted = Array.from(expected[feature]!);
      expect(actual).toHaveLength(wanted.length);
      const wrong = misfits(feature, actual, wanted);
      expect(wrong.slice(0, 20), `${wrong.length} row(s) of ${feature} differ`).toEqual([]);
    }
  });

  it("round-trips the feature table through an Arrow IPC file", async () => {
    const dr = await featureDriver();
    const table = await dr.execute(FEATURES, { inputs: ordersInputs(orders) });
    const dir = await mkdtemp(join(tmpdir(), "funcflow-features-"));
    try {
      await writeTable(join(dir, "features.arrow"), table);
      const back = await readTable(join(dir, "features.arrow"));
      expect(back.numRows).toBe(table.numRows);
      expect(numbers(back.getChild("revenueRolling30Std")!)).toEqual(numbers(table.getChild("revenueRolling30Std")!));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
