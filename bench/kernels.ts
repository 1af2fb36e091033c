/**
 * Column kernels on 1M rows beside hand-written baselines, arquero and danfo (where danfo has the
 * operation; it has no rolling API). Timings are medians of several runs after warm-up; funcflow
 * and baseline runs are interleaved so all see the same machine noise. `ratio` is funcflow's time
 * over the `raw` baseline's.
 *
 * Baselines ("raw"): the same algorithm written by hand over the same input a user holds, as a
 * careful user would write it, with no library code:
 * - Null-free table: loops over the Float64Array / Int32Array / bitmap under the Arrow vectors.
 *   `groupBy mean (dictionary|int keys)` indexes sums by the Int32 key (it knows the key range,
 *   which the kernel must discover). `groupBy mean (utf8 keys)` reads the Arrow Utf8 column as it
 *   is, offsets and bytes: it decodes each row into a JS string (a hand loop for ASCII rows,
 *   TextDecoder for the others: faster than TextDecoder or Buffer#toString for every row) and
 *   groups with a Map<string, slot>. Column `rawPredecodedMs` shows the same Map loop over JS
 *   strings decoded in advance, outside the timing: not the same input, shown for transparency.
 * - 10%-nulls table: null-aware loops that test each row's validity bit as
 *   `(bits[i >> 3] >> (i & 7)) & 1`, skip (reductions, windows, group-by) or propagate
 *   (elementwise) nulls, and write an output validity bitmap where the kernel returns one. The
 *   rolling rows use the kernels' default minPeriods (the window): with a null in nearly every
 *   window of 100 rows almost every result is null, so rows with `minPeriods 1` follow. Column
 *   `rawIgnoringNullsMs` shows the null-free table's loops on the same arrays (not the same
 *   computation: they read null slots as values).
 * No baseline handles NaN or ±Infinity specially; the kernels do (a NaN in a rolling window, a
 * NaN in a min), at the price of a rarely taken branch. The baselines are the plain version of
 * each loop; where a kernel uses a faster formulation (four running totals in `sum`, bitmaps
 * written a byte at a time, validity read a byte per eight rows) its ratio is below 1.
 *
 * Run: `npx tsx bench/kernels.ts`. QUICK=1 runs fewer rounds, NO_DANFO=1 skips danfo, ONLY=<regex>
 * keeps matching kernels (and writes nothing). Writes bench/results/kernels.json.
 */
import v8 from "node:v8";
import vm from "node:vm";
import * as aq from "arquero";
import { Bool, Dictionary, Int32, makeData, makeVector, Utf8, Vector, vectorFromArray } from "apache-arrow";
import * as k from "../src/kernels/index.ts";
import { median, printTable, writeResults } from "./report.ts";

const N = 1_000_000;
const WINDOW = 100;
const GROUPS = 1_000;
const QUICK = process.env.QUICK === "1";
const RUNS = QUICK ? 7 : 21;
const SLOW_RUNS = QUICK ? 2 : 5;

// ---- data ---------------------------------------------------------------------------------
let seed = 42;
const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const a = new Float64Array(N).map(() => random() + 0.5);
const b = new Float64Array(N).map(() => random() + 0.5);
const conditionBits = new Uint8Array(Math.ceil(N / 8)).map(() => (random() * 256) | 0);
const codes = new Int32Array(N).map(() => (random() * GROUPS) | 0);
const labels = Array.from({ length: GROUPS }, (_, i) => `city-${i}`);
const codeLabels = Array.from(codes, (code) => labels[code]!);

const va = makeVector(a);
const vb = makeVector(b);
const boolVector = (bits: Uint8Array) => new Vector([makeData({ type: new Bool(), length: N, data: bits })]);
const condition = boolVector(conditionBits);
const otherBits = boolVector(conditionBits.map((x) => x ^ 0x5a));
const dictionaryKeys = new Vector([
  makeData({ type: new Dictionary(new Utf8(), new Int32()), length: N, data: codes, dictionary: vectorFromArray(labels, new Utf8()) }),
]);
const utf8Keys = vectorFromArray(codeLabels, new Utf8());
const utf8Offsets = utf8Keys.data[0]!.valueOffsets;
const utf8Bytes = utf8Keys.data[0]!.values;
const intKeys = makeVector(codes);

/** `a` with 10% nulls, for the null-handling table. */
const validity = new Uint8Array(Math.ceil(N / 8)).fill(0xff);
for (let i = 0; i < N; i += 10) validity[i >> 3]! &= ~(1 << (i & 7));
const vaNulls = makeVector(makeData({ type: va.type, length: N, nullCount: N / 10, nullBitmap: validity, data: a }));
const vbNulls = makeVector(makeData({ type: vb.type, length: N, nullCount: N / 10, nullBitmap: validity, data: b }));

