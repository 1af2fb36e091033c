/**
 * The explorer's model: everything the page shows, as compact JSON embedded in the page (or
 * served by `funcflow ui`). Edges are index pairs and code texts are shared, so 100,000 nodes
 * stay a few megabytes.
 */
import type { NodeKind } from "../graph/index.ts";
import type { RunRecord } from "./run-record.ts";

/** A config variant config left out, with the config values its condition reads. */
export interface ExplorerExcludedVariant {
  readonly exportName: string;
  readonly module: string;
  readonly condition: string;
  readonly configValues: Readonly<Record<string, unknown>>;
}

/** A config variant of a node that config did not choose: its modifiers as written, and the config it saw. */
export interface ExplorerVariant {
  readonly exportName: string;
  readonly module: string;
  readonly line: number;
  readonly modifiers: string;
  /** The config values of the keys its condition names (null when unset). */
  readonly configValues: Readonly<Record<string, unknown>>;
}

/** One node as the page shows it. Unset facts are left out. */
export interface ExplorerNode {
  readonly name: string;
  readonly kind: NodeKind;
  readonly type: string;
  readonly doc?: string;
  readonly tags?: Readonly<Record<string, string | readonly string[]>>;
  readonly module?: string;
  readonly line?: number;
  readonly exportName?: string;
  readonly codeVersion?: string;
  readonly condition?: string;
  /** The function a modifier made this node from; the page collapses it into that function. */
  readonly group?: string;
  readonly role?: string;
  readonly parallel?: "expand" | "collect";
  readonly isAsync?: boolean;
  /** Index into `ExplorerModel.codes`: the source text of the export defining the node. */
  readonly code?: number;
  /** For a config node: its value as JSON text. */
  readonly value?: string;
  /** For an input standing in for config variants config left out: those variants. */
  readonly excluded?: readonly ExplorerExcludedVariant[];
  /** For a node chosen among config variants: the variants not chosen. */
  readonly otherVariants?: readonly ExplorerVariant[];
}

/** The page's whole model. */
export interface ExplorerModel {
  readonly version: 1;
  readonly title: string;
  readonly nodes: readonly ExplorerNode[];
  /** `[from, to, optional]`: node `to` reads node `from` (optional: 1 when it has a default). */
  readonly edges: readonly (readonly [number, number, 0 | 1])[];
  readonly codes: readonly string[];
  /** The execution path shown at first: outputs, and the names of given inputs and overrides. */
  readonly outputs: readonly string[];
  readonly inputs: readonly string[];
  readonly overrides: readonly string[];
  /** Above this many visible nodes the page starts with modules collapsed. */
  readonly collapseModulesAbove: number;
  /** A run to overlay at first. */
  readonly run?: RunRecord;
  /** Served by `funcflow ui`: the page fetches run history from `/api/runs`. */
  readonly live?: boolean;
}
