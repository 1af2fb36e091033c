/**
 * Types that let `execute` be checked by the compiler when the modules' types are known
 * (a prebuilt module's namespace carries them): output names become a union of node names and
 * results carry each producer's awaited return type. Modules given by URL are untyped until
 * `Builder.typed<Pipeline>()` attaches the declarations `funcflow build` generated for them.
 */
import type { Config, ModuleSource, PrebuiltModule } from "../graph/index.ts";
import type { Builder } from "./builder.ts";
import type { Driver, ExecuteResult, RecordResult } from "./driver.ts";
import type { ResultBuilder } from "../results/index.ts";
import type { NamedNode } from "../decorators/index.ts";

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

/** An export's node name: the one its config wrapper gives (`{ name: "x" }`), else the variant convention. */
type NodeKeyOf<ExportName extends string, Value> = Value extends NamedNode<infer Name> ? (string extends Name ? NodeNameOf<ExportName> : Name) : NodeNameOf<ExportName>;

/** The nodes a module namespace defines, with their awaited return types. */
export type NodesOfModule<Namespace> = {
  [K in ExportedNodeNames<Namespace> as NodeKeyOf<K, Namespace[K]>]: Namespace[K] extends (...args: never[]) => infer R ? Awaited<R> : never;
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

/**
 * Config merged as `withConfig` merges it: a later key wins. A config typed only as a record
 * (`Config`) names no key the compiler can see, so it adds none.
 */
export type MergedConfig<Earlier, Later> = string extends keyof Later ? Earlier : Omit<Earlier, keyof Later> & Later;

/**
 * Nodes with the config: every config key is a node holding its value, and one named like a
 * function replaces that function, as at run time (Hamilton's graph does the same). Untyped
 * nodes (a module given by URL) already accept any name as `unknown`, and stay as they are, so
 * such a Driver is still a plain `Driver`.
 */
export type NodesWithConfig<Nodes, ConfigValues> = NamesNoKey<ConfigValues> extends true ? Nodes : string extends keyof Nodes ? Nodes : Omit<Nodes, keyof ConfigValues> & ConfigValues;

/** True for a config with no key, or one typed as a record, whose keys the compiler cannot see. */
type NamesNoKey<ConfigValues> = [keyof ConfigValues] extends [never] ? true : string extends keyof ConfigValues ? true : false;

/** A typed pipeline with the config: config keys become nodes (replacing any of their name) and are no inputs. */
export type PipelineWithConfig<Pipeline extends PipelineTypes, ConfigValues> = NamesNoKey<ConfigValues> extends true
  ? Pipeline
  : { readonly nodes: Omit<Pipeline["nodes"], keyof ConfigValues> & ConfigValues; readonly inputs: Omit<Pipeline["inputs"], keyof ConfigValues> };

/** What `execute` resolves to with the default record result. */
export type RecordOf<Nodes, Output extends string> = { [K in Output]: K extends keyof Nodes ? Nodes[K] : unknown };

/** Values keyed by node or input name. */
export type ValuesByName = Readonly<Record<string, unknown>>;

/** The second argument of `execute` and `validateExecution`. */
export interface ExecuteOptions {
  /** Values for external inputs (parameters no function produces); a promise is awaited before the run, as Hamilton's async driver awaits tasks given as inputs. */
  readonly inputs?: ValuesByName;
  /** Values that replace nodes; nothing upstream of an overridden node runs. A promise is awaited before the run. */
  readonly overrides?: ValuesByName;
  /**
   * Called once per node this request runs, when it settles (value or failure), with its wall
   * time in milliseconds (an async node's until its promise settles). Without it, the lean loop
   * runs untouched; with it, each step is wrapped, so pass it only when timings are wanted.
   */
  readonly onNodeTimed?: NodeTimedListener;
}

/** Hears one node's wall time: `execute`'s `onNodeTimed` option. */
export type NodeTimedListener = (node: string, durationMs: number) => void;

/**
 * A pipeline's types as `funcflow build` declares them (`<module>.funcflow.d.ts`): node name →
 * awaited return type, and external input name → the type its consumers accept. Parameter
 * names are invisible to the type system, so only the scanner can say which input is which.
 */
export interface PipelineTypes {
  readonly nodes: object;
  readonly inputs: object;
}

/** Everything `execute` can return for a typed pipeline: its nodes, and its inputs asked for by name. */
export type PipelineValues<Pipeline extends PipelineTypes> = Pipeline["nodes"] & Required<Pipeline["inputs"]>;

/** The names `execute` accepts as outputs for a typed pipeline. */
export type PipelineOutput<Pipeline extends PipelineTypes> = (keyof Pipeline["nodes"] | keyof Pipeline["inputs"]) & string;

/**
 * `execute`'s options for a typed pipeline: each input must have its declared type and each
 * override its node's type. Which inputs a request needs depends on its outputs, so every key
 * is optional here; a missing one is still reported (`missing_input`) before anything runs.
 */
export interface TypedExecuteOptions<Pipeline extends PipelineTypes> {
  readonly inputs?: Partial<Pipeline["inputs"]>;
  readonly overrides?: Partial<Pipeline["nodes"]>;
  /** As `ExecuteOptions.onNodeTimed`. */
  readonly onNodeTimed?: NodeTimedListener;
}

/** The methods whose types a typed pipeline changes; the rest are the Driver's own. */
export interface TypedDriverMethods<Pipeline extends PipelineTypes, Result> {
  /**
   * As `Driver.execute`, with output names, inputs and overrides checked by the compiler.
   * @example const { spendMean } = await dr.execute(["spendMean"], { inputs: { spend } });
   */
  execute<const Output extends PipelineOutput<Pipeline>>(
    outputs: readonly Output[],
    options?: TypedExecuteOptions<Pipeline>,
  ): Promise<ExecuteResult<PipelineValues<Pipeline>, Output, Result>>;
  /** As `Driver.validateExecution`, typed like `execute`. */
  validateExecution(outputs: readonly PipelineOutput<Pipeline>[], options?: TypedExecuteOptions<Pipeline>): void;
}

/**
 * The Driver a `typed<Pipeline>()` Builder builds: the same object at run time, seen through
 * the pipeline's declared types.
 */
export type TypedDriver<Pipeline extends PipelineTypes, Result = RecordResult> = Omit<
  Driver<PipelineValues<Pipeline>, Result>,
  "execute" | "validateExecution"
> &
  TypedDriverMethods<Pipeline, Result>;

/**
 * A Builder whose Driver is typed by a pipeline's declarations. It is the same Builder at run
 * time; call `typed` after the modules are added.
 */
export interface TypedBuilder<Pipeline extends PipelineTypes, Result = RecordResult> {
  /** As `Builder.withConfig`: each key becomes a node typed by its value (replacing a node of its name). */
  withConfig<ConfigValues extends Config>(config: ConfigValues): TypedBuilder<PipelineWithConfig<Pipeline, ConfigValues>, Result>;
  /** As `Builder.withManifestCache`. */
  withManifestCache(dir: string | false): TypedBuilder<Pipeline, Result>;
  /** As `Builder.withResultBuilder`. */
  withResultBuilder<Built>(resultBuilder: ResultBuilder<Built>): TypedBuilder<Pipeline, Built>;
  /** As `Builder.withAdapters`. */
  withAdapters(...adapters: Parameters<Builder["withAdapters"]>): TypedBuilder<Pipeline, Result>;
  /** As `Builder.withExecutor`. */
  withExecutor(...executor: Parameters<Builder["withExecutor"]>): TypedBuilder<Pipeline, Result>;
  /** As `Builder.withConcurrency`. */
  withConcurrency(limit: number): TypedBuilder<Pipeline, Result>;
  /** As `Builder.withCache`. */
  withCache(...options: Parameters<Builder["withCache"]>): TypedBuilder<Pipeline, Result>;
  /** As `Builder.withMaterializers`. */
  withMaterializers(...entries: Parameters<Builder["withMaterializers"]>): TypedBuilder<Pipeline, Result>;
  /** As `Builder.withTypeCheck`. */
  withTypeCheck(...options: Parameters<Builder["withTypeCheck"]>): TypedBuilder<Pipeline, Result>;
  /** As `Builder.build`, resolving to a typed Driver. */
  build(): Promise<TypedDriver<Pipeline, Result>>;
}
