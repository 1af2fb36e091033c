/**
 * A generated orders dataset: one row per order, sorted by day, with a few missing prices.
 * Deterministic (a seeded xorshift), so runs and tests see the same numbers.
 */
import { Float64, makeData, makeVector, Table } from "apache-arrow";

export interface OrdersOptions {
  readonly rows: number;
  readonly customers?: number;
  readonly seed?: number;
}

/** Columns: day (Int32), customerId (Int32), price (Float64, ~1% null), quantity (Int32), discount (Float64). */
export function generateOrders({ rows, customers = 50_000, seed = 42 }: OrdersOptions): Table {
  let state = seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
  const day = new Int32Array(rows);
  const customerId = new Int32Array(rows);
  const price = new Float64Array(rows);
  const quantity = new Int32Array(rows);
  const discount = new Float64Array(rows);
  const validity = new Uint8Array(Math.ceil(rows / 8)).fill(0xff);
  for (let i = 0; i < rows; i++) {
    day[i] = Math.floor((i / rows) * 365);
    customerId[i] = Math.floor(random() * customers);
    price[i] = Math.round((5 + random() * 95) * 100) / 100;
    quantity[i] = 1 + Math.floor(random() * 5);
    discount[i] = random() < 0.2 ? 0.1 : 0;
    if (random() < 0.01) validity[i >> 3]! &= ~(1 << (i & 7)); // a missing price
  }
  const priceWithNulls = makeVector(makeData({ type: new Float64(), length: rows, nullBitmap: validity, data: price }));
  return new Table({
    day: makeVector(day),
    customerId: makeVector(customerId),
    quantity: makeVector(quantity),
    discount: makeVector(discount),
    price: priceWithNulls,
  });
}
