/**
 * `funcflow/scanner`: reads node functions from module source into manifests, and checks edge
 * types with the TypeScript checker. A subpath of its own because it loads ts-morph (~0.5 s to
 * import), which the root entry must not.
 */
export { scanSource, scanFile, writeManifest, manifestPathFor } from "./scanner/index.ts";
export type { ScanSourceOptions, ReadTypeFile } from "./scanner/index.ts";
export { SCANNER_VERSION } from "./manifest/index.ts";
export * from "./typecheck/index.ts";
