/**
 * Runs the hello-world pipeline: prints the result table and writes the execution's DOT file.
 * Run with `npm run demo` (or `npx tsx examples/hello-world/run.ts`).
 */
import { writeFile } from "node:fs/promises";
import { Graphviz } from "@hpcc-js/wasm-graphviz";
import { makeVector } from "apache-arrow";
import { Builder } from "funcflow";

const dr = await new Builder().withModules(new URL("./transforms.ts", import.meta.url)).build();

const inputs = {
  spend: makeVector(new Float64Array([10, 10, 20, 40, 40, 50])),
  signups: makeVector(new Float64Array([1, 10, 50, 100, 200, 400])),
};
const outputs = ["spend", "signups", "avg3wkSpend", "spendPerSignup", "spendZeroMeanUnitVariance", "spendMean", "spendStdDev"] as const;
const result = await dr.execute(outputs, { inputs });

const rows = Array.from({ length: inputs.spend.length }, (_, row) =>
  Object.fromEntries(outputs.map((name) => {
    const value = result[name];
    return [name, typeof value === "number" ? value : (value as { get(i: number): unknown }).get(row)];
  })),
);
console.table(rows);

const dot = dr.toDot({ outputs, inputs });
const dotFile = new URL("./hello-world.dot", import.meta.url);
const svgFile = new URL("./hello-world.svg", import.meta.url);
await writeFile(dotFile, dot);
await writeFile(svgFile, (await Graphviz.load()).layout(dot, "svg", "dot"));
console.log(`Wrote the execution graph to ${dotFile.pathname} and ${svgFile.pathname}`);
