/**
 * Types that let `execute` be checked by the compiler when the modules' types are known
 * (a prebuilt module's namespace carries them): output names become a union of node names and
 * results carry each producer's awaited return type. Modules given by URL are untyped.
 */
import type { ModuleSource, PrebuiltModule } from "./module-source.ts";

/** Node name → value type. The untyped default accepts any name. */
export type NodeValues = Record<string, unknown>;

/** `a__b__c` → `a__b`: the variant convention, applied at the type level. */
export type NodeNameOf<ExportName extends string> = ExportName extends `${infer Head}__${infer Tail}`
  ? Tail extends `${string}__${string}`
    ? `${Head}__${NodeNameOf<Tail>}`
    : Head
  : ExportName;

type ExportedNodeNames<Namespace> = {
  [K in keyof Namespace & string]: K extends `_${string}` ? never : Namespace[K] extends (...args: never[]) => unknown ? K : never;
}[keyof Namespace & string];

/** The nodes a module namespace defines, with their awaited return types. */
export type NodesOfModule<Namespace> = {
  [K in ExportedNodeNames<Namespace> as NodeNameOf<K>]: Namespace[K] extends (...args: never[]) => infer R ? Awaited<R> : never;
};

type NodesOfSource<Source> =
  Source extends PrebuiltModule<infer Namespace>
    ? string extends keyof Namespace
      ? NodeValues // a namespace typed as a record says nothing about its names
      : NodesOfModule<Namespace>
    : NodeValues;

/** The nodes of several sources together. */
export type NodesOfSources<Sources extends readonly ModuleSource[]> = Sources extends readonly [
  infer First,
  ...infer Rest extends readonly ModuleSource[],
]
  ? NodesOfSource<First> & NodesOfSources<Rest>
  : Sources extends readonly []
    ? unknown
    : NodeValues; // an array whose length the compiler does not know: untyped

/** What `execute` resolves to with the default record result. */
export type RecordOf<Nodes, Output extends string> = { [K in Output]: K extends keyof Nodes ? Nodes[K] : unknown };

/** Values keyed by node or input name. */
export type ValuesByName = Readonly<Record<string, unknown>>;

/** The second argument of `execute` and `validateExecution`. */
export interface ExecuteOptions {
  /** Values for external inputs (parameters no function produces). */
  readonly inputs?: ValuesByName;
  /** Values that replace nodes; nothing upstream of an overridden node runs. */
  readonly overrides?: ValuesByName;
}
