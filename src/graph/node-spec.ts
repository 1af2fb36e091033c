/**
 * Node specs: readonly plain data describing one node, made by combining what the scanner read
 * from the source with the function and modifiers loaded at run time.
 */
import type { NodeFunction } from "./metadata.ts";

/** One dependency of a node, in parameter order. */
export interface NodeParam {
  readonly name: string;
  /** The declared type text. */
  readonly type: string;
  /** Has a default value or `?`: left out when nothing provides it. */
  readonly optional: boolean;
  /** The declared parameter this one replaces, when a `source(…)` binding renamed it. */
  readonly boundFrom?: string;
}

/** Where a node was defined, for messages and DOT. */
export interface NodeSource {
  /** The module's path or label. */
  readonly module: string;
  readonly exportName: string;
  readonly line: number;
}

/** A function node, after config variants are resolved. */
export interface NodeSpec {
  readonly name: string;
  readonly fn: NodeFunction;
  readonly params: readonly NodeParam[];
  /** The declared return type text, `Promise` unwrapped. */
  readonly type: string;
  readonly doc: string | undefined;
  readonly tags: Readonly<Record<string, string | readonly string[]>>;
  readonly isAsync: boolean;
  readonly source: NodeSource;
  /** The config condition that chose this variant, when it is one. */
  readonly condition: string | undefined;
  /**
   * Set on nodes a modifier made: the export name of the function they came from, so tools can
   * group them (DOT draws a cluster per group).
   */
  readonly group?: string;
  /** Set on helper nodes a modifier made (e.g. "raw", "step", "validator"): drawn as secondary. */
  readonly role?: string;
  /**
   * Set on the nodes a `subdag` embedded (its namespace): they are never a modifier's default
   * target, as Hamilton tags them non-final, so a subgraph node nothing reads does not become a
   * second "final" node beside the function's own.
   */
  readonly embeddedIn?: string;
  /** Declared output columns (`schema`), drawn in DOT. */
  readonly schema?: readonly SchemaColumn[];
  /** Parallel fan-out: the node yields items (`parallelizable`) or gathers them (`collect`). */
  readonly parallel?: ParallelMark;
}

/** One declared output column: its name and type text. */
export interface SchemaColumn {
  readonly name: string;
  readonly type: string;
}

/**
 * `expand`: the node's value is a list of items, and the nodes between it and a collecting node
 * run once per item. `collect`: the node receives, as `param`, the list of per-item values;
 * after the parallel-block pass, `gathers` names the per-item node whose values it receives.
 */
export type ParallelMark =
  | { readonly kind: "expand" }
  | { readonly kind: "collect"; readonly param: string; readonly gathers?: string; readonly items?: string };

/** A config variant that config left out, kept to explain why a node is absent. */
export interface ExcludedVariant {
  readonly exportName: string;
  readonly module: string;
  readonly condition: string;
  /** The config values of the keys its condition reads (undefined when unset). */
  readonly configValues: Readonly<Record<string, unknown>>;
  /** The `subdag` namespace whose config left it out, when it is in a reused module. */
  readonly subgraph?: string;
}

/** `where` part of messages: `transforms.ts:12 (regionalTax__us)`. */
export function describeSource(source: NodeSource): string {
  return `${source.module}:${source.line} (${source.exportName})`;
}
