/** `exportEnvelope` / `importEnvelope`: one envelope as a .tgz, to move it between registries and machines. */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, posix } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { FuncflowError, requirePath } from "../errors/index.ts";
import { requireEnvelopeReference, requireRegistry } from "./envelope-arguments.ts";
import { writeFileAtomic } from "../io/index.ts";
import { ENVELOPE_FILES } from "./envelope-format.ts";
import { folderRegistry } from "./folder-registry.ts";
import { listFiles } from "./hash-content.ts";
import type { Registry, RegistryEntry } from "./registry.ts";
import { readTar, writeTar, type TarFile } from "./tar-archive.ts";
import { verifyEnvelope } from "./verify-envelope.ts";

const ENTRY_FILE = "registry-entry.json";

/**
 * Writes the envelope `reference` as a gzipped tar to `file` (verified first).
 * @throws FuncflowError `invalid_argument` when `reference` is not an envelope reference, `file` not a path or `registry` not a folder path or Registry.
 * @throws FuncflowError `envelope_not_found`, `envelope_tampered`, `io_failed`.
 * @example await exportEnvelope("hello@1", "hello-1.tgz");
 */
export async function exportEnvelope(reference: string, file: string, registry?: Registry | string): Promise<RegistryEntry> {
  requireEnvelopeReference("exportEnvelope", reference);
  requirePath("exportEnvelope", "file", file, `"churn-model-2.tar"`);
  requireRegistry("exportEnvelope", registry);
  const store = typeof registry === "object" ? registry : folderRegistry(registry);
  const entry = await store.resolve(reference);
  const dir = await store.open(entry.id);
  await verifyEnvelope(dir, entry.id);
  const files: TarFile[] = [{ path: ENTRY_FILE, bytes: Buffer.from(JSON.stringify(entry)) }];
  files.push({ path: `envelope/${ENVELOPE_FILES.meta}`, bytes: await readFile(join(dir, ENVELOPE_FILES.meta)) });
  const content = join(dir, ENVELOPE_FILES.content);
  for (const path of await listFiles(content)) files.push({ path: `envelope/${ENVELOPE_FILES.content}/${path}`, bytes: await readFile(join(content, path)) });
  await writeFileAtomic(file, gzipSync(writeTar(files)), { where: "exportEnvelope" });
  return entry;
}

/**
 * Adds the envelope in the .tgz `file` to the registry as the next version of its name, after
 * checking that its content hashes to the id it claims.
 * @throws FuncflowError `invalid_argument` when `file` is not a path or `registry` not a folder path or Registry.
 * @throws FuncflowError `envelope_tampered` naming `file` when the content does not match its id;
 *   `envelope_invalid` for a file that is not an envelope export; `registry_invalid`.
 * @example const entry = await importEnvelope("hello-1.tgz");
 */
export async function importEnvelope(file: string, registry?: Registry | string): Promise<RegistryEntry> {
  requirePath("importEnvelope", "file", file, `"churn-model-2.tar"`);
  requireRegistry("importEnvelope", registry);
  const store = typeof registry === "object" ? registry : folderRegistry(registry);
  const files = readArchive(file, await readArchiveBytes(file));
  const claimed = files.find((entry) => entry.path === ENTRY_FILE);
  const { id, name } = claimed === undefined ? ({} as Partial<RegistryEntry>) : (JSON.parse(Buffer.from(claimed.bytes).toString("utf8")) as Partial<RegistryEntry>);
  if (typeof id !== "string" || !/^[0-9a-f]{64}$/.test(id) || typeof name !== "string") {
    throw new FuncflowError("envelope_invalid", `${file}: not an envelope export (no ${ENTRY_FILE} with an id and a name). Make one with \`funcflow envelope export\`.`, { details: { file } });
  }
  const staged = await store.stage();
  try {
    for (const entry of files) {
      if (!entry.path.startsWith("envelope/")) continue;
      const relative = posix.normalize(entry.path.slice("envelope/".length));
      if (relative.startsWith("..") || posix.isAbsolute(relative)) throw new FuncflowError("envelope_invalid", `${file}: the entry ${entry.path} points outside the envelope. Refusing the archive.`, { details: { file, entry: entry.path } });
      await mkdir(dirname(join(staged, relative)), { recursive: true });
      await writeFile(join(staged, relative), entry.bytes);
    }
    try {
      await verifyEnvelope(staged, id);
    } catch (error) {
      throw new FuncflowError("envelope_tampered", `${file}: the envelope inside does not hash to the id it claims (${id.slice(0, 12)}…): it was changed after export. Refusing to import it; export it again from its registry.`, {
        cause: error,
        details: { file, id },
      });
    }
    return await store.add(staged, id, name);
  } catch (error) {
    await store.discard(staged);
    throw error;
  }
}

async function readArchiveBytes(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new FuncflowError("io_failed", `${file}: cannot read the archive. Check the path.`, { cause: error, details: { file } });
  }
}

function readArchive(file: string, bytes: Buffer): TarFile[] {
  try {
    return readTar(gunzipSync(bytes));
  } catch (error) {
    throw new FuncflowError("envelope_tampered", `${file}: not a readable .tgz (${error instanceof Error ? error.message : String(error)}). Export the envelope again.`, { cause: error, details: { file } });
  }
}
