/**
 * `funcflow view <modules...>`: draws the graph as DOT, SVG or PNG (Graphviz from npm, no
 * system package): the whole graph, one execution's path, a materialize request's path with its
 * files, or N hops around chosen nodes.
 */
import { relative, resolve } from "node:path";
import { Option, type Command } from "commander";
import type { DotOptions } from "../../graph/index.ts";
import { configFrom, listOption, valuesFrom, withConfigOptions, withOutputsOption, withValueOptions, type SharedOptions } from "../support/common-options.ts";
import { keepNodes, neighborhood } from "../support/dot-neighborhood.ts";
import { loadDriver } from "../support/load-driver.ts";
import { readObject } from "../support/read-config.ts";
import { isPlainRecord } from "../../errors/index.ts";
import type { MaterializeRequest } from "../../materialize/index.ts";
import { collectNames, fileWithExtension, jsonObjectArgument, parseCount } from "../support/parse-options.ts";
import { graphFormatOf, renderGraph, type GraphFormat } from "../support/render-graph.ts";
import { writeExplorerHtml } from "./view-explorer.ts";
import { graphDataFormatOf, graphDataText } from "./view-graph-data.ts";

interface ViewOptions extends SharedOptions {
  readonly output?: string;
  readonly format?: string;
  readonly hideInputs?: boolean;
  readonly orient: NonNullable<DotOptions["orient"]>;
  readonly around: readonly string[];
  readonly upstreamOf: readonly string[];
  readonly downstreamOf: readonly string[];
  readonly strictPath?: boolean;
  readonly hops: number;
  readonly legend: boolean;
  readonly html?: string;
  readonly run?: string;
  readonly materialize?: string;
}

/** `--materialize`'s inline form, for help and messages. */
const MATERIALIZE_EXAMPLE = `'{"save":{"summary":"out/summary.json"}}'`;

/**
 * Adds `view` to `program`.
 * @example registerView(new Command("funcflow"));
 */
