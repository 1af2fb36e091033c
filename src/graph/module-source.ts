import type { ModuleManifest, ModuleManifestJson } from "../manifest/index.ts";

/** A module built ahead of time: its namespace (`import * as m`) and its prebuilt manifest. */
export interface PrebuiltModule<Namespace extends object = Readonly<Record<string, unknown>>> {
  readonly module: Namespace;
  /** As funcflow build or writeManifest wrote it; imported JSON (`with { type: "json" }`) fits too. */
  readonly manifest: ModuleManifest | ModuleManifestJson;
  /** A label for messages; defaults to the manifest's file name. */
  readonly name?: string;
  /** Where worker threads can import the same module from (its file URL); without it, its nodes run in the main thread. */
  readonly url?: URL | string;
}

/** What `withModules` accepts: a module's URL or path (scanned on the fly), or a prebuilt module. */
export type ModuleSource = URL | string | PrebuiltModule<object>;
