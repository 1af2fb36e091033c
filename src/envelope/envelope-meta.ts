/**
 * `meta.json`: the id and the tags and metrics of an envelope, the part that may change. It is
 * written as two lines, the JSON and the sha256 of its bytes, so damage is noticed even there.
 */
import { readFile } from "node:fs/promises";
import { FuncflowError } from "../errors/index.ts";
import { sha256 } from "./hash-content.ts";
import type { EnvelopeMeta } from "./envelope-format.ts";

/** What meta.json holds. */
export interface SealedMeta extends EnvelopeMeta {
  readonly id: string;
}

/** The bytes of a sealed meta.json. */
export function sealMeta(meta: SealedMeta): string {
  const body = JSON.stringify({ id: meta.id, tags: meta.tags, metrics: meta.metrics });
  return `${body}\n${sha256(body)}\n`;
}

/**
 * Reads and checks meta.json.
 * @throws FuncflowError `envelope_tampered` naming the file when its seal does not match.
 */
export async function readMeta(path: string): Promise<SealedMeta> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new FuncflowError("envelope_invalid", `${path}: the envelope has no readable meta.json. Restore the envelope from its registry or an export.`, { cause: error, details: { file: path } });
  }
  const [body, seal, rest] = text.split("\n");
  if (body === undefined || seal !== sha256(body) || rest !== "") {
    throw new FuncflowError("envelope_tampered", `${path}: meta.json does not match its checksum: it was edited or damaged. Change tags and metrics with \`funcflow envelope tag|metric\`, or restore the envelope.`, {
      details: { file: path },
    });
  }
  const parsed = JSON.parse(body) as SealedMeta;
  return { id: parsed.id, tags: parsed.tags ?? {}, metrics: parsed.metrics ?? {} };
}
