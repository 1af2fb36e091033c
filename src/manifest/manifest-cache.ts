/**
 * Manifests cached by the content hash of the scanned source: in memory for the process, and
 * on disk so a second `npx tsx main.ts` skips ts-morph entirely. A file on disk is a checksum
 * line (`sha256:<hex>` of the rest) and the manifest's JSON: one flipped bit anywhere makes it a
 * miss (a rescan), never a different graph. Disk writes are atomic (temporary file, then
 * rename), so a killed process never leaves a half-written entry; a failed write removes its
 * temporary, and temporaries that killed writers left behind are removed by the next write.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { removeStaleTemporaries, temporaryPathFor } from "../files/index.ts";
import { contentHash } from "./content-hash.ts";
import { MANIFEST_SCHEMA_VERSION, type ModuleManifest } from "./manifest.ts";
import { SCANNER_VERSION } from "./scanner-version.ts";

const inMemory = new Map<string, ModuleManifest>();

/** Where manifests are cached on disk unless the Builder says otherwise. */
export function defaultManifestCacheDir(): string {
  return join(process.cwd(), "node_modules", ".cache", "funcflow");
}

/**
 * The same text scans differently as `.ts` and `.js`, and the file name is recorded in the
 * manifest, so both join the content hash and the scanner's version in the key.
 */
function keyFor(hash: string, fileName: string): string {
  return `v${MANIFEST_SCHEMA_VERSION}-${contentHash(`${SCANNER_VERSION}\u0000${fileName}\u0000${hash}`).slice(0, 40)}`;
}

function checksumOf(json: string): string {
  return `sha256:${createHash("sha256").update(json, "utf8").digest("hex")}`;
}

/** The file's manifest JSON when its checksum line matches it, else undefined. */
export function verifiedManifestText(file: string): string | undefined {
  const newline = file.indexOf("\n");
  if (newline === -1) return undefined;
  const json = file.slice(newline + 1);
  return file.slice(0, newline) === checksumOf(json) ? json : undefined;
}

/** The cached manifest for a source hash and file name, or undefined. */
export async function readCachedManifest(hash: string, fileName: string, dir: string | false): Promise<ModuleManifest | undefined> {
  const key = keyFor(hash, fileName);
  const hit = inMemory.get(key);
  if (hit !== undefined || dir === false) return hit;
  try {
    const json = verifiedManifestText(await readFile(join(dir, `${key}.json`), "utf8"));
    if (json === undefined) return undefined;
    const manifest = JSON.parse(json) as ModuleManifest;
    if (manifest.schemaVersion !== MANIFEST_SCHEMA_VERSION || manifest.contentHash !== hash || manifest.file !== fileName) return undefined;
    inMemory.set(key, manifest);
    return manifest;
  } catch {
    return undefined;
  }
}

/** Stores a manifest; a disk that cannot be written only costs a rescan next time. */
export async function writeCachedManifest(manifest: ModuleManifest, dir: string | false): Promise<void> {
  const key = keyFor(manifest.contentHash, manifest.file);
  inMemory.set(key, manifest);
  if (dir === false) return;
  const target = join(dir, `${key}.json`);
  const temporary = temporaryPathFor(target);
  try {
    await mkdir(dir, { recursive: true });
    await removeStaleTemporaries(target);
    const json = JSON.stringify(manifest);
    await writeFile(temporary, `${checksumOf(json)}\n${json}`, { flag: "wx" });
    await rename(temporary, target);
  } catch {
    // A read-only or full disk must not fail the build; a partial temporary must not stay.
    await rm(temporary, { force: true }).catch(() => undefined);
  }
}