// ---- raw baselines: the same algorithms written by hand over typed arrays, no null handling.
// Arrays are parameters, not module-level captures, so V8 optimizes them as it would user code.
const raw = {
  add: (x: Float64Array, y: Float64Array) => { const out = new Float64Array(x.length); for (let i = 0; i < x.length; i++) out[i] = x[i]! + y[i]!; return out; },
  addScalar: (x: Float64Array, s: number) => { const out = new Float64Array(x.length); for (let i = 0; i < x.length; i++) out[i] = x[i]! + s; return out; },
  sub: (x: Float64Array, y: Float64Array) => { const out = new Float64Array(x.length); for (let i = 0; i < x.length; i++) out[i] = x[i]! - y[i]!; return out; },
  mul: (x: Float64Array, y: Float64Array) => { const out = new Float64Array(x.length); for (let i = 0; i < x.length; i++) out[i] = x[i]! * y[i]!; return out; },
  div: (x: Float64Array, y: Float64Array) => { const out = new Float64Array(x.length); for (let i = 0; i < x.length; i++) out[i] = x[i]! / y[i]!; return out; },
  pow: (x: Float64Array, y: Float64Array) => { const out = new Float64Array(x.length); for (let i = 0; i < x.length; i++) out[i] = x[i]! ** y[i]!; return out; },
  neg: (x: Float64Array) => { const out = new Float64Array(x.length); for (let i = 0; i < x.length; i++) out[i] = -x[i]!; return out; },
  abs: (x: Float64Array) => { const out = new Float64Array(x.length); for (let i = 0; i < x.length; i++) out[i] = Math.abs(x[i]!); return out; },
  log: (x: Float64Array) => { const out = new Float64Array(x.length); for (let i = 0; i < x.length; i++) out[i] = Math.log(x[i]!); return out; },
  exp: (x: Float64Array) => { const out = new Float64Array(x.length); for (let i = 0; i < x.length; i++) out[i] = Math.exp(x[i]!); return out; },
  clip: (x: Float64Array, lo: number, hi: number) => { const out = new Float64Array(x.length); for (let i = 0; i < x.length; i++) { const v = x[i]!; out[i] = v < lo ? lo : v > hi ? hi : v; } return out; },
  fillNaN: (x: Float64Array, fill: number) => { const out = new Float64Array(x.length); for (let i = 0; i < x.length; i++) { const v = x[i]!; out[i] = v !== v ? fill : v; } return out; },
  fillNull: (x: Float64Array, valid: Uint8Array, fill: number) => { const out = new Float64Array(x.length); for (let i = 0; i < x.length; i++) out[i] = (valid[i >> 3]! >> (i & 7)) & 1 ? x[i]! : fill; return out; },
  isNaN: (x: Float64Array) => { const out = new Uint8Array(Math.ceil(x.length / 8)); for (let i = 0; i < x.length; i++) out[i >> 3]! |= +(x[i] !== x[i]) << (i & 7); return out; },
  where: (bits: Uint8Array, x: Float64Array, y: Float64Array) => { const out = new Float64Array(x.length); for (let i = 0; i < x.length; i++) out[i] = (bits[i >> 3]! >> (i & 7)) & 1 ? x[i]! : y[i]!; return out; },
  castInt32: (x: Float64Array) => { const out = new Int32Array(x.length); for (let i = 0; i < x.length; i++) out[i] = Math.trunc(x[i]!); return out; },
  eq: (x: Float64Array, y: Float64Array) => { const out = new Uint8Array(Math.ceil(x.length / 8)); for (let i = 0; i < x.length; i++) out[i >> 3]! |= +(x[i] === y[i]) << (i & 7); return out; },
  lt: (x: Float64Array, y: Float64Array) => { const out = new Uint8Array(Math.ceil(x.length / 8)); for (let i = 0; i < x.length; i++) out[i >> 3]! |= +(x[i]! < y[i]!) << (i & 7); return out; },
  gtScalar: (x: Float64Array, s: number) => { const out = new Uint8Array(Math.ceil(x.length / 8)); for (let i = 0; i < x.length; i++) out[i >> 3]! |= +(x[i]! > s) << (i & 7); return out; },
  and: (x: Uint8Array, y: Uint8Array) => { const out = new Uint8Array(x.length); for (let i = 0; i < x.length; i++) out[i] = x[i]! & y[i]!; return out; },
  not: (x: Uint8Array) => { const out = new Uint8Array(x.length); for (let i = 0; i < x.length; i++) out[i] = ~x[i]!; return out; },
  countTrue: (bits: Uint8Array, length: number) => { let count = 0; for (let i = 0; i < length; i++) count += (bits[i >> 3]! >> (i & 7)) & 1; return count; },
  countValid: (valid: Uint8Array, length: number) => { let count = 0; for (let i = 0; i < length; i++) count += (valid[i >> 3]! >> (i & 7)) & 1; return count; },
  sum: (x: Float64Array) => { let total = 0; for (let i = 0; i < x.length; i++) total += x[i]!; return total; },
  mean: (x: Float64Array) => raw.sum(x) / x.length,
  min: (x: Float64Array) => { let best = Infinity; for (let i = 0; i < x.length; i++) if (x[i]! < best) best = x[i]!; return best; },
  max: (x: Float64Array) => { let best = -Infinity; for (let i = 0; i < x.length; i++) if (x[i]! > best) best = x[i]!; return best; },
  variance: (x: Float64Array) => { const m = raw.mean(x); let total = 0; for (let i = 0; i < x.length; i++) { const d = x[i]! - m; total += d * d; } return total / (x.length - 1); },
  quantile: (x: Float64Array, q: number) => { const sorted = x.slice().sort(); const p = q * (sorted.length - 1); const lo = Math.floor(p); return sorted[lo]! + (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (p - lo); },
  rollingSum: (x: Float64Array, w: number) => { const out = new Float64Array(x.length); let s = 0; for (let i = 0; i < x.length; i++) { s += x[i]!; if (i >= w) s -= x[i - w]!; out[i] = i >= w - 1 ? s : NaN; } return out; },
  rollingMean: (x: Float64Array, w: number) => { const out = new Float64Array(x.length); let s = 0; for (let i = 0; i < x.length; i++) { s += x[i]!; if (i >= w) s -= x[i - w]!; out[i] = i >= w - 1 ? s / w : NaN; } return out; },
  /** Welford with the fixed-count replace update, as the kernel uses: a hand-written Σx² version would be faster but inaccurate. */
  rollingStd: (x: Float64Array, w: number) => {
    const out = new Float64Array(x.length); let mean = 0, m2 = 0;
    for (let i = 0; i < Math.min(w, x.length); i++) { const d = x[i]! - mean; mean += d / (i + 1); m2 += d * (x[i]! - mean); out[i] = i >= 1 ? Math.sqrt(m2 / i) : NaN; }
    for (let i = w; i < x.length; i++) { const d = x[i]! - x[i - w]!; const next = mean + d / w; m2 += d * (x[i]! - next + x[i - w]! - mean); mean = next; out[i] = Math.sqrt(m2 / (w - 1)); }
    return out;
  },
  rollingMin: (x: Float64Array, w: number) => rawExtreme(x, w, 1),
  rollingMax: (x: Float64Array, w: number) => rawExtreme(x, w, -1),
  cumSum: (x: Float64Array) => { const out = new Float64Array(x.length); let s = 0; for (let i = 0; i < x.length; i++) out[i] = s += x[i]!; return out; },
  cumProd: (x: Float64Array) => { const out = new Float64Array(x.length); let p = 1; for (let i = 0; i < x.length; i++) out[i] = p *= x[i]!; return out; },
  shift: (x: Float64Array, n: number) => { const out = new Float64Array(x.length); out.fill(NaN, 0, n); out.set(x.subarray(0, x.length - n), n); return out; },
  diff: (x: Float64Array, n: number) => { const out = new Float64Array(x.length).fill(NaN, 0, n); for (let i = n; i < x.length; i++) out[i] = x[i]! - x[i - n]!; return out; },
  pctChange: (x: Float64Array, n: number) => { const out = new Float64Array(x.length).fill(NaN, 0, n); for (let i = n; i < x.length; i++) out[i] = x[i]! / x[i - n]! - 1; return out; },
  groupMean: (keys: Int32Array, x: Float64Array, groups: number) => {
    const sums = new Float64Array(groups); const counts = new Int32Array(groups);
    for (let i = 0; i < x.length; i++) { sums[keys[i]!]! += x[i]!; counts[keys[i]!]!++; }
    for (let g = 0; g < groups; g++) sums[g]! /= counts[g]!;
    return sums;
  },
  /** Over the Arrow Utf8 column itself: decode each row's bytes into a string, then a Map as below. */
  groupMeanByUtf8: (offsets: Int32Array, bytes: Uint8Array, x: Float64Array) => {
    const decoder = new TextDecoder();
    const index = new Map<string, number>(); const sums: number[] = []; const counts: number[] = [];
    for (let i = 0; i < x.length; i++) {
      const start = offsets[i]!; const end = offsets[i + 1]!;
      let key = "";
      for (let j = start; j < end; j++) {
        if (bytes[j]! >= 0x80) { key = decoder.decode(bytes.subarray(start, end)); break; }
        key += String.fromCharCode(bytes[j]!);
      }
      let g = index.get(key);
      if (g === undefined) { g = sums.length; index.set(key, g); sums.push(0); counts.push(0); }
      sums[g]! += x[i]!; counts[g]!++;
    }
    return sums.map((total, g) => total / counts[g]!);
  },
  /** Over JS strings decoded in advance: not the Arrow input, shown for transparency. */
  groupMeanByString: (keys: readonly string[], x: Float64Array) => {
    const index = new Map<string, number>(); const sums: number[] = []; const counts: number[] = [];
    for (let i = 0; i < x.length; i++) {
      let g = index.get(keys[i]!);
      if (g === undefined) { g = sums.length; index.set(keys[i]!, g); sums.push(0); counts.push(0); }
      sums[g]! += x[i]!; counts[g]!++;
    }
    return sums.map((total, g) => total / counts[g]!);
  },
};

/** Monotonic deque, +1 for minima and -1 for maxima. */
function rawExtreme(x: Float64Array, w: number, sign: number): Float64Array {
  const out = new Float64Array(x.length); const deque = new Int32Array(w + 1); let head = 0, tail = 0;
  for (let i = 0; i < x.length; i++) {
    if (tail > head && deque[head % (w + 1)]! <= i - w) head++;
    while (tail > head && sign * x[deque[(tail - 1) % (w + 1)]!]! >= sign * x[i]!) tail--;
    deque[tail++ % (w + 1)] = i;
    out[i] = i >= w - 1 ? x[deque[head % (w + 1)]!]! : NaN;
  }
  return out;
}

// ---- null-aware raw baselines: the same loops, testing each row's validity bit the natural way.
const valid = (bits: Uint8Array, i: number) => (bits[i >> 3]! >> (i & 7)) & 1;
const rawNulls = {
  add: (x: Float64Array, y: Float64Array, vx: Uint8Array, vy: Uint8Array) => {
    const out = new Float64Array(x.length); const outValid = new Uint8Array(vx.length);
    for (let i = 0; i < x.length; i++) {
      const ok = valid(vx, i) & valid(vy, i);
      out[i] = ok ? x[i]! + y[i]! : NaN;
      outValid[i >> 3]! |= ok << (i & 7);
    }
    return [out, outValid];
  },
  lt: (x: Float64Array, y: Float64Array, vx: Uint8Array, vy: Uint8Array) => {
    const out = new Uint8Array(vx.length); const outValid = new Uint8Array(vx.length);
    for (let i = 0; i < x.length; i++) {
      const ok = valid(vx, i) & valid(vy, i);
      out[i >> 3]! |= (ok & +(x[i]! < y[i]!)) << (i & 7);
      outValid[i >> 3]! |= ok << (i & 7);
    }
    return [out, outValid];
  },
  sum: (x: Float64Array, v: Uint8Array) => { let total = 0; for (let i = 0; i < x.length; i++) if (valid(v, i)) total += x[i]!; return total; },
  min: (x: Float64Array, v: Uint8Array) => { let best = Infinity; for (let i = 0; i < x.length; i++) if (valid(v, i) && x[i]! < best) best = x[i]!; return best; },
  variance: (x: Float64Array, v: Uint8Array) => {
    let total = 0, count = 0;
    for (let i = 0; i < x.length; i++) if (valid(v, i)) { total += x[i]!; count++; }
    const m = total / count; let squares = 0;
    for (let i = 0; i < x.length; i++) if (valid(v, i)) { const d = x[i]! - m; squares += d * d; }
    return squares / (count - 1);
  },
  /** Running sum and count of the valid rows; a result (and its validity bit) where count ≥ minPeriods. */
  rollingMean: (x: Float64Array, v: Uint8Array, w: number, minPeriods: number) => {
    const out = new Float64Array(x.length); const outValid = new Uint8Array(v.length); let s = 0, count = 0;
    for (let i = 0; i < x.length; i++) {
      if (valid(v, i)) { s += x[i]!; count++; }
      if (i >= w && valid(v, i - w)) { s -= x[i - w]!; count--; }
      if (count >= minPeriods && count > 0) { out[i] = s / count; outValid[i >> 3]! |= 1 << (i & 7); } else out[i] = NaN;
    }
    return [out, outValid];
  },
  /** Welford: the replace update when a valid row enters as another leaves, otherwise add or remove one value. */
  rollingStd: (x: Float64Array, v: Uint8Array, w: number, minPeriods: number) => {
    const out = new Float64Array(x.length); const outValid = new Uint8Array(v.length); const needed = Math.max(minPeriods, 2);
    let count = 0, mean = 0, m2 = 0;
    for (let i = 0; i < x.length; i++) {
      const enters = valid(v, i); const leaves = i >= w ? valid(v, i - w) : 0;
      if (enters && leaves) {
        const d = x[i]! - x[i - w]!; const next = mean + d / count; m2 += d * (x[i]! - next + x[i - w]! - mean); mean = next;
      } else if (leaves) {
        count--; const d = x[i - w]! - mean; if (count === 0) { mean = 0; m2 = 0; } else { mean -= d / count; m2 -= d * (x[i - w]! - mean); }
      } else if (enters) {
        count++; const d = x[i]! - mean; mean += d / count; m2 += d * (x[i]! - mean);
      }
      if (count >= needed) { out[i] = Math.sqrt(m2 / (count - 1)); outValid[i >> 3]! |= 1 << (i & 7); } else out[i] = NaN;
    }
    return [out, outValid];
  },
  rollingMin: (x: Float64Array, v: Uint8Array, w: number, minPeriods: number) => {
    const out = new Float64Array(x.length); const outValid = new Uint8Array(v.length); const needed = Math.max(minPeriods, 1);
    const deque = new Int32Array(w + 1); let head = 0, tail = 0, count = 0;
    for (let i = 0; i < x.length; i++) {
      if (tail > head && deque[head % (w + 1)]! <= i - w) head++;
      if (i >= w && valid(v, i - w)) count--;
      if (valid(v, i)) {
        count++;
        while (tail > head && x[deque[(tail - 1) % (w + 1)]!]! >= x[i]!) tail--;
        deque[tail++ % (w + 1)] = i;
      }
      if (count >= needed) { out[i] = x[deque[head % (w + 1)]!]!; outValid[i >> 3]! |= 1 << (i & 7); } else out[i] = NaN;
    }
    return [out, outValid];
  },
  /** The output shares the input's validity, as the kernel's does. */
  cumSum: (x: Float64Array, v: Uint8Array) => { const out = new Float64Array(x.length); let s = 0; for (let i = 0; i < x.length; i++) out[i] = valid(v, i) ? (s += x[i]!) : NaN; return out; },
  groupMean: (keys: Int32Array, x: Float64Array, v: Uint8Array, groups: number) => {
    const sums = new Float64Array(groups); const counts = new Int32Array(groups);
    for (let i = 0; i < x.length; i++) if (valid(v, i)) { sums[keys[i]!]! += x[i]!; counts[keys[i]!]!++; }
    for (let g = 0; g < groups; g++) sums[g]! /= counts[g]!;
    return sums;
  },
};

// ---- cases --------------------------------------------------------------------------------
interface Case {
  readonly kernel: string;
  readonly funcflow: () => unknown;
  readonly raw: () => unknown;
  /** A second baseline that is not the same computation, shown beside the ratio but not in it. */
  readonly looseRaw?: () => unknown;
  readonly arquero?: () => unknown;
  readonly danfo?: (d: Danfo) => unknown;
}

type Danfo = { s: DanfoSeries; s2: DanfoSeries; bools: DanfoSeries; bools2: DanfoSeries; df: DanfoFrame; grouped: DanfoFrame };
/** The part of danfo's API the benchmark calls (danfo's own types load its whole TensorFlow tree). */
type Method = (...args: unknown[]) => unknown;
type DanfoSeries = { [name in "add" | "sub" | "mul" | "div" | "pow" | "abs" | "asType" | "eq" | "lt" | "gt" | "and"]: Method } & {
  [name in "sum" | "mean" | "min" | "max" | "var" | "std" | "median" | "cumSum" | "cumProd"]: Method;
};
type DanfoFrame = {
  diff: Method;
  pctChange: Method;
  groupby: (keys: string[]) => { col: (cols: string[]) => { mean: () => unknown } };
};

// Built on first use, so arquero's boolean column does not sit in the heap while funcflow is timed.
let arqueroTables: { table: ReturnType<typeof aq.table>; keyed: ReturnType<typeof aq.table> } | null = null;
const tables = () =>
  (arqueroTables ??= {
    table: aq.table({ a, b, c: Array.from({ length: N }, (_, i) => ((conditionBits[i >> 3]! >> (i & 7)) & 1) === 1) }),
    keyed: aq.table({ k: codeLabels, v: a }),
  });
const derive = (expression: string) => () => tables().table.derive({ out: expression });
const rollup = (expression: string) => () => tables().table.rollup({ out: expression });
const rolling = (expression: string, frame: [number, number]) => () => tables().table.derive({ out: aq.rolling(expression, frame) });

const cases: Case[] = [
  { kernel: "add", funcflow: () => k.add(va, vb), raw: () => raw.add(a, b), arquero: derive("d => d.a + d.b"), danfo: (d) => d.s.add(d.s2) },
  { kernel: "add scalar", funcflow: () => k.add(va, 1), raw: () => raw.addScalar(a, 1), arquero: derive("d => d.a + 1"), danfo: (d) => d.s.add(1) },
  { kernel: "sub", funcflow: () => k.sub(va, vb), raw: () => raw.sub(a, b), arquero: derive("d => d.a - d.b"), danfo: (d) => d.s.sub(d.s2) },
  { kernel: "mul", funcflow: () => k.mul(va, vb), raw: () => raw.mul(a, b), arquero: derive("d => d.a * d.b"), danfo: (d) => d.s.mul(d.s2) },
  { kernel: "div", funcflow: () => k.div(va, vb), raw: () => raw.div(a, b), arquero: derive("d => d.a / d.b"), danfo: (d) => d.s.div(d.s2) },
  { kernel: "pow", funcflow: () => k.pow(va, vb), raw: () => raw.pow(a, b), arquero: derive("d => op.pow(d.a, d.b)"), danfo: (d) => d.s.pow(d.s2) },
  { kernel: "neg", funcflow: () => k.neg(va), raw: () => raw.neg(a), arquero: derive("d => -d.a") },
  { kernel: "abs", funcflow: () => k.abs(va), raw: () => raw.abs(a), arquero: derive("d => op.abs(d.a)"), danfo: (d) => d.s.abs() },
  { kernel: "log", funcflow: () => k.log(va), raw: () => raw.log(a), arquero: derive("d => op.log(d.a)") },
  { kernel: "exp", funcflow: () => k.exp(va), raw: () => raw.exp(a), arquero: derive("d => op.exp(d.a)") },
  { kernel: "clip", funcflow: () => k.clip(va, 0.7, 1.2), raw: () => raw.clip(a, 0.7, 1.2), arquero: derive("d => op.least(op.greatest(d.a, 0.7), 1.2)") },
  { kernel: "fillNaN", funcflow: () => k.fillNaN(va, 0), raw: () => raw.fillNaN(a, 0), arquero: derive("d => op.is_nan(d.a) ? 0 : d.a") },
  { kernel: "isNaN", funcflow: () => k.isNaN(va), raw: () => raw.isNaN(a), arquero: derive("d => op.is_nan(d.a)") },
  { kernel: "where", funcflow: () => k.where(condition, va, vb), raw: () => raw.where(conditionBits, a, b), arquero: derive("d => d.c ? d.a : d.b") },
  { kernel: "cast int32", funcflow: () => k.cast(va, "int32"), raw: () => raw.castInt32(a), arquero: derive("d => d.a | 0"), danfo: (d) => d.s.asType("int32") },
  { kernel: "eq", funcflow: () => k.eq(va, vb), raw: () => raw.eq(a, b), arquero: derive("d => d.a === d.b"), danfo: (d) => d.s.eq(d.s2) },
  { kernel: "lt", funcflow: () => k.lt(va, vb), raw: () => raw.lt(a, b), arquero: derive("d => d.a < d.b"), danfo: (d) => d.s.lt(d.s2) },
  { kernel: "gt scalar", funcflow: () => k.gt(va, 1), raw: () => raw.gtScalar(a, 1), arquero: derive("d => d.a > 1"), danfo: (d) => d.s.gt(1) },
  { kernel: "and", funcflow: () => k.and(condition, otherBits), raw: () => raw.and(conditionBits, otherBits.data[0]!.values), arquero: derive("d => d.c && d.c"), danfo: (d) => d.bools.and(d.bools2) },
  { kernel: "not", funcflow: () => k.not(condition), raw: () => raw.not(conditionBits), arquero: derive("d => !d.c") },
  { kernel: "sum", funcflow: () => k.sum(va), raw: () => raw.sum(a), arquero: rollup("d => op.sum(d.a)"), danfo: (d) => d.s.sum() },
  { kernel: "sum (bool)", funcflow: () => k.sum(condition), raw: () => raw.countTrue(conditionBits, N), arquero: rollup("d => op.sum(d.c)") },
  { kernel: "mean (bool)", funcflow: () => k.mean(condition), raw: () => raw.countTrue(conditionBits, N) / N, arquero: rollup("d => op.mean(d.c)") },
  { kernel: "mean", funcflow: () => k.mean(va), raw: () => raw.mean(a), arquero: rollup("d => op.mean(d.a)"), danfo: (d) => d.s.mean() },
  { kernel: "min", funcflow: () => k.min(va), raw: () => raw.min(a), arquero: rollup("d => op.min(d.a)"), danfo: (d) => d.s.min() },
  { kernel: "max", funcflow: () => k.max(va), raw: () => raw.max(a), arquero: rollup("d => op.max(d.a)"), danfo: (d) => d.s.max() },
  { kernel: "variance", funcflow: () => k.variance(va), raw: () => raw.variance(a), arquero: rollup("d => op.variance(d.a)"), danfo: (d) => d.s.var() },
  { kernel: "std", funcflow: () => k.std(va), raw: () => Math.sqrt(raw.variance(a)), arquero: rollup("d => op.stdev(d.a)"), danfo: (d) => d.s.std() },
  { kernel: "quantile 0.5", funcflow: () => k.quantile(va, 0.5), raw: () => raw.quantile(a, 0.5), arquero: rollup("d => op.median(d.a)"), danfo: (d) => d.s.median() },
  { kernel: "rollingSum", funcflow: () => k.rollingSum(va, WINDOW), raw: () => raw.rollingSum(a, WINDOW), arquero: rolling("d => op.sum(d.a)", [-(WINDOW - 1), 0]) },
  { kernel: "rollingMean", funcflow: () => k.rollingMean(va, WINDOW), raw: () => raw.rollingMean(a, WINDOW), arquero: rolling("d => op.mean(d.a)", [-(WINDOW - 1), 0]) },
  { kernel: "rollingStd", funcflow: () => k.rollingStd(va, WINDOW), raw: () => raw.rollingStd(a, WINDOW), arquero: rolling("d => op.stdev(d.a)", [-(WINDOW - 1), 0]) },
  { kernel: "rollingMin", funcflow: () => k.rollingMin(va, WINDOW), raw: () => raw.rollingMin(a, WINDOW), arquero: rolling("d => op.min(d.a)", [-(WINDOW - 1), 0]) },
  { kernel: "rollingMax", funcflow: () => k.rollingMax(va, WINDOW), raw: () => raw.rollingMax(a, WINDOW), arquero: rolling("d => op.max(d.a)", [-(WINDOW - 1), 0]) },
  { kernel: "cumSum", funcflow: () => k.cumSum(va), raw: () => raw.cumSum(a), arquero: rolling("d => op.sum(d.a)", [-Infinity, 0]), danfo: (d) => d.s.cumSum() },
  { kernel: "cumProd", funcflow: () => k.cumProd(va), raw: () => raw.cumProd(a), arquero: rolling("d => op.product(d.a)", [-Infinity, 0]), danfo: (d) => d.s.cumProd() },
  { kernel: "shift", funcflow: () => k.shift(va, 1), raw: () => raw.shift(a, 1), arquero: derive("d => op.lag(d.a, 1)") },
  { kernel: "diff", funcflow: () => k.diff(va), raw: () => raw.diff(a, 1), arquero: derive("d => d.a - op.lag(d.a, 1)"), danfo: (d) => d.df.diff(1) },
  { kernel: "pctChange", funcflow: () => k.pctChange(va), raw: () => raw.pctChange(a, 1), arquero: derive("d => d.a / op.lag(d.a, 1) - 1"), danfo: (d) => d.df.pctChange(1) },
  {
    kernel: "groupBy mean (dictionary keys)",
    funcflow: () => k.groupBy(dictionaryKeys, { v: va }, { v: ["mean"] }),
    raw: () => raw.groupMean(codes, a, GROUPS),
    arquero: () => tables().keyed.groupby("k").rollup({ m: "d => op.mean(d.v)" }),
    danfo: (d) => d.grouped.groupby(["k"]).col(["v"]).mean(),
  },
  { kernel: "groupBy mean (int keys)", funcflow: () => k.groupBy(intKeys, { v: va }, { v: ["mean"] }), raw: () => raw.groupMean(codes, a, GROUPS) },
  {
    kernel: "groupBy mean (utf8 keys)",
    funcflow: () => k.groupBy(utf8Keys, { v: va }, { v: ["mean"] }),
    raw: () => raw.groupMeanByUtf8(utf8Offsets, utf8Bytes, a),
    looseRaw: () => raw.groupMeanByString(codeLabels, a),
  },
];

/** Same kernels on input with 10% nulls, against null-aware loops (`looseRaw`: the null-free loops). */
const nullCases: Case[] = [
  { kernel: "add", funcflow: () => k.add(vaNulls, vbNulls), raw: () => rawNulls.add(a, b, validity, validity), looseRaw: () => raw.add(a, b) },
  { kernel: "lt", funcflow: () => k.lt(vaNulls, vbNulls), raw: () => rawNulls.lt(a, b, validity, validity), looseRaw: () => raw.lt(a, b) },
  { kernel: "fillNull", funcflow: () => k.fillNull(vaNulls, 0), raw: () => raw.fillNull(a, validity, 0) },
  { kernel: "count", funcflow: () => k.count(vaNulls), raw: () => raw.countValid(validity, N) },
  { kernel: "sum", funcflow: () => k.sum(vaNulls), raw: () => rawNulls.sum(a, validity), looseRaw: () => raw.sum(a) },
  { kernel: "min", funcflow: () => k.min(vaNulls), raw: () => rawNulls.min(a, validity), looseRaw: () => raw.min(a) },
  { kernel: "variance", funcflow: () => k.variance(vaNulls), raw: () => rawNulls.variance(a, validity), looseRaw: () => raw.variance(a) },
  ...(["rollingMean", "rollingStd", "rollingMin"] as const).flatMap((name) =>
    [WINDOW, 1].map((minPeriods) => ({
      kernel: minPeriods === WINDOW ? name : `${name} minPeriods 1`,
      funcflow: () => k[name](vaNulls, WINDOW, { minPeriods }),
      raw: () => rawNulls[name](a, validity, WINDOW, minPeriods),
      looseRaw: () => raw[name](a, WINDOW),
    })),
  ),
  { kernel: "cumSum", funcflow: () => k.cumSum(vaNulls), raw: () => rawNulls.cumSum(a, validity), looseRaw: () => raw.cumSum(a) },
  {
    kernel: "groupBy mean",
    funcflow: () => k.groupBy(dictionaryKeys, { v: vaNulls }, { v: ["mean"] }),
    raw: () => rawNulls.groupMean(codes, a, validity, GROUPS),
    looseRaw: () => raw.groupMean(codes, a, GROUPS),
  },
];

// ---- timing -------------------------------------------------------------------------------
let sink = 0;
const consume = (value: unknown) => {
  sink += value === undefined || value === null ? 0 : 1;
};

/**
 * A full garbage collection before each timed run, outside the timing: every kernel allocates an
 * 8 MB output, and otherwise whichever run happens to trigger the collection of its neighbour's
 * garbage pays for it. (This also exposed kernels whose optimized code V8 discarded at every
 * collection; see the note on hot loops in src/kernels/rolling-std.ts.)
 */
v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

/** Medians of interleaved runs of each function after `warmUp` unmeasured rounds. */
function interleaved(fns: readonly (() => unknown)[], runs: number, warmUp: number): number[] {
  const samples = fns.map(() => [] as number[]);
  for (let round = 0; round < warmUp + runs; round++) {
    // Alternate the order so neither side always runs first.
    const order = round % 2 === 0 ? fns.map((_, i) => i) : fns.map((_, i) => fns.length - 1 - i);
    for (const i of order) {
      collectGarbage();
      const started = performance.now();
      consume(fns[i]!());
      if (round >= warmUp) samples[i]!.push(performance.now() - started);
    }
  }
  return samples.map(median);
}

/** Funcflow against its baselines, interleaved; the ratio is against `raw`. */
function timeAgainstBaselines(c: Case): { funcflowMs: number; rawMs: number; ratio: number; looseMs: number | null } {
  const [funcflowMs, rawMs, looseMs] = interleaved(c.looseRaw === undefined ? [c.funcflow, c.raw] : [c.funcflow, c.raw, c.looseRaw], RUNS, 5);
  return { funcflowMs: funcflowMs!, rawMs: rawMs!, ratio: Number((funcflowMs! / rawMs!).toFixed(2)), looseMs: looseMs ?? null };
}

function slow(fn: (() => unknown) | undefined): number | null {
  if (fn === undefined) return null;
  return interleaved([fn], SLOW_RUNS, 1)[0]!;
}

const round = (ms: number | null) => (ms === null ? "—" : ms < 10 ? Number(ms.toFixed(2)) : Number(ms.toFixed(1)));

async function loadDanfo(): Promise<Danfo> {
  const dfd = (await import("danfojs-node")) as unknown as {
    Series: new (values: unknown[]) => DanfoSeries;
    DataFrame: new (data: Record<string, unknown[]>) => DanfoFrame;
  };
  const bools = Array.from({ length: N }, (_, i) => ((conditionBits[i >> 3]! >> (i & 7)) & 1) === 1);
  return {
    s: new dfd.Series(Array.from(a)),
    s2: new dfd.Series(Array.from(b)),
    bools: new dfd.Series(bools),
    bools2: new dfd.Series(bools.map((x, i) => x !== (i % 3 === 0))),
    df: new dfd.DataFrame({ a: Array.from(a) }),
    grouped: new dfd.DataFrame({ k: codeLabels, v: Array.from(a) }),
  };
}

/**
 * Three phases, each library alone in memory as far as possible: danfo keeps 1M-element JS arrays
 * and TensorFlow buffers alive, and measured beside it every allocation-heavy loop (ours and the
 * raw ones alike) slowed down several-fold from the larger heap's garbage collection.
 */
async function main(): Promise<void> {
  const only = process.env.ONLY === undefined ? null : new RegExp(process.env.ONLY);
  const selected = (c: Case) => only === null || only.test(c.kernel);
  const chosen = cases.filter(selected);
  const rows = chosen.map((c) => {
    const { funcflowMs, rawMs, ratio, looseMs } = timeAgainstBaselines(c);
    console.log(`${c.kernel}: ${round(funcflowMs)} ms vs raw ${round(rawMs)} ms`);
    return { kernel: c.kernel, funcflowMs: round(funcflowMs), rawMs: round(rawMs), ratio, rawPredecodedMs: round(looseMs), arqueroMs: round(null), danfoMs: round(null) };
  });
  const nullRows = nullCases.filter(selected).map((c) => {
    const { funcflowMs, rawMs, ratio, looseMs } = timeAgainstBaselines(c);
    console.log(`${c.kernel} (10% nulls): ${round(funcflowMs)} ms vs raw ${round(rawMs)} ms`);
    const ratioIgnoringNulls = looseMs === null ? null : Number((funcflowMs / looseMs).toFixed(2));
    return { kernel: c.kernel, funcflowMs: round(funcflowMs), rawMs: round(rawMs), ratio, rawIgnoringNullsMs: round(looseMs), ratioIgnoringNulls };
  });
  chosen.forEach((c, i) => (rows[i]!.arqueroMs = round(slow(c.arquero))));
  if (process.env.NO_DANFO !== "1" && chosen.some((c) => c.danfo !== undefined)) {
    const danfo = await loadDanfo();
    chosen.forEach((c, i) => (rows[i]!.danfoMs = round(c.danfo ? slow(() => c.danfo!(danfo)) : null)));
  }
  printTable(`Kernels on ${N.toLocaleString("en")} rows, no nulls (ms, medians of ${RUNS}; arquero/danfo of ${SLOW_RUNS})`, rows);
  printTable(`Kernels on ${N.toLocaleString("en")} rows with 10% nulls, against null-aware raw loops (ms, medians of ${RUNS})`, nullRows);
  if (only !== null) return;
  const file = await writeResults("kernels", { rows: N, window: WINDOW, groups: GROUPS, noNulls: rows, tenPercentNulls: nullRows });
  console.log(`\nwrote ${file} (${sink} results consumed)`);
}

await main();
