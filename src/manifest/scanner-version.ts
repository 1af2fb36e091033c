/**
 * The scanner's version, kept in a file with no imports so a manifest cache can read it
 * without loading ts-morph (~0.5 s) just to build its key.
 */

/**
 * Identifies how this scanner reads source: mix it into manifest cache keys, so a cached
 * manifest is rebuilt when the scanner (or the TypeScript it bundles, which infers
 * unannotated return types) changes. A test keeps the TypeScript part in step with ts-morph.
 */
export const SCANNER_VERSION = "26+typescript-6.0.2";
