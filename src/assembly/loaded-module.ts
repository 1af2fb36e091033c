import type { ModuleManifest } from "../manifest/index.ts";

/** A module ready for graph building: its manifest and its loaded exports. */
export interface LoadedModule {
  /** The path (or label) used in messages. */
  readonly location: string;
  readonly manifest: ModuleManifest;
  readonly namespace: Readonly<Record<string, unknown>>;
  /** The module's file URL, when it was loaded from a file: worker threads import it from there. */
  readonly url?: string;
  /** True when the manifest was built ahead of time (it may be stale); false or absent when scanned from this very source. */
  readonly prebuilt?: boolean;
}
