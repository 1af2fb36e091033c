/**
 * Scale: every stage of a 1k / 10k / 100k-node pipeline, on chain, layered and fan-in DAGs of
 * trivial `number` nodes — scan (source text to manifest), build (from a cached manifest: the
 * prebuilt module), first execute on a fresh Driver (plan + run), warm execute, DOT of the
 * whole graph, and a fully cached run with and without a lifecycle adapter.
 * Figures are µs per node and ratios to the direct-call baseline measured in the same run: this
 * machine is shared, so compare within a row, never across runs.
 * Run: `npm run bench -- scale` (or `npx tsx bench/scale.ts [sizes…]`). Writes bench/results/scale.json.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Builder } from "../src/index.ts";
import { structuredLogging } from "../src/adapters.ts";
import { scanSource } from "../src/scanner.ts";
import { syntheticModule } from "../tests/support/synthetic-module.ts";
import { chain, direct, fanIn, layered, type Shape } from "./core.ts";
import { median, printTable, round, timeMedian, writeResults } from "./report.ts";

const SIZES = process.argv.slice(2).map(Number).filter((size) => size > 0);
const sizes = SIZES.length > 0 ? SIZES : [1_000, 10_000, 100_000];
/** Scanning and caching write and parse one function or file per node: kept to the sizes that finish in seconds. */
const SCAN_LIMIT = 10_000;
const CACHE_LIMIT = 10_000;

/** The shape as TypeScript source, one annotated function per node. */
function sourceOf(shape: Shape): string {
  return shape.sources
    .map((deps, index) => {
      const params = deps.map((dep) => (dep < 0 ? "seed: number" : `n${dep}: number`));
      const body = deps.map((dep) => (dep < 0 ? "seed" : `n${dep}`)).join(" + ");
      return `/** Node ${index}. */\nexport function n${index}(${params.join(", ")}): number {\n  return ${body} + 1;\n}\n`;
    })
    .join("");
}

const perNode = (ms: number, size: number) => round((ms * 1000) / size);

async function measure(shapeName: string, shape: Shape, size: number, cacheRoot: string) {
  const module = syntheticModule(shape.nodes);
  const outputs = Array.from({ length: shapeName === "layered" ? 10 : 1 }, (_, i) => `n${size - 1 - i}`);
  const options = { inputs: { seed: 1 } };
  const repeats = size >= 100_000 ? 3 : size >= 10_000 ? 5 : 11;

  for (let i = 0; i < 3; i++) direct(shape, 1);
  const directMs = await timeMedian(() => direct(shape, 1), repeats * 3);

  const scanMs = size <= SCAN_LIMIT ? await timeMedian(() => scanSource(sourceOf(shape), "scale.ts"), Math.min(repeats, 3)) : undefined;
  const buildMs = await timeMedian(() => new Builder().withModules(module).build(), repeats);

  // First execute: a fresh Driver per sample, so each one plans (and pays any GC the build left).
  const firsts: number[] = [];
  let driver = await new Builder().withModules(module).build();
  for (let i = 0; i < repeats; i++) {
    driver = await new Builder().withModules(module).build();
    const start = performance.now();
    await driver.execute(outputs, options);
    firsts.push(performance.now() - start);
  }
  const firstMs = median(firsts);
  for (let i = 0; i < 3; i++) await driver.execute(outputs, options);
  const warmMs = await timeMedian(() => driver.execute(outputs, options), repeats * 3);
  const result = (await driver.execute(outputs, options))[outputs[0]!];
  if (result !== direct(shape, 1)) throw new Error(`${shapeName} ${size}: results differ`);

  const dotMs = await timeMedian(() => driver.toDot(), Math.min(repeats, 3));

  let cachedMs: number | undefined;
  let cachedAdapterMs: number | undefined;
  if (size <= CACHE_LIMIT) {
    const dir = await mkdtemp(join(cacheRoot, `${shapeName}-${size}-`));
    const plain = () => new Builder().withModules(module).withCache({ dir }).build();
    const logged = () => new Builder().withModules(module).withCache({ dir }).withAdapters(structuredLogging()).build();
    await (await plain()).execute(outputs, options); // fills the cache
    const timed = async (build: () => Promise<Awaited<ReturnType<typeof plain>>>) => {
      const samples: number[] = [];
      for (let i = 0; i < Math.min(repeats, 5); i++) {
        const dr = await build();
        const start = performance.now();
        await dr.execute(outputs, options);
        samples.push(performance.now() - start);
        if (dr.lastCacheRun()!.misses.length > 0) throw new Error(`${shapeName} ${size}: a cached run computed ${dr.lastCacheRun()!.misses.length} nodes`);
      }
      return median(samples);
    };
    // Interleaved, so both see the same machine.
    cachedMs = await timed(plain);
    cachedAdapterMs = await timed(logged);
    cachedMs = Math.min(cachedMs, await timed(plain));
    await rm(dir, { recursive: true, force: true });
  }

  return {
    shape: shapeName,
    nodes: size,
    directMs: round(directMs),
    scanUsPerNode: scanMs === undefined ? "-" : perNode(scanMs, size),
    buildUsPerNode: perNode(buildMs, size),
    buildMs: round(buildMs),
    firstExecuteMs: round(firstMs),
    firstOverheadUsPerNode: perNode(firstMs - directMs, size),
    warmOverheadUsPerNode: perNode(warmMs - directMs, size),
    warmVsDirect: round(warmMs / directMs),
    dotUsPerNode: perNode(dotMs, size),
    dotMs: round(dotMs),
    cachedMs: cachedMs === undefined ? "-" : round(cachedMs),
    cachedWithAdapterMs: cachedAdapterMs === undefined ? "-" : round(cachedAdapterMs),
    adapterRatio: cachedMs === undefined || cachedAdapterMs === undefined ? "-" : round(cachedAdapterMs / cachedMs),
  };
}

export async function benchScale() {
  const cacheRoot = await mkdtemp(join(tmpdir(), "funcflow-scale-"));
  const rows = [];
  try {
    for (const [shapeName, make] of [["chain", chain], ["layered", layered], ["fan-in", fanIn]] as const) {
      for (const size of sizes) rows.push(await measure(shapeName, make(size), size, cacheRoot));
    }
  } finally {
    await rm(cacheRoot, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const loadBefore = loadavg()[0]!;
  const rows = await benchScale();
  const load = { before: round(loadBefore), after: round(loadavg()[0]!), cores: (await import("node:os")).cpus().length };
  printTable(`Scale: µs per node per stage (load average ${load.before} → ${load.after} on ${load.cores} cores)`, rows);
  await writeResults("scale", { load, rows });
}
