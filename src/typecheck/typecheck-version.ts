/**
 * The edge checker's version, in a file with no imports: the typecheck cache mixes it into its
 * keys without loading ts-morph (~0.5 s), so a changed checker never reads an old report.
 */
import { SCANNER_VERSION } from "../manifest/index.ts";

/**
 * Identifies how edges are checked; bump the first part when the rules or the report's shape
 * change. The scanner's version (which names the TypeScript it bundles) is part of it.
 */
export const TYPECHECK_VERSION = `32+scanner-${SCANNER_VERSION}`;
