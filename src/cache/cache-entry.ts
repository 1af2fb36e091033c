/**
 * One cache entry as bytes: a magic line, a header line (its own checksum, then a JSON header:
 * node, key, how the value is stored, the payload's length and checksum), then the payload.
 * Every byte is covered: the marker is compared whole, the header line (padding included) by
 * its checksum, the payload by the header's. A truncated or altered file therefore fails a
 * test and is never mistaken for a value. The header is padded so the payload starts at a
 * multiple of 8 bytes: a typed array can then be read without a copy.
 */
import { createHash } from "node:crypto";
import * as zlib from "node:zlib";
import { VALUE_FORMATS, TYPED_ARRAY_NAMES, type StoredValueInfo } from "./value-codec.ts";

/** Version 2 added the header checksum; version 1 entries simply miss (their marker differs). */
const MAGIC = "FUNCFLOW-CACHE-2\n";

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
  const json = JSON.stringify(header);
  const sumLength = checksum(new Uint8Array(0)).length + 1; // the kind is fixed per Node, so its length is too
  const unpadded = new TextEncoder().encode(`${MAGIC}${json}`).byteLength + sumLength + 1;
  const body = `${json}${" ".repeat((8 - (unpadded % 8)) % 8)}`;
  const head = new TextEncoder().encode(`${MAGIC}${checksum(new TextEncoder().encode(body))} ${body}\n`);
  const bytes = new Uint8Array(head.byteLength + payload.byteLength);
  bytes.set(head, 0);
  bytes.set(payload, head.byteLength);
  return bytes;
}

/**
 * The header and payload of an entry, checked against the key it was looked up by. The header
 * is always checked; the payload's checksum is computed unless the store vouches the bytes are
 * untouched since they were written.
 * @throws CorruptEntry saying what is wrong.
 */
export function unframeEntry(bytes: Uint8Array, key: string, untouched = false): { header: EntryHeader; payload: Uint8Array } {
  const magic = new TextEncoder().encode(MAGIC);
  if (bytes.byteLength < magic.byteLength || !magic.every((byte, i) => bytes[i] === byte)) throw new CorruptEntry("it does not start with the cache entry marker");
  const end = bytes.indexOf(10, magic.byteLength);
  if (end === -1) throw new CorruptEntry("its header is cut off");
  const space = bytes.indexOf(32, magic.byteLength);
  if (space === -1 || space > end) throw new CorruptEntry("its header has no checksum");
  const sum = new TextDecoder().decode(bytes.subarray(magic.byteLength, space));
  const body = bytes.subarray(space + 1, end);
  if (!/^(crc32:[0-9a-f]{8}|sha256:[0-9a-f]{64})$/.test(sum) || checksum(body, sum) !== sum) throw new CorruptEntry("its header does not match its checksum");
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new CorruptEntry("its header is not valid JSON");
  }
  const header = checkedHeader(parsed);
  if (header.key !== key) throw new CorruptEntry(`it holds key ${header.key}, not ${key}`);
  const payload = bytes.subarray(end + 1);
  if (payload.byteLength !== header.payloadBytes) throw new CorruptEntry(`its payload has ${payload.byteLength} bytes instead of ${header.payloadBytes} (truncated)`);
  if (!untouched && checksum(payload, header.payloadChecksum) !== header.payloadChecksum) throw new CorruptEntry("its payload does not match its checksum");
  return { header, payload };
}

/** The header when every field has a value this version writes; nothing gets a default. */
function checkedHeader(parsed: unknown): EntryHeader {
  const header = parsed as Partial<Record<keyof EntryHeader, unknown>> | null;
  if (typeof header !== "object" || header === null || Array.isArray(header)) throw new CorruptEntry("its header is not an object");
  const { node, key, format, arrayType, payloadBytes, payloadChecksum } = header;
  if (typeof node !== "string" || typeof key !== "string") throw new CorruptEntry("its header lacks the node or key");
  if (typeof format !== "string" || !(VALUE_FORMATS as readonly string[]).includes(format)) throw new CorruptEntry(`its header has an unknown format ${JSON.stringify(format)}`);
  if (format === "typed-array" ? typeof arrayType !== "string" || !TYPED_ARRAY_NAMES.includes(arrayType) : arrayType !== undefined) throw new CorruptEntry(`its header has an unknown array type ${JSON.stringify(arrayType)}`);
  if (typeof payloadBytes !== "number" || !Number.isSafeInteger(payloadBytes) || payloadBytes < 0) throw new CorruptEntry("its header has no valid payload length");
  if (typeof payloadChecksum !== "string" || !/^(crc32:[0-9a-f]{8}|sha256:[0-9a-f]{64})$/.test(payloadChecksum)) throw new CorruptEntry("its header has no valid payload checksum");
  return header as EntryHeader;
}

const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/** crc32 when this Node has it (about twice as fast as SHA-256), else SHA-256; or the kind `expected` uses. */
function checksum(bytes: Uint8Array, expected?: string): string {
  const useCrc = expected === undefined ? crc32 !== undefined : expected.startsWith("crc32:");
  if (useCrc && crc32 !== undefined) return `crc32:${crc32(bytes).toString(16).padStart(8, "0")}`;
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}
