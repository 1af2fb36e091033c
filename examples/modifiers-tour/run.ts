/**
 * Runs the modifiers tour: prints the report and the finance-tagged nodes, then writes the
 * graph as DOT and as SVG (rendered with @hpcc-js/wasm-graphviz) next to this file.
 * Run with `npx tsx examples/modifiers-tour/run.ts`.
 */
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Graphviz } from "@hpcc-js/wasm-graphviz";
import { Builder } from "funcflow";

const dr = await new Builder()
  .withModules(new URL("./transforms.ts", import.meta.url))
  .withConfig({ currency: "EUR", growth: 0.05, horizons: [3, 12] })
  .build();

const reportPath = join(tmpdir(), "funcflow-modifiers-tour-report.json");
const outputs = ["save.report", "report", "meanAmount", "largestAmount", "revenueIn3Months", "revenueIn12Months"] as const;
const result = await dr.execute(outputs, { inputs: { reportPath } });

console.log("report:", JSON.stringify(result.report, null, 2));
console.log("saved:", result["save.report"]);
console.log("amounts (USD): mean", result.meanAmount, "largest", result.largestAmount);
console.log("grown revenue:", result.revenueIn3Months, "in 3 months,", result.revenueIn12Months, "in 12 months");
console.log("finance nodes:", dr.listNodes({ tags: { audience: "finance" } }).map((node) => node.name).join(", "));
console.log(`${dr.listNodes().length} nodes from ${new Set(dr.listNodes().map((node) => node.source?.exportName).filter(Boolean)).size} exported functions`);

const dot = dr.toDot();
const graphviz = await Graphviz.load();
await writeFile(new URL("./modifiers-tour.dot", import.meta.url), dot);
await writeFile(new URL("./modifiers-tour.svg", import.meta.url), graphviz.layout(dot, "svg", "dot"));
console.log("Wrote modifiers-tour.dot and modifiers-tour.svg next to run.ts.");