export function registerView(program: Command): void {
  const command = program
    .command("view")
    .description("draw the graph as DOT, SVG or PNG: all of it, one execution path (--outputs), or N hops around nodes (--around)")
    .argument("<modules...>", "the pipeline's module files")
    .option("-o, --output <file>", "write here; the extension picks the format (.dot, .svg, .png, .gexf, .json). Default: DOT on stdout")
    .addOption(new Option("--format <format>", "dot, svg, png, or the graph as data: gexf, json (overrides the extension)").choices(["dot", "svg", "png", "gexf", "json"]))
    .option("--hide-inputs", "leave out external inputs and config values")
    .addOption(new Option("--orient <direction>", "graph direction").choices(["LR", "TB", "RL", "BT"]).default("LR"))
    .option("--hops <n>", "with --around: how many edges away to reach", (text: string) => parseCount(text, 0), 1)
    .option("--strict-path", "with --upstream-of and --downstream-of: draw only the paths, not their nodes' parents (Hamilton's strict_path_visualization)")
    .option("--no-legend", "leave out the legend")
    .option("--html <file>", "write the interactive explorer page instead: one self-contained HTML file")
    .option("--run <file>", "with --html: overlay this run record (from runRecorder, under .funcflow/runs/)")
    .option(
      "--materialize <request>",
      "draw what this materialize request runs, with its files (a .json file or inline JSON: {save, load, outputs}; a combine is a result builder's name)",
      jsonObjectArgument("--materialize", MATERIALIZE_EXAMPLE),
    );
  listOption(command, "--around <names>", "draw only nodes near these (comma-separated, repeatable)", collectNames);
  listOption(command, "--upstream-of <names>", "draw only these and what they depend on (comma-separated, repeatable)", collectNames);
  listOption(command, "--downstream-of <names>", "draw only these and what depends on them, with the parents of each; with --upstream-of, the paths between (comma-separated, repeatable)", collectNames);
  withValueOptions(withOutputsOption(withConfigOptions(command), "draw only the path these outputs take"));
  command.addHelpText(
    "after",
    `
Example:
  $ funcflow view examples/hello-world/transforms.ts -o graph.svg
  $ funcflow view src/transforms.ts --outputs salesTax --inputs data.csv --hide-inputs -o path.png
  $ funcflow view src/big.ts --around revenue --hops 2 --orient TB -o near-revenue.svg
  $ funcflow view src/transforms.ts --downstream-of spend -o after-spend.svg
  $ funcflow view src/transforms.ts --html graph.html --outputs salesTax --run .funcflow/runs/<run>.json
  $ funcflow view src/transforms.ts -o graph.gexf
  $ funcflow view src/transforms.ts --materialize '{"load":{"sales":"sales.csv"},"save":{"summary":"out/summary.json"}}' -o save.svg`,
  );
  command.hook("preAction", checkViewOptions);
  command.action(async (modules: string[], options: ViewOptions) => {
    const dataFormat = graphDataFormatOf(options.format, options.output);
    const format = dataFormat ?? graphFormatOf(options.format, options.output);
    const config = await configFrom(options);
    const driver = await loadDriver(modules, config);
    const { inputs, overrides } = await valuesFrom(options);
    if (options.html !== undefined) {
      const request = { file: options.html, runFile: options.run, outputs: options.outputs, inputs, overrides, config };
      return void process.stdout.write(await writeExplorerHtml(driver, request));
    }
    if (dataFormat !== undefined) {
      const text = await graphDataText(driver, dataFormat, { outputs: options.outputs, inputs, overrides });
      if (options.output === undefined) return void process.stdout.write(text);
      await writeOutput(resolve(options.output), text);
      return void process.stdout.write(`funcflow view: wrote ${relative(process.cwd(), resolve(options.output))} (${dataFormat})\n`);
    }
    // What every DOT view of this command shares: layout, legend and the path selection.
    const drawing = {
      orient: options.orient,
      hideInputs: options.hideInputs === true,
      showLegend: options.legend,
      ...(options.upstreamOf.length > 0 && { upstreamOf: options.upstreamOf }),
      ...(options.downstreamOf.length > 0 && { downstreamOf: options.downstreamOf }),
      ...(options.strictPath === true && { strictPath: true }),
    };
    if (options.materialize !== undefined) {
      const request = await materializeRequest(options.materialize, options.outputs, inputs, overrides);
      return void (await emit(driver.materializeToDot(request, drawing), format as GraphFormat, options.output));
    }
    let dot = driver.toDot({ ...(options.outputs.length > 0 && { outputs: options.outputs, inputs, overrides }), ...drawing });
    // As every other view (and Hamilton's), a neighbourhood keeps the config the graph was built with.
    if (options.around.length > 0) dot = keepNodes(dot, new Set([...neighborhood(driver, options.around, options.hops), ...Object.keys(config)]));
    await emit(dot, format as GraphFormat, options.output);
  });
}

/** The drawing rendered in `format`, on stdout or to `output`. */
async function emit(dot: string, format: GraphFormat, output: string | undefined): Promise<void> {
  const rendered = await renderGraph(dot, format);
  if (output === undefined) {
    process.stdout.write(rendered);
    return;
  }
  await writeOutput(resolve(output), rendered);
  process.stdout.write(`funcflow view: wrote ${relative(process.cwd(), resolve(output))} (${format})\n`);
}

/**
 * `--materialize`'s request, with `--outputs`, `--inputs` and `--overrides` added to it. JSON holds
 * no function, so a combined save's `combine` is a result builder's name: the drawing shows only
 * that name, so a stand-in of that name takes its place (it is never run: nothing is).
 */
