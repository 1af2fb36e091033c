/**
 * Where an envelope's code is, as URLs: the bundle file to import here, and each module's stable
 * URL, the same on every machine, by which remote workers recognize the envelope's nodes.
 */
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { requireName, requirePath } from "../errors/index.ts";
import { ENVELOPE_FILES } from "./envelope-format.ts";

/** The scheme of envelope module URLs. */
export const ENVELOPE_URL_SCHEME = "funcflow-envelope:";

/**
 * The stable URL of an envelope's module: the same on every machine, whatever folder the
 * envelope sits in.
 * @example envelopeModuleUrl("1f2e…", "src/features.ts") // "funcflow-envelope://1f2e…/src/features.ts"
 */
export function envelopeModuleUrl(id: string, source: string): string {
  requireName("envelopeModuleUrl", "id", id, "the envelope's id (64 hex digits)");
  requirePath("envelopeModuleUrl", "source", source, `"src/features.ts" (the module's path inside the envelope)`);
  return `${ENVELOPE_URL_SCHEME}//${id}/${source.split(/[\\/]/).map(encodeURIComponent).join("/")}`;
}

/** The URL the envelope's bundle is imported from; the id keeps two envelopes at one path (a re-import) apart in the ESM cache. */
export function envelopeBundleUrl(dir: string, id: string): string {
  return `${pathToFileURL(join(dir, ENVELOPE_FILES.content, ENVELOPE_FILES.bundle)).href}?envelope=${id}`;
}

/**
 * Where a bundled module's `import.meta.url` points, relative to the bundle: its source path
 * beside the bundle. `new URL("./part.ts", import.meta.url)` in a module then names part.ts's
 * source path, which the loaded envelope maps back to the bundled module.
 * @example bundledModuleHref("src/features.ts") // "./src/features.ts"
 */
export function bundledModuleHref(source: string): string {
  const encoded = source.split(/[\\/]/).map(encodeURIComponent).join("/");
  return encoded.startsWith("../") ? encoded : `./${encoded}`;
}

/** The folder a loaded envelope's bundled modules' `import.meta.url`s sit in (the bundle's). */
export function bundledModulesFolder(dir: string): string {
  return dirname(join(dir, ENVELOPE_FILES.content, ENVELOPE_FILES.bundle));
}
