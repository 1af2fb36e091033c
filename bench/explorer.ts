/**
 * `npm run bench -- explorer`: the explorer page at 1k, 10k and 100k nodes (generated
 * pipelines, 1,000 nodes per module): page generation time, and open-to-interactive time in
 * headless Chromium (navigation start to the first frame drawn, as the page measures it, and
 * wall time of `goto` until ready). Targets: 1k within 2 s, 10k within 10 s, 100k (modules
 * collapsed) within 30 s. Beside it, the page's layered layout against elkjs (fast options)
 * and Graphviz WASM `dot` on the same 1,000-node graph, in Node.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { Builder, type Driver } from "../src/index.ts";
import { explorerPage } from "../src/explorer.ts";
import { layoutGraph } from "../src/explorer/client/layout.ts";
import { indexModel } from "../src/explorer/client/model-index.ts";
import { visibleGraph } from "../src/explorer/client/visible-graph.ts";
import { buildExplorerModel } from "../src/explorer/build-explorer-model.ts";
import { syntheticPipeline } from "../tests/support/synthetic-pipeline.ts";
import { printTable, round, timeMedian, writeResults } from "./report.ts";

const SIZES = [1_000, 10_000, 100_000];
const TARGET_MS: Record<number, number> = { 1_000: 2_000, 10_000: 10_000, 100_000: 30_000 };
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

async function driverOf(nodes: number): Promise<Driver> {
  return new Builder().withModules(...syntheticPipeline(nodes, Math.max(1, nodes / 1_000))).withManifestCache(false).build();
}

async function openTimes(): Promise<Record<string, unknown>[]> {
  if (!existsSync("/usr/bin/chromium")) {
    console.log("Skipping open times: /usr/bin/chromium is missing (Debian package `chromium`).");
    return [];
  }
  const dir = await mkdtemp(join(tmpdir(), "funcflow-explorer-bench-"));
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ARGS });
  const rows: Record<string, unknown>[] = [];
  try {
    for (const nodes of SIZES) {
      const driver = await driverOf(nodes);
      const started = performance.now();
      const html = await explorerPage(driver);
      const generateMs = performance.now() - started;
      const file = join(dir, `graph-${nodes}.html`);
      await writeFile(file, html);
      const samples: { wall: number; page: number; visible: number }[] = [];
      for (let run = 0; run < (nodes >= 100_000 ? 1 : 3); run++) {
        const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
        const opened = performance.now();
        await page.goto(pathToFileURL(file).href);
        await page.waitForFunction(() => window.funcflowExplorer?.ready === true, null, { timeout: 120_000 });
        const wall = performance.now() - opened;
        const { page: pageMs, visible } = await page.evaluate(() => ({ page: window.funcflowExplorer.openedInMs, visible: window.funcflowExplorer.visibleCount() }));
        samples.push({ wall, page: pageMs, visible });
        await page.close();
      }
      samples.sort((a, b) => a.wall - b.wall);
      const median = samples[Math.floor(samples.length / 2)]!;
      rows.push({
        nodes,
        drawn: median.visible,
        "page MB": round(html.length / 1e6),
        "generate ms": Math.round(generateMs),
        "open→interactive ms (page)": Math.round(median.page),
        "goto→ready ms (wall)": Math.round(median.wall),
        "target ms": TARGET_MS[nodes],
        "× of target": round(median.wall / TARGET_MS[nodes]!),
      });
    }
  } finally {
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

/** Our layout, elkjs with the fast options DESIGN.md lists, and Graphviz dot, on one 1,000-node graph. */
async function layoutTimes(): Promise<Record<string, unknown>[]> {
  const driver = await driverOf(1_000);
  const model = buildExplorerModel(driver.listNodes(), { includeCode: false });
  const index = indexModel(model);
  const graph = visibleGraph(index, { expandedGroups: new Set(), collapsedModules: new Set() });
  const ours = await timeMedian(() => layoutGraph(graph), 5);
  // elkjs is CommonJS: under NodeNext its default import is the module object, whose `default` is the class.
  const elkModule = (await import("elkjs/lib/elk.bundled.js")) as unknown as { default: new () => { layout(graph: object): Promise<unknown> } };
  const elk = new elkModule.default();
  const elkGraph = {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.layered.thoroughness": "1",
      "elk.layered.nodePlacement.strategy": "SIMPLE",
      "elk.layered.layering.strategy": "LONGEST_PATH",
      "elk.edgeRouting": "POLYLINE",
      "elk.separateConnectedComponents": "false",
    },
    children: model.nodes.map((node) => ({ id: node.name, width: 190, height: 30 })),
    edges: model.edges.map(([from, to], i) => ({ id: `e${i}`, sources: [model.nodes[from]!.name], targets: [model.nodes[to]!.name] })),
  };
  const elkMs = await timeMedian(() => elk.layout(structuredClone(elkGraph)), 1);
  const { Graphviz } = await import("@hpcc-js/wasm-graphviz");
  const graphviz = await Graphviz.load();
  const dot = driver.toDot({ showLegend: false });
  const dotMs = await timeMedian(() => graphviz.layout(dot, "svg", "dot"), 1);
  return [
    { layout: "explorer (layers + module bands + barycentre)", "ms at 1k": round(ours), "× explorer": 1 },
    { layout: "elkjs layered, fast options", "ms at 1k": Math.round(elkMs), "× explorer": Math.round(elkMs / ours) },
    { layout: "Graphviz WASM dot", "ms at 1k": Math.round(dotMs), "× explorer": Math.round(dotMs / ours) },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const open = await openTimes();
  printTable("Explorer page: open-to-interactive in headless Chromium", open);
  const layout = await layoutTimes();
  printTable("Layered layout of a 1,000-node graph, in Node", layout);
  console.log(`results: ${await writeResults("explorer", { open, layout })}`);
}
