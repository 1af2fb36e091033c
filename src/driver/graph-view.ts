/** The graph as validators, `afterBuild` and the graph hooks see it: nodes made and versioned on first read. */
import { graphVersion, type FunctionGraph } from "../graph/index.ts";
import type { GraphView } from "../hooks/index.ts";

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
