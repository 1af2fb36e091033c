/**
 * What giving each input the type every consumer accepts costs `build()`: 100,000 functions
 * reading 20,000 inputs, five functions each, built with every consumer declaring one type
 * (nothing to narrow: the baseline) and with four of five declaring another (`number | string`
 * beside `number`: every input narrowed). Both graphs are built alternately in one process, so
 * the ratio compares them under one machine load.
 * Run: `npx tsx bench/input-narrowing.ts` (or `npm run bench -- input-narrowing`).
 */
import { Builder } from "../src/index.ts";
import { syntheticModule } from "../tests/support/synthetic-module.ts";
import { median, printTable, round, writeResults } from "./report.ts";

const FUNCTIONS = 100_000;
const INPUTS = 20_000;
const ROUNDS = 11;

function moduleReading(otherType: string | undefined) {
  const module = syntheticModule(Array.from({ length: FUNCTIONS }, (_, index) => ({ name: `f${index}`, params: [{ name: `in${index % INPUTS}` }], fn: (value: number) => value })));
  if (otherType === undefined) return module;
  // The manifest is plain data made for this bench: the first consumer of each input keeps `number`.
  const functions = module.manifest.functions.map((fn, index) => (index < INPUTS ? fn : { ...fn, params: fn.params.map((param) => ({ ...param, type: otherType })) }));
  return { ...module, manifest: { ...module.manifest, functions } };
}

export async function benchInputNarrowing() {
  const graphs = { sameType: moduleReading(undefined), mixedTypes: moduleReading("number | string") };
  const samples: Record<keyof typeof graphs, number[]> = { sameType: [], mixedTypes: [] };
  for (let pass = 0; pass < ROUNDS + 2; pass++) {
    const order = pass % 2 === 0 ? (["sameType", "mixedTypes"] as const) : (["mixedTypes", "sameType"] as const);
    for (const name of order) {
      const start = performance.now();
      const driver = await new Builder().withModules(graphs[name]).build();
      const took = performance.now() - start;
      if (name === "mixedTypes" && driver.node("in0").type !== "number") throw new Error(`in0 should be narrowed to number, is ${driver.node("in0").type}`);
      if (pass >= 2) samples[name].push(took); // the first two rounds warm up
    }
  }
  const sameMs = median(samples.sameType);
  const mixedMs = median(samples.mixedTypes);
  return [{ functions: FUNCTIONS, inputs: INPUTS, sameTypeMs: round(sameMs), mixedTypesMs: round(mixedMs), ratio: round(mixedMs / sameMs), narrowingUsPerInput: round(((mixedMs - sameMs) * 1000) / INPUTS) }];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await benchInputNarrowing();
  printTable("build(): inputs whose consumers declare different types, against one type", rows);
  await writeResults("input-narrowing", rows);
}
