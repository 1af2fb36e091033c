/**
 * The manifest: what the scanner reads from a module's TypeScript source, as plain JSON.
 * It is the bridge between source (the truth about parameter names, types and docs) and the
 * loaded module (the functions to call), and it can be written ahead of time for bundles.
 */

/** Bumped whenever the manifest's shape or the scanner's reading of a module changes. */
export const MANIFEST_SCHEMA_VERSION = 1;

/** One parameter of a node function, as declared in the source. */
export interface ManifestParam {
  /** The parameter name: the upstream node or external input it asks for. */
  readonly name: string;
  /** The declared type as written in the source, or `"unknown"` when it has none. */
  readonly type: string;
  /** `x?: T` or `x: T = …`: the dependency is optional. */
  readonly optional: boolean;
  /** The default value's source text, when it has one. */
  readonly defaultText?: string;
}

/** A modifier call seen in the source around a node function, outermost first. */
export interface ManifestModifier {
  /** The called name, e.g. `configWhen` (for `ff.configWhen(...)`, the last member name). */
  readonly name: string;
  /** The source text of each argument other than the wrapped function. */
  readonly args: readonly string[];
}

/** How the function is written in the source. */
export type ManifestFunctionForm =
  | "declaration" // export function f() {}
  | "arrow" // export const f = () => …
  | "function-expression" // export const f = function () {}
  | "wrapped" // export const f = modifier(…, (…) => …)
  | "declared"; // export declare const f: (…) => …  /  export declare function f(…) (.d.ts)

/** One exported function: a node candidate (its export name may carry a `__suffix`). */
export interface ManifestFunction {
  /** The export name, e.g. `regionalTax__us`. */
  readonly exportName: string;
  readonly form: ManifestFunctionForm;
  readonly params: readonly ManifestParam[];
  /** The declared return type with any `Promise<…>` unwrapped, or `"unknown"`. */
  readonly returnType: string;
  /** True when declared `async` or returning a `Promise`. */
  readonly isAsync: boolean;
  /** The JSDoc summary (the text before any `@tag`), or undefined. */
  readonly doc?: string;
  /** 1-based line of the export in the scanned file. */
  readonly line: number;
  readonly modifiers: readonly ManifestModifier[];
  /**
   * The fields of the declared return type when it is an object type written out (a type
   * literal, interface or type alias, declared in the module or imported from a relative
   * module), recorded for functions wrapped in `extractFields`.
   */
  readonly returnFields?: readonly ManifestField[];
  /**
   * Why the declared return type, imported from another module, gave no fields (the import
   * resolves to no file, the file does not export the type, the type comes from a package, …),
   * for `extractFields` to say at build; absent when the fields were read or nothing was imported.
   */
  readonly returnFieldsProblem?: string;
  /**
   * The columns of the declared return type, recorded for functions wrapped in `extractColumns`:
   * `Vector<T>` for each column of an Arrow `Table<{ … }>`, or each field of a record of vectors.
   */
  readonly returnColumns?: readonly ManifestField[];
  /**
   * The written types of the step functions the function's `pipeInput`/`pipeOutput` call, by
   * function name, for those the module declares.
   */
  readonly stepTypes?: Readonly<Record<string, ManifestStepType>>;
  /**
   * The `functions` option of each `subdag`, `parameterizedSubdag` or `withColumns` call around
   * the function, as written: which declaration each listed function is, so the graph builder
   * takes its parameter names from the source and not from the function value.
   */
  readonly functionLists?: readonly ManifestFunctionList[];
  /**
   * The function's code version for the cache: a hash of its source and of the module-local
   * declarations it uses (helpers, constants), comments and formatting ignored. Absent for
   * declaration files, whose bodies cannot be seen.
   */
  readonly codeVersion?: string;
}

/** One modifier's `functions: [f, g]` option, read from the call's options object. */
export interface ManifestFunctionList {
  /** The modifier called, e.g. `subdag` (its name as written, like `ManifestModifier.name`). */
  readonly modifier: string;
  /** One per list entry, in order; empty when `problem` is set. */
  readonly entries: readonly ManifestListedFunction[];
  /** Why the list itself cannot be read (not an array literal, the options not an object literal), when it cannot. */
  readonly problem?: string;
}

