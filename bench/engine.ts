/**
 * The execution engine: per-node overhead with lifecycle hooks on (against the lean loop and
 * direct calls), CPU-bound wide DAGs on worker threads against sequential, the per-node cost of
 * scheduling onto workers, and cache hits against misses.
 * Run: `npx tsx bench/engine.ts [hooks|workers|cache]` (or `npm run bench -- engine`). Writes
 * bench/results/engine.json (engine-<section>.json for one section).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Builder, type LifecycleAdapter } from "../src/index.ts";
import { workerExecutor } from "../src/workers.ts";
import { syntheticModule, type SyntheticNode } from "../tests/support/synthetic-module.ts";
import { median, printTable, round, timeMedian, writeResults } from "./report.ts";



// ── Hooks: per-node overhead ────────────────────────────────────────────────────────────────

/** Layers ten wide, each node reading two nodes of the layer before; `n0…n9` read `seed`. */
function layered(size: number): { nodes: SyntheticNode[]; deps: number[][] } {
  const deps = Array.from({ length: size }, (_, i) => (i < 10 ? [-1] : [i - 10 - (i % 10) + ((i * 7) % 10), i - 10 - (i % 10) + ((i * 3 + 1) % 10)]));
  const nodes = deps.map((list, i) => ({
    name: `n${i}`,
    params: [...new Set(list)].map((dep) => ({ name: dep < 0 ? "seed" : `n${dep}` })),
    fn: ([...new Set(list)].length === 1 ? (a: number) => a + 1 : (a: number, b: number) => a + b) as SyntheticNode["fn"],
  }));
  return { nodes, deps: deps.map((list) => [...new Set(list)]) };
}

function direct(shape: ReturnType<typeof layered>, seed: number): number {
  const values = new Float64Array(shape.nodes.length);
  for (let i = 0; i < shape.nodes.length; i++) {
    const deps = shape.deps[i]!;
    const fn = shape.nodes[i]!.fn as unknown as (...args: number[]) => number;
    values[i] = deps.length === 1 ? fn(deps[0]! < 0 ? seed : values[deps[0]!]!) : fn(values[deps[0]!]!, values[deps[1]!]!);
  }
  return values[shape.nodes.length - 1]!;
}

const noopHooks: LifecycleAdapter = { name: "noop", beforeNode: () => {}, afterNode: () => {} };

async function benchHooks() {
  const rows = [];
  for (const size of [1_000, 10_000, 100_000]) {
    const shape = layered(size);
    const module = syntheticModule(shape.nodes);
    const outputs = Array.from({ length: 10 }, (_, i) => `n${size - 1 - i}`);
    const options = { inputs: { seed: 1 } };
    const lean = await new Builder().withModules(module).build();
    const hooked = await new Builder().withModules(module).withAdapters(noopHooks).build();
    for (let i = 0; i < 5; i++) {
      await lean.execute(outputs, options);
      await hooked.execute(outputs, options);
      direct(shape, 1);
    }
    const repeats = size >= 100_000 ? 5 : 15;
    const leanMs = await timeMedian(() => lean.execute(outputs, options), repeats);
    const hookedMs = await timeMedian(() => hooked.execute(outputs, options), repeats);
    const directMs = await timeMedian(() => direct(shape, 1), repeats);
    rows.push({
      shape: "layered",
      nodes: size,
      directMs: round(directMs),
      leanMs: round(leanMs),
      hooksMs: round(hookedMs),
      leanUsPerNode: round(((leanMs - directMs) * 1000) / size),
      hooksUsPerNode: round(((hookedMs - directMs) * 1000) / size),
    });
  }
  return rows;
}

// ── Workers: CPU-bound wide DAG and scheduling overhead ─────────────────────────────────────

/**
 * The share of CPU time idle over `ms`, from /proc/stat (Linux), or undefined elsewhere. Worker
 * speedups need idle cores: on a shared machine, record how idle it was when measured.
 */
