/** Checks that an envelope folder is exactly what was saved: its content hash is its id. */
import { join } from "node:path";
import { FuncflowError, invalidArgument, requirePath } from "../errors/index.ts";
import { ENVELOPE_FILES } from "./envelope-format.ts";
import { readMeta, type SealedMeta } from "./envelope-meta.ts";
import { hashContent } from "./hash-content.ts";

/**
 * Verifies the envelope in `dir` and returns its sealed meta (id, tags, metrics).
 * @param expectedId the id the caller trusts (a registry entry, the folder's name); default: the one meta.json records.
 * @throws FuncflowError `invalid_argument` when `dir` is not a non-empty string or `expectedId` not a string.
 * @throws FuncflowError `envelope_tampered` naming the folder when any content byte, file or the
 *   meta.json seal differs; `envelope_invalid` when meta.json is missing.
 * @example const { id } = await verifyEnvelope(".funcflow/registry/envelopes/3f2a…");
 */
export async function verifyEnvelope(dir: string, expectedId?: string): Promise<SealedMeta> {
  requirePath("verifyEnvelope", "dir", dir, '".funcflow/registry/<id>" (an envelope folder)');
  if (expectedId !== undefined && typeof expectedId !== "string") throw invalidArgument("verifyEnvelope", "expectedId", expectedId, "the envelope id (64 hex digits) the folder should hold, or undefined");
  const meta = await readMeta(join(dir, ENVELOPE_FILES.meta));
  let actual: string;
  try {
    actual = await hashContent(join(dir, ENVELOPE_FILES.content));
  } catch (error) {
    throw new FuncflowError("envelope_invalid", `${dir}: the envelope's content cannot be read. Restore it from its registry or an export.`, { cause: error, details: { envelope: dir } });
  }
  const expected = expectedId ?? meta.id;
  if (actual !== expected || actual !== meta.id) {
    throw new FuncflowError(
      "envelope_tampered",
      `${dir}: the envelope's content hash is ${actual.slice(0, 12)}…, but its id is ${expected.slice(0, 12)}…: a file was changed, added or removed after saving. Refusing to load it; restore the envelope from its registry or an export.`,
      { details: { envelope: dir, expected, actual } },
    );
  }
  return meta;
}
