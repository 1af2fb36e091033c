/**
 * A value as bytes and back. An Arrow Table or Vector is written as Arrow IPC (a vector as a
 * one-column table named "value"), readable by any Arrow implementation; anything else is the
 * executors' transfer encoding serialized by V8 (numbers, strings, typed arrays, Dates, Maps,
 * nested Arrow values).
 */
import { createHash } from "node:crypto";
import { deserialize, serialize } from "node:v8";
import { Table, tableFromIPC, tableToIPC, Vector } from "apache-arrow";
import { decodeValue, encodeValue } from "../codec/index.ts";
import type { WireFormat } from "./job-protocol.ts";

/** A value's bytes and how to read them. */
export interface ValueBytes {
  readonly format: WireFormat;
  readonly bytes: Uint8Array;
}

/** @example const { format, bytes } = await toBytes(table); // "arrow-table", IPC stream bytes */
export async function toBytes(value: unknown): Promise<ValueBytes> {
  if (looksLikeArrow(value)) {
    // A value made by another copy of apache-arrow (e.g. its CommonJS build) is rebuilt with
    // this one first: Arrow's IPC writer recognizes types with instanceof.
    const own = value instanceof Table || value instanceof Vector ? value : ((await decodeValue(encodeValue(value, "clone").payload)) as Table | Vector);
    if (own instanceof Table) return { format: "arrow-table", bytes: tableToIPC(own, "stream") };
    return { format: "arrow-vector", bytes: tableToIPC(new Table({ value: own as Vector }), "stream") };
  }
  return { format: "v8", bytes: serialize(encodeValue(value, "clone").payload) };
}

/** Reads bytes `toBytes` wrote. Arrow values are views over `bytes`, not copies. */
export function fromBytes(format: WireFormat, bytes: Uint8Array): unknown {
  switch (format) {
    case "arrow-table":
      return tableFromIPC(bytes);
    case "arrow-vector":
      return tableFromIPC(bytes).getChild("value");
    case "v8":
      return decodeValue(deserialize(bytes) as Parameters<typeof decodeValue>[0]);
  }
}

/** A short content hash: equal bytes, equal version. */
export function bytesVersion(format: WireFormat, bytes: Uint8Array): string {
  return createHash("sha256").update(format).update(bytes).digest("base64url").slice(0, 24);
}

/** A hash of several parts, each length-prefixed so parts cannot run into each other. */
export function combinedVersion(parts: readonly string[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(`${part.length}:${part}`);
  return hash.digest("base64url").slice(0, 24);
}

function looksLikeArrow(value: unknown): value is Table | Vector {
  if (typeof value !== "object" || value === null) return false;
  if (value instanceof Table || value instanceof Vector) return true;
  const candidate = value as { schema?: { fields?: unknown }; batches?: unknown; data?: unknown; type?: { typeId?: unknown }; get?: unknown };
  const table = Array.isArray(candidate.schema?.fields) && Array.isArray(candidate.batches);
  const vector = Array.isArray(candidate.data) && typeof candidate.type?.typeId === "number" && typeof candidate.get === "function";
  return table || vector;
}