async function idlePercent(ms = 1000): Promise<number | undefined> {
  const sample = async () => {
    try {
      const { readFile } = await import("node:fs/promises");
      return (await readFile("/proc/stat", "utf8")).split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    } catch {
      return undefined;
    }
  };
  const before = await sample();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = await sample();
  if (before === undefined || after === undefined) return undefined;
  const delta = after.map((value, i) => value - before[i]!);
  const total = delta.slice(0, 8).reduce((a, b) => a + b, 0);
  return Math.round((100 * delta[3]!) / total);
}

const directory = mkdtempSync(join(tmpdir(), "funcflow-bench-"));

/** Writes a module of `width` independent nodes spinning `rounds` times, and a sink reading them all. */
function wideModule(width: number, rounds: number) {
  const names = Array.from({ length: width }, (_, i) => `w${i}`);
  const source = [
    "function spin(seed, rounds) { let x = seed; for (let i = 0; i < rounds; i++) x = (x * 1103515245 + 12345) % 2147483648; return x; }",
    ...names.map((name, i) => `export function ${name}(seed) { return spin(seed + ${i}, ${rounds}); }`),
    `export function sink(${names.join(", ")}) { return (${names.join(" + ")}) % 1000003; }`,
  ].join("\n");
  const file = join(directory, `wide-${width}-${rounds}.mjs`);
  writeFileSync(file, source);
  return { file, names };
}

async function prebuilt(file: string, names: readonly string[]) {
  const url = pathToFileURL(file);
  const namespace = (await import(url.href)) as Record<string, (...args: never[]) => unknown>;
  const nodes = [...names.map((name) => ({ name, params: [{ name: "seed" }], fn: namespace[name]! })), { name: "sink", params: names.map((name) => ({ name })), fn: namespace["sink"]! }];
  return { ...syntheticModule(nodes), url };
}

async function benchWorkers() {
  const threads = availableParallelism();
  const workers = workerExecutor({ threads, select: "all" });
  const rows = [];
  try {
    // A CPU-bound wide DAG: 16 nodes of ~20 ms each.
    for (const [width, rounds] of [[16, 4_000_000], [64, 1_000_000]] as const) {
      const { file, names } = wideModule(width, rounds);
      const module = await prebuilt(file, names);
      const sequential = await new Builder().withModules(module).build();
      const parallel = await new Builder().withModules(module).withExecutor(workers).build();
      const options = { inputs: { seed: 1 } };
      const coldStart = performance.now();
      const first = await parallel.execute(["sink"], options);
      const coldMs = performance.now() - coldStart;
      const expected = await sequential.execute(["sink"], options);
      if (first["sink"] !== expected["sink"]) throw new Error("workers and sequential differ");
      const idleBefore = await idlePercent();
      const sequentialMs = await timeMedian(() => sequential.execute(["sink"], options), 5);
      const workersMs = await timeMedian(() => parallel.execute(["sink"], options), 5);
      rows.push({
        case: `cpu-bound wide (${width} nodes)`,
        threads,
        idleCpuPctBefore: idleBefore,
        sequentialMs: round(sequentialMs),
        workersMs: round(workersMs),
        speedup: round(sequentialMs / workersMs),
        firstRunWithPoolStartMs: round(coldMs),
      });
    }
    // Trivial nodes: what scheduling one node onto a worker costs, wide (throughput) and chained (latency).
    const { file, names } = wideModule(2_000, 0);
    const module = await prebuilt(file, names);
    const sequential = await new Builder().withModules(module).build();
    const parallel = await new Builder().withModules(module).withExecutor(workers).build();
    const options = { inputs: { seed: 1 } };
    for (let i = 0; i < 3; i++) await parallel.execute(["sink"], options);
    const sequentialMs = await timeMedian(() => sequential.execute(["sink"], options), 9);
    const workersMs = await timeMedian(() => parallel.execute(["sink"], options), 9);
    rows.push({
      case: "trivial wide (2,000 nodes): scheduling overhead",
      threads,
      sequentialMs: round(sequentialMs),
      workersMs: round(workersMs),
      usPerNode: round(((workersMs - sequentialMs) * 1000) / 2_000),
    });
    const chainSource = ["export function c0(seed) { return seed + 1; }", ...Array.from({ length: 499 }, (_, i) => `export function c${i + 1}(c${i}) { return c${i} + 1; }`)].join("\n");
    const chainFile = join(directory, "chain.mjs");
    writeFileSync(chainFile, chainSource);
    const chainUrl = pathToFileURL(chainFile);
    const chainNamespace = (await import(chainUrl.href)) as Record<string, (...args: never[]) => unknown>;
    const chainModule = {
      ...syntheticModule(Array.from({ length: 500 }, (_, i) => ({ name: `c${i}`, params: [{ name: i === 0 ? "seed" : `c${i - 1}` }], fn: chainNamespace[`c${i}`]! }))),
      url: chainUrl,
    };
    const chainSequential = await new Builder().withModules(chainModule).build();
    const chainParallel = await new Builder().withModules(chainModule).withExecutor(workers).build();
    for (let i = 0; i < 3; i++) await chainParallel.execute(["c499"], options);
    const chainSequentialMs = await timeMedian(() => chainSequential.execute(["c499"], options), 9);
    const chainWorkersMs = await timeMedian(() => chainParallel.execute(["c499"], options), 9);
    rows.push({
      case: "trivial chain (500 nodes): round-trip latency",
      threads,
      sequentialMs: round(chainSequentialMs),
      workersMs: round(chainWorkersMs),
      usPerNode: round(((chainWorkersMs - chainSequentialMs) * 1000) / 500),
    });
  } finally {
    await workers.close();
  }
  return rows;
}

