/** The scanner: reads a module's TypeScript source with ts-morph into a manifest (names, parameters, types, docs, modifiers). */
export { scanSource } from "./scan-source.ts";
export { scanFile } from "./scan-file.ts";
export { writeManifest, manifestPathFor } from "./write-manifest.ts";
export { SCANNER_VERSION } from "./scanner-version.ts";
