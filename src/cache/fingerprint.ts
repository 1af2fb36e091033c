/**
 * Data versions: fast fingerprints of values, so a node's cache key changes exactly when one of
 * its inputs does. Typed arrays and Arrow buffers are hashed in place (a view over their bytes,
 * never a copy); plain data is hashed structurally, object keys in sorted order so two records
 * with the same fields in another order match. Class instances other than Date, Map, Set,
 * typed arrays and Arrow values (clients, connections, models) cannot be fingerprinted: their
 * state is not visible, so a key made from them could return stale results.
 */
import { createHash, type Hash } from "node:crypto";

/** What `fingerprint` returns for a value it cannot version. */
export const UNHASHABLE = undefined;

const MAX_DEPTH = 64;

/**
 * A hex digest that changes whenever `value` changes, or undefined when it cannot be versioned.
 * @example fingerprint({ b: 1, a: [1, 2] }) === fingerprint({ a: [1, 2], b: 1 }); // true
 */
export function fingerprint(value: unknown): string | undefined {
  const hash = createHash("sha256");
  return feed(hash, value, 0, new Set()) ? hash.digest("hex").slice(0, 40) : UNHASHABLE;
}

/** Writes a type tag and the value's content into `hash`; false when the value cannot be versioned. */
function feed(hash: Hash, value: unknown, depth: number, seen: Set<object>): boolean {
  switch (typeof value) {
    case "number":
      hash.update(`n${Object.is(value, -0) ? "-0" : String(value)};`);
      return true;
    case "string":
      hash.update(`s${value.length}:`).update(value);
      return true;
    case "boolean":
      hash.update(value ? "T" : "F");
      return true;
    case "bigint":
      hash.update(`b${value};`);
      return true;
    case "undefined":
      hash.update("u");
      return true;
    case "symbol":
    case "function":
      return false;
  }
  if (value === null) {
    hash.update("z");
    return true;
  }
  const object = value as object;
  if (depth > MAX_DEPTH || seen.has(object)) return false;
  seen.add(object);
  try {
    return feedObject(hash, object, depth, seen);
  } finally {
    seen.delete(object);
  }
}

function feedObject(hash: Hash, object: object, depth: number, seen: Set<object>): boolean {
  if (ArrayBuffer.isView(object)) {
    hash.update(`v${object.constructor.name}${object.byteLength}:`).update(new Uint8Array(object.buffer, object.byteOffset, object.byteLength));
    return true;
  }
  if (object instanceof Date) {
    hash.update(`d${object.getTime()};`);
    return true;
  }
  if (Array.isArray(object)) {
    hash.update(`a${object.length}[`);
    for (const item of object) if (!feed(hash, item, depth + 1, seen)) return false;
    hash.update("]");
    return true;
  }
  if (object instanceof Map) return feedEntries(hash, "m", [...object.entries()], depth, seen);
  if (object instanceof Set) return feedEntries(hash, "e", [...object].map((item) => [item, true] as const), depth, seen);
  if (isArrowTable(object)) return feedArrowTable(hash, object);
  if (isArrowVector(object)) return feedArrowVector(hash, object);
  const prototype = Object.getPrototypeOf(object) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return false;
  const keys = Object.keys(object).sort();
  hash.update(`o${keys.length}{`);
  for (const key of keys) {
    hash.update(`${key.length}:${key}=`);
    if (!feed(hash, (object as Record<string, unknown>)[key], depth + 1, seen)) return false;
  }
  hash.update("}");
  return true;
}

/** Map and Set entries are ordered by their own fingerprints, so insertion order does not matter. */
function feedEntries(hash: Hash, tag: string, entries: readonly (readonly [unknown, unknown])[], depth: number, seen: Set<object>): boolean {
  const parts: string[] = [];
  for (const [key, item] of entries) {
    const part = createHash("sha256");
    if (!feed(part, key, depth + 1, seen) || !feed(part, item, depth + 1, seen)) return false;
    parts.push(part.digest("hex"));
  }
  hash.update(`${tag}${parts.length}{${parts.sort().join(",")}}`);
  return true;
}

// ── Arrow, recognized by shape (this file never loads apache-arrow) ─────────────────────────

interface DataLike {
  readonly type: { toString(): string };
  readonly offset: number;
  readonly length: number;
  readonly nullCount: number;
  readonly buffers: readonly (ArrayBufferView | undefined | null)[];
  readonly children: readonly DataLike[];
  readonly dictionary?: { readonly data: readonly DataLike[] };
}

interface TableLike {
  readonly schema: { readonly fields: readonly { readonly name: string; readonly type: { toString(): string }; readonly nullable: boolean }[] };
  readonly batches: readonly { readonly data: DataLike }[];
  readonly getChild: unknown;
}

interface VectorLike {
  readonly type: { readonly typeId: number; toString(): string };
  readonly data: readonly DataLike[];
  readonly get: unknown;
}

function isArrowTable(value: object): value is TableLike {
  const candidate = value as Partial<TableLike>;
  return Array.isArray(candidate.schema?.fields) && Array.isArray(candidate.batches) && typeof candidate.getChild === "function";
}

function isArrowVector(value: object): value is VectorLike {
  const candidate = value as Partial<VectorLike>;
  return Array.isArray(candidate.data) && typeof candidate.type?.typeId === "number" && typeof candidate.get === "function";
}

function feedArrowTable(hash: Hash, table: TableLike): boolean {
  hash.update(`t${table.schema.fields.map((field) => `${field.name}:${String(field.type)}:${field.nullable}`).join(",")}[`);
  for (const batch of table.batches) feedData(hash, batch.data);
  hash.update("]");
  return true;
}

function feedArrowVector(hash: Hash, vector: VectorLike): boolean {
  hash.update(`c${String(vector.type)}[`);
  for (const data of vector.data) feedData(hash, data);
  hash.update("]");
  return true;
}

/** Offset, length and every buffer as laid out: equal fingerprints mean equal contents. */
function feedData(hash: Hash, data: DataLike): void {
  hash.update(`D${data.offset},${data.length},${data.nullCount}(`);
  for (const buffer of data.buffers) {
    if (buffer === undefined || buffer === null) hash.update("-");
    else hash.update(`${buffer.byteLength}:`).update(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
  }
  for (const child of data.children) feedData(hash, child);
  for (const chunk of data.dictionary?.data ?? []) feedData(hash, chunk);
  hash.update(")");
}
