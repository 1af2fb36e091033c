/**
 * `explorerPage`: one self-contained HTML file (no CDN, no server) showing a graph, its
 * execution path and a run: the model embedded as JSON, the script and styles inlined.
 */
import { invalidArgument, requireNodeList, requireObject, requireOptions } from "../errors/index.ts";
import type { NodeInfo } from "../graph/index.ts";
import { explorerModel, EXPLORER_OPTION_KEYS, type ExplorerOptions } from "./build-explorer-model.ts";
import { clientScript } from "./bundle-client.ts";
import type { ExplorerModel } from "./explorer-model.ts";
import { PAGE_STYLES } from "./page-styles.ts";

/** What the page is made from: a Driver (anything with `listNodes`) or its node list. */
export type ExplorerSource = { listNodes(): readonly NodeInfo[] } | readonly NodeInfo[];

/**
 * The explorer page for `source` as HTML text.
 * @throws FuncflowError `invalid_argument` when `source` is neither; `unknown_output` for an output no node has; `module_load_failed` without esbuild.
 * @example await writeFile("graph.html", await explorerPage(dr, { outputs: ["report"] }));
 */
export async function explorerPage(source: ExplorerSource, options: ExplorerOptions = {}): Promise<string> {
  requireOptions("explorerPage", "options", options, EXPLORER_OPTION_KEYS, '{ outputs: ["report"] }');
  return pageHtml(explorerModel("explorerPage", nodesOfSource(source, "explorerPage"), options));
}

/**
 * The nodes of a Driver or node list, for `where`.
 * @throws FuncflowError `invalid_argument` when `source` is neither.
 */
export function nodesOfSource(source: ExplorerSource, where: string): readonly NodeInfo[] {
  if (Array.isArray(source)) {
    requireNodeList(where, "source", source);
    return source as readonly NodeInfo[];
  }
  const driver: unknown = source;
  if (typeof driver === "object" && driver !== null && "listNodes" in driver && typeof driver.listNodes === "function") return (source as { listNodes(): readonly NodeInfo[] }).listNodes();
  throw invalidArgument(where, "source", source, "a built Driver or the node list its listNodes() returns", `e.g. ${where}(await builder.build()).`);
}

/**
 * The page for an already built model.
 * @example pageHtml(buildExplorerModel(dr.listNodes()));
 */
export async function pageHtml(model: ExplorerModel): Promise<string> {
  requireObject("pageHtml", "model", model, "the model buildExplorerModel(nodes) returns");
  if (!Array.isArray(model.nodes)) throw invalidArgument("pageHtml", "model.nodes", model.nodes, "an array, as in the model buildExplorerModel(nodes) returns");
  const script = await clientScript();
  // Inside <script>, "</script" would end the element early and "<!--" could start a comment.
  const data = JSON.stringify(model).replace(/</g, "\\u003c");
  const code = script.replace(/<\/script/gi, "<\\/script").replace(/<!--/g, "<\\!--");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>funcflow explorer</title>
<link rel="icon" href="data:,">
<style>${PAGE_STYLES}</style>
</head>
<body>
<header>
  <h1 id="title"></h1>
  <div class="search-box"><input id="search" type="search" placeholder="Search nodes…" autocomplete="off"><div id="search-results"></div></div>
  <label>Outputs <input id="outputs" placeholder="comma-separated"></label>
  <label>Hops <input id="hops" type="number" min="1" max="50" value="1"></label>
  <button id="fit">Fit</button>
  <button id="expand-all">Expand all</button>
  <button id="collapse-all">Collapse groups</button>
  <span id="visible-count"></span>
</header>
<main>
  <canvas id="graph"></canvas>
  <aside>
    <section id="path"></section>
    <section id="details"></section>
    <section id="run"></section>
    <section id="history"></section>
  </aside>
</main>
<footer id="legend"></footer>
<script type="application/json" id="funcflow-model">${data}</script>
<script>${code}</script>
</body>
</html>
`;
}
