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
import { basename, dirname, join, resolve } from "node:path";
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

/**
 * The cached manifest for a module's source hash and path, or undefined. The entry is keyed by
 * the path's base name; a manifest that read other files for imported types (`typeSources`)
 * is returned only while each is as recorded, found from the path's folder.
 */
export async function readCachedManifest(hash: string, modulePath: string, dir: string | false): Promise<ModuleManifest | undefined> {
  const fileName = basename(modulePath);
  const key = keyFor(hash, fileName);
  const hit = inMemory.get(key);
  if (hit !== undefined || dir === false) return hit !== undefined && (await typeSourcesUnchanged(hit, modulePath)) ? hit : undefined;
  try {
    const json = verifiedManifestText(await readFile(join(dir, `${key}.json`), "utf8"));
    if (json === undefined) return undefined;
    const manifest = JSON.parse(json) as ModuleManifest;
    if (manifest.schemaVersion !== MANIFEST_SCHEMA_VERSION || manifest.contentHash !== hash || manifest.file !== fileName) return undefined;
    if (!(await typeSourcesUnchanged(manifest, modulePath))) return undefined;
    inMemory.set(key, manifest);
    return manifest;
  } catch {
    return undefined;
  }
}

/** True when every file the scan read for imported types still has its hash, and every one it did not find is still missing. */
async function typeSourcesUnchanged(manifest: ModuleManifest, modulePath: string): Promise<boolean> {
  const sources = manifest.typeSources;
  if (sources === undefined || sources.length === 0) return true;
  if (!Array.isArray(sources)) return false;
  const folder = dirname(resolve(modulePath));
  const current = await Promise.all(
    sources.map(({ path }) =>
      readFile(resolve(folder, path), "utf8").then(
        (text) => contentHash(text),
        (error: NodeJS.ErrnoException) => (error.code === "ENOENT" || error.code === "ENOTDIR" || error.code === "EISDIR" ? null : undefined),
      ),
    ),
  );
  // undefined (a file there but unreadable) never matches: the scan then says why.
  return sources.every((source, index) => current[index] === source.contentHash);
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
