/**
 * The cache of one Driver: resolved once at build time (each node's behaviour and code
 * version, the store), then opened for each run.
 */
import { join } from "node:path";
import { didYouMean, FuncflowError, suggestNames } from "../errors/index.ts";
import type { FunctionGraph } from "../graph/index.ts";
import type { RunShape } from "./run-shape.ts";
import { silentLogger } from "../hooks/index.ts";
import { CACHE_BEHAVIOR_TAG, CACHE_BEHAVIORS, loadedParameter, type CacheBehavior } from "../decorators/index.ts";
import type { CacheRunReport } from "./cache-events.ts";
import type { CacheOptions } from "./cache-options.ts";
import { CacheSession } from "./cache-session.ts";
import { diskStore } from "./cache-store.ts";
import { codeVersion } from "./code-version.ts";
import { loadFingerprint } from "./fingerprint.ts";
import type { RunCache } from "./run-cache.ts";

export interface DriverCache {
  open(runId: string, plan: RunShape, graph: FunctionGraph): RunCache;
  /** What the cache did in the last run that finished, or undefined before any. */
  lastRun(): CacheRunReport | undefined;
}

/** The default cache folder, relative to the working directory. */
export const DEFAULT_CACHE_DIR = join(".funcflow", "cache");

/**
 * Sets up the cache of a graph. Each node's entries are keyed by its `version` (the scanner's
 * hash of its source, which `listNodes()` shows) among other parts (`codeVersion`).
 * @throws FuncflowError `invalid_argument` for an unknown behaviour, `unknown_node` for a behaviour
 *   given to a node the graph does not have (nor a parameter a `loadFrom` loads).
 * @example const cache = await createDriverCache(graph, { dir: ".funcflow/cache" });
 */
export async function createDriverCache(graph: FunctionGraph, options: CacheOptions): Promise<DriverCache> {
  const behaviors = resolveBehaviors(graph, options);
  const codeVersions = graph.nodes.map((node, index) => codeVersion(node, graph.functions[index]));
  const warn = options.onWarning ?? ((message: string) => process.emitWarning(message, "FuncflowCacheWarning"));
  let last: CacheRunReport | undefined;
  const setup = {
    store: options.store ?? diskStore(options.dir ?? DEFAULT_CACHE_DIR),
    fingerprint: await loadFingerprint(),
    codeVersions,
    behaviors,
    logger: options.logger ?? silentLogger,
    warn,
    warned: new Set<string>(),
    onReport: (report: CacheRunReport) => void (last = report),
  };
  return {
    open: (runId, plan, runGraph) => new CacheSession(setup, runId, plan, runGraph),
    lastRun: () => last,
  };
}

/** Per node: the Builder's behaviour, else the `cacheBehavior` tag, else the default. */
function resolveBehaviors(graph: FunctionGraph, options: CacheOptions): CacheBehavior[] {
  const given = options.behaviors ?? {};
  const fallback = options.defaultBehavior ?? "default";
  const loaderFallback = options.defaultLoaderBehavior ?? fallback;
  const saverFallback = options.defaultSaverBehavior ?? fallback;
  const defaults = [
    ["(defaultBehavior)", fallback],
    ["(defaultLoaderBehavior)", loaderFallback],
    ["(defaultSaverBehavior)", saverFallback],
  ] as const;
  for (const [name, behavior] of [...Object.entries(given), ...defaults]) {
    if (!CACHE_BEHAVIORS.includes(behavior)) {
      throw new FuncflowError("invalid_argument", `withCache: "${String(behavior)}" (for ${name}) is not a cache behavior; use one of ${CACHE_BEHAVIORS.join(", ")}.`, {
        node: name,
      });
    }
  }
  // A `loadFrom` loader may be named by the parameter it loads, as in Hamilton (see below).
  const parameters = graph.nodes.map((node) => loadedParameter(node));
  const loadedParameters = new Set(parameters.filter((name) => name !== undefined));
  const unknown = Object.keys(given).filter((name) => !graph.indexOf.has(name) && !loadedParameters.has(name));
  if (unknown.length > 0) {
    // A behaviour keyed by a misspelt name would silently leave the real node on the default, so
    // each unknown name gets its nearest node names (a port writes Hamilton's snake_case names).
    const nodeNames = graph.nodes.map((node) => node.name);
    const near = unknown.map((name) => suggestNames(name, nodeNames));
    throw new FuncflowError("unknown_node", `withCache: behaviors name ${unknown.map((name, i) => `"${name}"${didYouMean(near[i]!)}`).join(", ")}, which the graph does not have. dr.listNodes() lists every node.`, {
      node: unknown[0],
      suggestion: near[0]!,
      details: { unknown },
    });
  }
  // As Hamilton's: the Builder's, else the source's tag, else the loader's or saver's default, else the default.
  const resolved = graph.nodes.map((node) => {
    const own = given[node.name] ?? (node.tags[CACHE_BEHAVIOR_TAG] as CacheBehavior | undefined);
    if (own !== undefined) return own;
    const io = ioKind(graph, node);
    return io === "loader" ? loaderFallback : io === "saver" ? saverFallback : fallback;
  });
  // A `dataloader`'s `<fn>.loader` node does the reading; `<fn>`, the name users give, only
  // unpacks its pair. So the loader takes `<fn>`'s behaviour, as Hamilton copies a data loader's
  // "main node" behaviour to it: `behaviors: { raw_data: "recompute" }` must read the data again,
  // not unpack the cached pair. A behaviour naming the loader itself still wins.
  // A `loadFrom`'s `<fn>.load_data.<p>` and `<fn>.select_data.<p>` take the behaviour given for
  // `<p>`, the parameter they feed, as Hamilton resolves a `@load_from` loader's (and selector's)
  // behaviour by the parameter's name: `behaviors: { raw_data: "recompute" }` reads the file again.
  return graph.nodes.map((node, index) => {
    if (given[node.name] !== undefined) return resolved[index]!;
    const parameter = parameters[index];
    if (parameter !== undefined) return given[parameter] ?? resolved[index]!;
    if (node.role !== "loader") return resolved[index]!;
    const main = node.dependents.map((name) => graph.indexOf.get(name)!).find((other) => graph.nodes[other]!.group === node.group && graph.nodes[other]!.role === undefined);
    return main === undefined ? resolved[index]! : resolved[main]!;
  });
}

/**
 * Whether a node loads or saves data, as Hamilton tags its data loaders and savers: a `loadFrom`'s
 * loading and selecting nodes, a `dataloader`'s `<fn>.loader` and the `<fn>` unpacking it; a
 * `saveTo`'s saver and a `datasaver`.
 */
function ioKind(graph: FunctionGraph, node: FunctionGraph["nodes"][number]): "loader" | "saver" | undefined {
  if (node.role === "loader" || node.role === "selector") return "loader";
  if (node.role === "saver" || node.tags["funcflow.io"] === "datasaver") return "saver";
  const loader = graph.indexOf.get(`${node.name}.loader`);
  return loader !== undefined && graph.nodes[loader]!.role === "loader" && node.dependencies.length === 1 && node.dependencies[0]!.name === `${node.name}.loader` ? "loader" : undefined;
}