// ── Cache: miss (first run) vs hit (second run) ─────────────────────────────────────────────

async function benchCache() {
  const module = new URL("../tests/fixtures/engine/feature-pipeline.ts", import.meta.url);
  const rows = [];
  for (const size of [100_000, 500_000]) {
    const dir = join(directory, `cache-${size}`);
    const build = () => new Builder().withModules(module).withCache({ dir }).build();
    const inputs = { rows: size, seed: 7 };
    const outputs = ["features", "summary"] as const;
    const uncached = await new Builder().withModules(module).build();
    const noCacheMs = await timeMedian(() => uncached.execute(outputs, { inputs }), 3);
    const first = await build();
    const missStart = performance.now();
    const computed = await first.execute(outputs, { inputs });
    const missMs = performance.now() - missStart;
    const hits: number[] = [];
    let cached: Record<string, unknown> = {};
    for (let i = 0; i < 5; i++) {
      const second = await build(); // a fresh Driver each time: nothing kept in memory
      const start = performance.now();
      cached = await second.execute(outputs, { inputs });
      hits.push(performance.now() - start);
      if (second.lastCacheRun()!.misses.length > 0) throw new Error("expected every node to hit");
    }
    if (JSON.stringify(cached["summary"]) !== JSON.stringify(computed["summary"])) throw new Error("cached results differ");
    const hitMs = median(hits);
    rows.push({ rows: size, nodes: 11, noCacheMs: round(noCacheMs), missMs: round(missMs), hitMs: round(hitMs), speedup: round(missMs / hitMs), speedupVsNoCache: round(noCacheMs / hitMs) });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // `npx tsx bench/engine.ts cache` runs one section; no argument runs them all.
  const only = process.argv.slice(2);
  const wanted = (section: string) => only.length === 0 || only.includes(section);
  const results: Record<string, unknown> = {};
  try {
    if (wanted("hooks")) {
      results["hooks"] = await benchHooks();
      printTable("Engine: per-node overhead, lean loop vs lifecycle hooks on (no-op before/after adapter)", results["hooks"] as Record<string, unknown>[]);
    }
    if (wanted("workers")) {
      results["workers"] = await benchWorkers();
      printTable("Engine: worker threads vs sequential", results["workers"] as Record<string, unknown>[]);
    }
    if (wanted("cache")) {
      results["cache"] = await benchCache();
      printTable("Engine: cache miss (first run, computes and stores) vs hit (second run, fresh Driver)", results["cache"] as Record<string, unknown>[]);
    }
    await writeResults(only.length === 0 ? "engine" : `engine-${only.join("-")}`, results);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
