/**
 * One cache entry as bytes: a magic line, a JSON header (node, key, how the value is stored,
 * the payload's length and checksum), then the payload. A truncated or altered file fails the
 * length or checksum test, so it is never mistaken for a value. The header is padded so the
 * payload starts at a multiple of 8 bytes: a typed array can then be read without a copy.
 */
import { createHash } from "node:crypto";
import * as zlib from "node:zlib";
import type { StoredValueInfo } from "./value-codec.ts";

const MAGIC = "FUNCFLOW-CACHE-1\n";

export interface EntryHeader extends StoredValueInfo {
  readonly node: string;
  readonly key: string;
  readonly payloadBytes: number;
  /** `crc32:<hex>` (fast; Node ≥ 20.15) or `sha256:<hex>`: this guards against damage, not tampering. */
  readonly payloadChecksum: string;
}

/** Why bytes are not a valid entry. */
export class CorruptEntry extends Error {}

/** @example const bytes = frameEntry("total", key, stored.info, stored.bytes); */
export function frameEntry(node: string, key: string, info: StoredValueInfo, payload: Uint8Array): Uint8Array {
  const header: EntryHeader = { ...info, node, key, payloadBytes: payload.byteLength, payloadChecksum: checksum(payload) };
  const text = `${MAGIC}${JSON.stringify(header)}`;
  const padding = 8 - ((new TextEncoder().encode(text).byteLength + 1) % 8);
  const head = new TextEncoder().encode(`${text}${" ".repeat(padding % 8)}\n`);
  const bytes = new Uint8Array(head.byteLength + payload.byteLength);
  bytes.set(head, 0);
  bytes.set(payload, head.byteLength);
  return bytes;
}

/**
 * The header and payload of an entry, checked against the key it was looked up by. The payload's
 * checksum is computed unless the store vouches the bytes are untouched since they were written.
 * @throws CorruptEntry saying what is wrong.
 */
export function unframeEntry(bytes: Uint8Array, key: string, untouched = false): { header: EntryHeader; payload: Uint8Array } {
  const magic = new TextEncoder().encode(MAGIC);
  if (bytes.byteLength < magic.byteLength || !magic.every((byte, i) => bytes[i] === byte)) throw new CorruptEntry("it does not start with the cache entry marker");
  const end = bytes.indexOf(10, magic.byteLength);
  if (end === -1) throw new CorruptEntry("its header is cut off");
  let header: EntryHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(magic.byteLength, end))) as EntryHeader;
  } catch {
    throw new CorruptEntry("its header is not valid JSON");
  }
  if (header.key !== key) throw new CorruptEntry(`it holds key ${String(header.key)}, not ${key}`);
  const payload = bytes.subarray(end + 1);
  if (payload.byteLength !== header.payloadBytes) throw new CorruptEntry(`its payload has ${payload.byteLength} bytes instead of ${header.payloadBytes} (truncated)`);
  if (!untouched && checksum(payload, header.payloadChecksum) !== header.payloadChecksum) throw new CorruptEntry("its payload does not match its checksum");
  return { header, payload };
}

const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/** crc32 when this Node has it (about twice as fast as SHA-256), else SHA-256; or the kind `expected` uses. */
function checksum(bytes: Uint8Array, expected?: string): string {
  const useCrc = expected === undefined ? crc32 !== undefined : expected.startsWith("crc32:");
  if (useCrc && crc32 !== undefined) return `crc32:${crc32(bytes).toString(16).padStart(8, "0")}`;
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}
