/** Manifests: what the scanner learns about a module, as versioned JSON, keyed by a content hash and cached on disk. */
export { MANIFEST_SCHEMA_VERSION } from "./manifest.ts";
export type { ModuleManifest, ModuleManifestJson, ManifestFunction, ManifestParam, ManifestModifier, ManifestFunctionForm, ManifestNonFunctionExport, ManifestProblem, ManifestField, ManifestHiddenFunction, ManifestStepType, ManifestTypeSource, ManifestFunctionList, ManifestListedFunction } from "./manifest.ts";
export { contentHash } from "./content-hash.ts";
export { SCANNER_VERSION } from "./scanner-version.ts";
export { conditionArguments, givenNodeName } from "./given-node-name.ts";
export { defaultManifestCacheDir, readCachedManifest, writeCachedManifest } from "./manifest-cache.ts";
export { splitTopLevel, closingBracket, isSingleTerm, walkCode } from "./split-top-level.ts";
export type { TypeSeparator, WalkCodeOptions } from "./split-top-level.ts";
export { stringLiteralValue } from "./string-literal-value.ts";
