/** The scanner: reads a module's TypeScript source with ts-morph into a manifest (names, parameters, types, docs, modifiers). */
export { scanSource } from "./scan-source.ts";
export type { ScanSourceOptions } from "./scan-source.ts";
export type { ReadTypeFile } from "./type-files.ts";
export { scanFile } from "./scan-file.ts";
export { writeManifest, manifestPathFor } from "./write-manifest.ts";
// For the static type checker, which reads functions the way the scanner does.
export { collectExports } from "./collect-exports.ts";
export type { FunctionSite } from "./collect-exports.ts";
export { parseModule } from "./parse-module.ts";
export type { ParsedModule } from "./parse-module.ts";
export { readSignature } from "./read-signature.ts";
export { skipTypeWrappers } from "./read-value.ts";
