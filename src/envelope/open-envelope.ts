/** Finds an envelope from what a user types: a folder path, an id (or prefix), `name` or `name@version`. */
import { stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { ENVELOPE_FILES } from "./envelope-format.ts";
import { folderRegistry } from "./folder-registry.ts";
import type { Registry, RegistryEntry } from "./registry.ts";
import { requireEnvelopeReference, requireRegistry } from "./envelope-arguments.ts";

/** Where an envelope is, and the id trusted for it. */
export interface EnvelopeLocation {
  readonly dir: string;
  /** The id the reference resolved to (undefined for a bare folder: its meta.json's id is checked). */
  readonly id: string | undefined;
  readonly entry: RegistryEntry | undefined;
}

/**
 * Locates `reference`: an existing envelope folder wins, otherwise the registry resolves it.
 * @throws FuncflowError `invalid_argument` when `reference` is not a non-empty string or `registry` not a folder path or Registry.
 * @throws FuncflowError `envelope_not_found`, `registry_invalid`.
 * @example const { dir } = await locateEnvelope("hello@1");
 */
export async function locateEnvelope(reference: string, registry: Registry | string | undefined): Promise<EnvelopeLocation> {
  requireEnvelopeReference("locateEnvelope", reference);
  requireRegistry("locateEnvelope", registry);
  const path = resolve(reference);
  if (await isEnvelopeFolder(path)) {
    const name = basename(path);
    return { dir: path, id: /^[0-9a-f]{64}$/.test(name) ? name : undefined, entry: undefined };
  }
  const store = typeof registry === "object" ? registry : folderRegistry(registry);
  const entry = await store.resolve(reference);
  return { dir: await store.open(entry.id), id: entry.id, entry: entry.version > 0 ? entry : undefined };
}

async function isEnvelopeFolder(path: string): Promise<boolean> {
  try {
    return (await stat(join(path, ENVELOPE_FILES.content))).isDirectory();
  } catch {
    return false;
  }
}
