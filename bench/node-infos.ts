/**
 * Node infos: `build()` from a prebuilt manifest and the first `listNodes()` (which makes every
 * node's description, `version` included) on 100k-node chain and layered graphs whose manifest
 * records a code version per function, as a scanned one does. CPU milliseconds (median), not
 * wall time: on this shared machine the wall clock counts other processes' turns.
 * A/B against another checkout: `npx tsx bench/node-infos.ts <checkout>` imports that
 * checkout's src/ instead of this one's; run the two interleaved, several times each, and
 * compare rows of the same run order only.
 * Run: `npm run bench -- node-infos` (or `npx tsx bench/node-infos.ts [checkout] [size]`).
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chain, layered, type Shape } from "./core.ts";
import { median, printTable, round, writeResults } from "./report.ts";

const root = pathToFileURL(`${resolve(process.argv[2] ?? new URL("..", import.meta.url).pathname)}/`);
const size = Number(process.argv[3] ?? 100_000);
const repeats = 9;

const { Builder } = (await import(new URL("src/index.ts", root).href)) as typeof import("../src/index.ts");
const { syntheticModule } = (await import(new URL("tests/support/synthetic-module.ts", root).href)) as typeof import("../tests/support/synthetic-module.ts");

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** A prebuilt module of `shape` whose manifest gives every function a 32-hex-digit code version. */
function versionedModule(shape: Shape) {
  const module = syntheticModule(shape.nodes);
  const functions = module.manifest.functions.map((fn, index) => ({ ...fn, codeVersion: index.toString(16).padStart(32, "0") }));
  return { ...module, manifest: { ...module.manifest, functions } };
}

const rows: Record<string, unknown>[] = [];
for (const [name, shape] of [["chain", chain(size)], ["layered", layered(size)]] as const) {
  const module = versionedModule(shape);
  for (let i = 0; i < 3; i++) (await new Builder().withModules(module).build()).listNodes();
  const builds: number[] = [];
  const lists: number[] = [];
  for (let i = 0; i < repeats; i++) {
    let since = process.cpuUsage();
    const driver = await new Builder().withModules(module).build();
    builds.push(cpuMs(since));
    since = process.cpuUsage();
    driver.listNodes();
    lists.push(cpuMs(since));
  }
  rows.push({ shape: name, nodes: size, buildCpuMs: round(median(builds)), firstListNodesCpuMs: round(median(lists)), listToBuild: round(median(lists) / median(builds)) });
}
printTable(`Node infos (CPU ms, median of ${repeats}; src from ${root.pathname})`, rows);
await writeResults("node-infos", rows);
