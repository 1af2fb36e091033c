/**
 * `funcflow/scanner`: reads node functions from module source into manifests. A subpath of its
 * own because it loads ts-morph (~0.5 s to import), which the root entry must not.
 */
export { scanSource, scanFile, writeManifest, manifestPathFor, SCANNER_VERSION } from "./graph/scanner/index.ts";
