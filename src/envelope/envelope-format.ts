/**
 * The envelope on disk, as plain data: the files under `content/` are covered by the content hash
 * (the envelope's id); `meta.json` beside them holds what may change (tags, metrics), sealed by its
 * own checksum so a damaged byte is still noticed.
 */
import type { JsonSchema } from "../schema/index.ts";

/**
 * The version of this layout, which saves write. 2 added `buildModules`; a loader reads every
 * version in {@link READABLE_ENVELOPE_FORMATS} and refuses another.
 */
export const ENVELOPE_FORMAT_VERSION = 2;

/** The format versions this funcflow loads: format 1 is format 2 without `buildModules`. */
export const READABLE_ENVELOPE_FORMATS: readonly number[] = [1, 2];

/** File names inside an envelope folder. */
export const ENVELOPE_FILES = {
  content: "content",
  meta: "meta.json",
  manifest: "envelope.json",
  bundle: "code/pipeline.mjs",
  metafile: "code/metafile.json",
  schema: "schema.json",
  dag: "dag.json",
  dot: "dag.dot",
  environment: "environment.json",
  sbom: "sbom.cdx.json",
  /** One Arrow IPC file per column or table value (`examples/inputs/<name>.arrow`), JSON for the rest. */
  examples: "examples",
} as const;

/** One pipeline module inside the bundle. */
export interface EnvelopeModule {
  /** The bundle's export holding this module's namespace (`m0`, `m1`, …). */
  readonly exportName: string;
  /** Where it came from, relative to the folder it was saved in. */
  readonly source: string;
  /** The scanner's manifest of the module (funcflow's ModuleManifest, as JSON). */
  readonly manifest: unknown;
}

/** `content/envelope.json`: what the envelope holds. */
export interface EnvelopeManifest {
  readonly formatVersion: number;
  readonly name: string;
  readonly description: string;
  readonly createdAt: string;
  readonly outputs: readonly string[];
  /** The external inputs the outputs need, required ones first. */
  readonly inputs: readonly string[];
  readonly config: Readonly<Record<string, unknown>>;
  readonly modules: readonly EnvelopeModule[];
  /**
   * The modules the Builder loads by path while building — named by `subdag`,
   * `parameterizedSubdag` or `withColumns` in `modules`, or imported by functions a `functions`
   * list names — bundled too, and handed to the Builder in place of files. Absent in format 1
   * (whose envelopes of such pipelines fail to load, naming the module).
   */
  readonly buildModules?: readonly EnvelopeModule[];
  /** Packages the bundle expects from the runtime rather than carrying them. */
  readonly shared: readonly string[];
  /** Per function node, the code version the scanner recorded. */
  readonly codeVersions: Readonly<Record<string, string>>;
  /** The example values stored, by name, and how each is stored. */
  readonly examples: { readonly inputs: Readonly<Record<string, ExampleFile>>; readonly outputs: Readonly<Record<string, ExampleFile>> };
  /**
   * Set when a later module's node replaces an earlier one's (`Builder.allowModuleOverrides()`):
   * the envelope is rebuilt the same way. Absent otherwise.
   */
  readonly moduleOverrides?: true;
}

/** Where a schema came from: the TypeScript types, or an example value. */
export type SchemaSource = "code" | "example";

/** `content/schema.json`: the API of the envelope. */
export interface EnvelopeSchema {
  readonly inputs: Readonly<Record<string, { readonly schema: JsonSchema; readonly required: boolean; readonly from: SchemaSource }>>;
  readonly outputs: Readonly<Record<string, { readonly schema: JsonSchema; readonly inputs: readonly string[]; readonly required: readonly string[]; readonly description?: string; readonly from: SchemaSource }>>;
}

/** `content/environment.json`: where the envelope was made. */
export interface EnvelopeEnvironment {
  readonly node: string;
  readonly platform: string;
  readonly arch: string;
  readonly funcflow: string;
  readonly lockFile: { readonly path: string; readonly sha256: string } | undefined;
  /** The SBOM file's hash and how npm made it (from the installed tree, or the lock file alone). */
  readonly sbom: { readonly file: string; readonly sha256: string; readonly source: "installed" | "lock-file"; readonly components: number } | undefined;
  readonly git: { readonly commit: string; readonly dirty: boolean } | undefined;
}

/** `meta.json`: what may change after saving. */
export interface EnvelopeMeta {
  readonly tags: Readonly<Record<string, string>>;
  readonly metrics: Readonly<Record<string, number>>;
}

/** How one example value is stored: an Arrow column, an Arrow table, or JSON. */
export interface ExampleFile {
  readonly file: string;
  readonly kind: "column" | "table" | "json";
}