/** One entry of a `functions` list. */
export type ManifestListedFunction =
  /** A function this module declares (exported or not): its entry is in `ModuleManifest.listedFunctions` under `name`. */
  | { readonly kind: "local"; readonly name: string }
  /** A function imported from another module: `import { exportName } from "specifier"` (or `ns.exportName` of `import * as ns`). */
  | { readonly kind: "imported"; readonly specifier: string; readonly exportName: string }
  /** An entry that names no declaration (a call, a spread, a property of a value): `text` as written and why. */
  | { readonly kind: "unreadable"; readonly text: string; readonly reason: string };

/** A step function's parameter and return types as written (`unknown` where none is), a promise unwrapped. */
export interface ManifestStepType {
  readonly params: readonly string[];
  readonly returnType: string;
}

/** One field of a declared object return type. */
export interface ManifestField {
  readonly name: string;
  /** The field's type as written. */
  readonly type: string;
  /** `name?: T`. */
  readonly optional: boolean;
}

/**
 * An exported name that is not a node function, recorded so the graph builder can say so
 * clearly when a parameter asks for it (e.g. `export const threshold = 0.5`).
 */
export interface ManifestNonFunctionExport {
  readonly exportName: string;
  readonly line: number;
  /** Why it is not a node: a value, a class, a function whose parameters cannot be seen, … */
  readonly reason: "not-a-function" | "class" | "opaque-function";
}

/**
 * A top-level function that is not a node: declared without `export`, or exported only as the
 * module's default. Recorded so a parameter that asks for it is told why it is missing.
 */
export interface ManifestHiddenFunction {
  readonly name: string;
  readonly line: number;
  readonly reason: "not-exported" | "default-export";
}

/** A problem the scanner found in one export; the graph builder raises it as an error. */
export interface ManifestProblem {
  readonly exportName: string;
  readonly line: number;
  readonly code: "invalid_signature";
  readonly message: string;
}

export interface ModuleManifest {
  readonly schemaVersion: typeof MANIFEST_SCHEMA_VERSION;
  /** The scanned file's base name (not a full path, so the manifest is deterministic). */
  readonly file: string;
  /** sha256 (hex) of the scanned source text. */
  readonly contentHash: string;
  /** Node functions in source order. */
  readonly functions: readonly ManifestFunction[];
  readonly nonFunctionExports: readonly ManifestNonFunctionExport[];
  readonly problems: readonly ManifestProblem[];
  /** Functions the module declares but does not export by name; absent when there are none (and in manifests of older scanners). */
  readonly hiddenFunctions?: readonly ManifestHiddenFunction[];
  /**
   * The functions of this module some `functions` list names (see `ManifestFunctionList`), read
   * as exports are, with `exportName` their local name; absent when there are none.
   */
  readonly listedFunctions?: readonly ManifestFunction[];
  /**
   * The other files the scanner read to follow imported types (or looked for and did not find),
   * by path relative to the module's folder: the manifest holds for the module's text only while
   * each is as recorded. Absent when the scanner read no other file.
   */
  readonly typeSources?: readonly ManifestTypeSource[];
}

/** A file the scanner consulted while reading an imported type. */
export interface ManifestTypeSource {
  /** Relative to the scanned module's folder, `/`-separated: `types.ts`, `../shared/types.ts`. */
  readonly path: string;
  /** sha256 (hex) of its text, or null when no file was there (an import resolution tried it). */
  readonly contentHash: string | null;
}

/** `T` with every literal type widened to its primitive, as TypeScript types a JSON file's contents. */
type WidenedJson<T> = T extends string
  ? string
  : T extends number
    ? number
    : T extends boolean
      ? boolean
      : T extends readonly (infer Item)[]
        ? readonly WidenedJson<Item>[]
        : T extends object
          ? { readonly [Key in keyof T]: WidenedJson<T[Key]> }
          : T;

/**
 * A manifest as `import manifest from "./transforms.funcflow.json" with { type: "json" }` types
 * it: the same shape with literal types widened (`schemaVersion: number`, `form: string`).
 * `withModules` checks the schema version when it loads one.
 */
export type ModuleManifestJson = WidenedJson<ModuleManifest>;
