/**
 * Framework overhead: build and execute time on chain, layered and fan-in DAGs with trivial
 * bodies, against calling the same functions directly in topological order.
 * Run: `npx tsx bench/core.ts` (or `npm run bench`). Writes bench/results/core.json.
 */
import { Builder } from "../src/index.ts";
import { syntheticModule, type SyntheticNode } from "../tests/support/synthetic-module.ts";
import { printTable, round, timeMedian, writeResults } from "./report.ts";

type Fn = (...args: number[]) => number;
export interface Shape {
  readonly nodes: SyntheticNode[];
  /** Parameter sources per node: an index into the nodes, or -1 for the input `seed`. */
  readonly sources: number[][];
}

const add = (...args: number[]) => {
  let total = 1;
  for (const value of args) total += value;
  return total;
};
const one: Fn = (a) => a + 1;
const two: Fn = (a, b) => a + b;
const three: Fn = (a, b, c) => a + b + c;
const bodyFor = (arity: number): Fn => [one, one, two, three][arity] ?? add;

function shapeFrom(sources: number[][]): Shape {
  const nodes = sources.map((deps, index) => ({
    name: `n${index}`,
    params: deps.map((dep) => ({ name: dep < 0 ? "seed" : `n${dep}` })),
    fn: withArity(bodyFor(deps.length), deps.length) as SyntheticNode["fn"],
  }));
  return { nodes, sources };
}

function withArity(fn: Fn, arity: number): Fn {
  if (fn.length === arity) return fn;
  const wrapped: Fn = (...args) => fn(...args);
  Object.defineProperty(wrapped, "length", { value: arity });
  return wrapped;
}

export const chain = (size: number) => shapeFrom(Array.from({ length: size }, (_, i) => [i - 1]));

/** Layers ten wide; each node reads two or three nodes of the layer before. */
export function layered(size: number): Shape {
  const width = 10;
  return shapeFrom(
    Array.from({ length: size }, (_, i) => {
      if (i < width) return [-1];
      const base = (Math.floor(i / width) - 1) * width;
      const picks = [(i * 7) % width, (i * 3 + 1) % width, (i * 5 + 2) % width].slice(0, 2 + (i % 2));
      return [...new Set(picks)].map((offset) => base + offset);
    }),
  );
}

/** Leaves feeding one sink; past 5,000 leaves they feed sub-sinks of 1,000 first. */
export function fanIn(size: number): Shape {
  if (size <= 5_000) {
    const leaves = Array.from({ length: size - 1 }, () => [-1]);
    return shapeFrom([...leaves, leaves.map((_, i) => i)]);
  }
  const group = 1_000;
  const groups = Math.floor((size - 1) / (group + 1));
  const sources: number[][] = [];
  const sinks: number[] = [];
  for (let g = 0; g < groups; g++) {
    const first = sources.length;
    for (let i = 0; i < group; i++) sources.push([-1]);
    sources.push(Array.from({ length: group }, (_, i) => first + i));
    sinks.push(sources.length - 1);
  }
  while (sources.length < size - 1) sources.push([-1]);
  sources.push([...sinks, ...Array.from({ length: size - 1 - groups * (group + 1) }, (_, i) => groups * (group + 1) + i)]);
  return shapeFrom(sources);
}

/** Calls every function in topological (index) order: the baseline a framework adds to. */
export function direct(shape: Shape, seed: number): number {
  const values = new Float64Array(shape.nodes.length);
  const { nodes, sources } = shape;
  for (let i = 0; i < nodes.length; i++) {
    const deps = sources[i]!;
    const fn = nodes[i]!.fn as unknown as Fn;
    switch (deps.length) {
      case 1:
        values[i] = fn(deps[0]! < 0 ? seed : values[deps[0]!]!);
        break;
      case 2:
        values[i] = fn(values[deps[0]!]!, values[deps[1]!]!);
        break;
      case 3:
        values[i] = fn(values[deps[0]!]!, values[deps[1]!]!, values[deps[2]!]!);
        break;
      default:
        values[i] = fn(...Array.from(deps, (d) => (d < 0 ? seed : values[d]!)));
    }
  }
  return values[nodes.length - 1]!;
}


export async function benchCore() {
  const rows = [];
  for (const [shapeName, make] of [["chain", chain], ["layered", layered], ["fan-in", fanIn]] as const) {
    for (const size of [100, 1_000, 5_000, 100_000]) {
      const shape = make(size);
      const module = syntheticModule(shape.nodes);
      const repeats = size >= 100_000 ? 7 : 25;
      const buildMs = await timeMedian(() => new Builder().withModules(module).build(), Math.min(repeats, 9));
      const dr = await new Builder().withModules(module).build();
      // The last layer of a layered DAG needs (nearly) every node; one sink suffices elsewhere.
      const output = Array.from({ length: shapeName === "layered" ? 10 : 1 }, (_, i) => `n${size - 1 - i}`);
      const options = { inputs: { seed: 1 } };
      for (let i = 0; i < 5; i++) await dr.execute(output, options); // warm-up and plan cache
      const executeMs = await timeMedian(() => dr.execute(output, options), repeats);
      for (let i = 0; i < 5; i++) direct(shape, 1);
      const directMs = await timeMedian(() => direct(shape, 1), repeats);
      const check = (await dr.execute(output, options))[output[0]!];
      if (check !== direct(shape, 1)) throw new Error(`${shapeName} ${size}: results differ`);
      rows.push({
        shape: shapeName,
        nodes: size,
        buildMs: round(buildMs),
        buildUsPerNode: round((buildMs * 1000) / size),
        executeMs: round(executeMs),
        directMs: round(directMs),
        overheadUsPerNode: round(((executeMs - directMs) * 1000) / size),
      });
    }
  }
  return rows;
}


if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await benchCore();
  printTable("Core: build and execute overhead (trivial node bodies)", rows);
  await writeResults("core", rows);
}