async function materializeRequest(source: string, outputs: readonly string[], inputs: Record<string, unknown>, overrides: Record<string, unknown>): Promise<MaterializeRequest> {
  const request = await readObject(source, "--materialize", MATERIALIZE_EXAMPLE);
  const save = request.save;
  const withNamedBuilders =
    typeof save === "object" && save !== null && !Array.isArray(save)
      ? Object.fromEntries(
          Object.entries(save).map(([id, target]) => {
            const combine = (target as { combine?: unknown } | null)?.combine;
            if (typeof combine !== "string") return [id, target];
            const build = () => {
              throw new Error(`${combine} stands in for drawing only`);
            };
            return [id, { ...(target as object), combine: { name: combine, build } }];
          }),
        )
      : save;
  const requestOutputs = Array.isArray(request.outputs) ? (request.outputs as unknown[]) : request.outputs === undefined ? [] : undefined;
  return {
    ...request,
    ...(withNamedBuilders !== undefined && { save: withNamedBuilders }),
    // A malformed outputs is left for materializeToDot to name.
    ...(requestOutputs === undefined ? {} : (requestOutputs.length > 0 || outputs.length > 0) && { outputs: [...requestOutputs, ...outputs] }),
    ...merged("inputs", request.inputs, inputs),
    ...merged("overrides", request.overrides, overrides),
  } as MaterializeRequest;
}

/** `{ [key]: the request's values and the command line's }`; a malformed request value is kept for materializeToDot to name. */
function merged(key: "inputs" | "overrides", given: unknown, fromOptions: Record<string, unknown>): Record<string, unknown> {
  if (given === undefined) return Object.keys(fromOptions).length === 0 ? {} : { [key]: fromOptions };
  return { [key]: isPlainRecord(given) ? { ...given, ...fromOptions } : given };
}

/** `-o`'s file, whole or not at all; io (and apache-arrow) loads only when a file is written. */
async function writeOutput(path: string, content: string | Uint8Array): Promise<void> {
  const { writeFileAtomic } = await import("../../io/index.ts");
  await writeFileAtomic(path, content, { where: "funcflow view", createFolder: true });
}

/** What `-o` may end in when `--format` does not say. */
const VIEW_EXTENSIONS = [".dot", ".gv", ".svg", ".png", ".gexf", ".json"];

/** Option combinations commander cannot check: `-o`'s extension unless `--format` is given, `--run` only with `--html`. */
function checkViewOptions(command: Command): void {
  const options = command.opts<ViewOptions>();
  const fail = (message: string) => command.error(`error: ${message}`, { code: "funcflow.invalidOptionValue", exitCode: 2 });
  if (options.run !== undefined && options.html === undefined) fail(`option '--run <file>' needs --html <file>: the run is drawn on the explorer page.`);
  if (options.strictPath === true && (options.upstreamOf.length === 0 || options.downstreamOf.length === 0)) {
    fail(`option '--strict-path' needs --upstream-of and --downstream-of: it leaves the parents out of the paths between them.`);
  }
  const narrowing = options.upstreamOf.length > 0 ? "--upstream-of" : options.downstreamOf.length > 0 ? "--downstream-of" : undefined;
  const whole = options.html !== undefined ? "--html" : graphDataFormatOf(options.format, options.output) !== undefined ? "a graph data format (gexf, json)" : undefined;
  if (options.materialize !== undefined) {
    const other = options.html !== undefined ? "--html" : options.around.length > 0 ? "--around" : graphDataFormatOf(options.format, options.output) !== undefined ? "a graph data format (gexf, json)" : undefined;
    if (other !== undefined) fail(`option '--materialize <request>' draws a request's path and files (DOT, SVG, PNG); ${other} draws something else. Leave one out.`);
  }
  if (narrowing !== undefined && whole !== undefined) fail(`option '${narrowing}' narrows a drawing (DOT, SVG, PNG); ${whole} writes the whole graph. Leave one out.`);
  if (options.output === undefined || options.format !== undefined || options.html !== undefined) return;
  try {
    fileWithExtension(VIEW_EXTENSIONS)(options.output);
  } catch (error) {
    fail(`option '-o, --output <file>' argument '${options.output}' is invalid. ${(error as Error).message} Or name the format with --format.`);
  }
}
