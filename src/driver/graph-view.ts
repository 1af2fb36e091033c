/** The graph as validators, `afterBuild` and the graph hooks see it: nodes made and versioned on first read. */
import { graphVersion, type FunctionGraph, type NodeInfo } from "../graph/index.ts";
import type { BuildEvent, GraphStartEvent, GraphView } from "../hooks/index.ts";

/** The request as graph hooks see it. */
export interface EngineRequest {
  readonly inputNames: readonly string[];
  readonly overrideNames: readonly string[];
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly overrides: Readonly<Record<string, unknown>>;
}

const views = new WeakMap<FunctionGraph, GraphView>();

/** One view per graph: a run's events share it, and `nodes` and `version` stay lazy. */
export function graphViewOf(graph: FunctionGraph): GraphView {
  let view = views.get(graph);
  if (view === undefined) {
    view = {
      get nodes() {
        return graph.nodes;
      },
      config: graph.config,
      get version() {
        return graphVersion(graph.nodes);
      },
    };
    views.set(graph, view);
  }
  return view;
}

/** `beforeGraph`'s event for run `runId` of `request`, computing `nodes` (none for a refused run). */
export function graphStartEvent(runId: string, graph: FunctionGraph, outputs: readonly string[], request: EngineRequest, nodes: readonly NodeInfo[]): GraphStartEvent {
  return {
    runId,
    outputs,
    inputNames: request.inputNames,
    overrideNames: request.overrideNames,
    inputs: request.inputs,
    overrides: request.overrides,
    config: graph.config,
    nodes,
    graph: graphViewOf(graph),
  };
}

/** `afterBuild`'s event: the graph's view (still lazy) and the modules the build was given. */
export function buildEvent(graph: FunctionGraph, modules: readonly string[]): BuildEvent {
  const view = graphViewOf(graph);
  return {
    get nodes() {
      return view.nodes;
    },
    config: view.config,
    get version() {
      return view.version;
    },
    modules,
  };
}
