/**
 * Data versions: fast fingerprints of values, so a node's cache key changes exactly when one of
 * its inputs does. Typed arrays and Arrow buffers are hashed in place (a view over their bytes,
 * never a copy); plain data is hashed structurally, object keys in sorted order so two records
 * with the same fields in another order match. Class instances other than Date, Map, Set, typed
 * arrays and Arrow values (clients, connections, models) cannot be fingerprinted: their state is
 * not visible, so a key made from them could return stale results; an instance of an Array
 * subclass is one. An array's holes are told apart from undefined. Not read, because finding them
 * costs as much as hashing the value (Reflect.ownKeys made record-heavy inputs 10–20% slower): a
 * record's symbol-keyed and non-enumerable properties and an array's own non-index properties (a
 * RegExp match's `index`). The stored value refuses records with the former (see value-codec.ts).
 *
 * The hash is XXH128 (hash-wasm's WebAssembly build): a cache guards against stale data, not
 * against an adversary, and XXH128 reads a 1M-row input about four times faster than SHA-256
 * here (the second run of examples/feature-engineering spent a fifth of its time hashing).
 */
import { createRequire } from "node:module";
import type { IHasher } from "hash-wasm";

/** What a fingerprint is for a value it cannot version. */
export const UNHASHABLE = undefined;

/**
 * A hex digest that changes whenever `value` changes, or undefined when it cannot be versioned.
 * @example fingerprint({ b: 1, a: [1, 2] }) === fingerprint({ a: [1, 2], b: 1 }); // true
 */
export type Fingerprint = (value: unknown) => string | undefined;

const MAX_DEPTH = 64;
/** Small parts (tags, numbers, keys) are gathered and handed to the hasher in one call per this many characters. */
const TEXT_BATCH = 16_384;

interface XXHash128Module {
  createXXHash128(seedLow?: number, seedHigh?: number): Promise<IHasher>;
}

let loading: Promise<Fingerprint> | undefined;

/**
 * The fingerprint function, once its hasher is loaded (a WebAssembly module compiled once per
 * process, off the main thread): `withCache` drivers load it when they are built.
 */
export function loadFingerprint(): Promise<Fingerprint> {
  loading ??= (async () => {
    // Only the XXH128 module (hash-wasm's index compiles every algorithm it has, ~40 ms), and
    // required: importing a CommonJS file runs Node's export lexer over its inlined WebAssembly (~10 ms).
    const { createXXHash128 } = createRequire(import.meta.url)("hash-wasm/dist/xxhash128.umd.min.js") as XXHash128Module;
    // One hasher serves every fingerprint: each runs to completion, and nested digests
    // (Map and Set entries) save and restore the outer state.
    const hasher = await createXXHash128();
    return (value: unknown) => {
      const sink = new HashSink(hasher.init());
      return feed(sink, value, 0, new Set()) ? sink.digest() : UNHASHABLE;
    };
  })();
  return loading;
}

/**
 * The running hash of one value. Tags and small values are joined into one string per batch,
 * because each call into WebAssembly costs about as much as hashing a hundred bytes.
 */
class HashSink {
  #text = "";
  constructor(private readonly hasher: IHasher) {}

  update(text: string): this {
    this.#text += text;
    if (this.#text.length >= TEXT_BATCH) this.#flush();
    return this;
  }

  /**
   * A string the caller wrote: as UTF-8, or as its UTF-16 code units when UTF-8 cannot carry it
   * (a lone surrogate). Each form has its own marker, so no string of one form reads as the other.
   */
  string(text: string): this {
    // `isWellFormed` is in Node 20 (V8 11.3); TypeScript's ES2023 library does not list it yet.
    if ((text as string & { isWellFormed(): boolean }).isWellFormed()) return this.update("w").update(text);
    this.update("U");
    const units = new Uint16Array(text.length);
    for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
    return this.bytes(new Uint8Array(units.buffer));
  }

  bytes(view: Uint8Array): this {
    this.#flush();
    this.hasher.update(view);
    return this;
  }

  /** The digest of what `write` feeds, computed apart from (and without disturbing) this hash. */
  nested(write: (sink: HashSink) => boolean): string | undefined {
    this.#flush();
    const outer = this.hasher.save();
    try {
      const inner = new HashSink(this.hasher.init());
      return write(inner) ? inner.digest() : undefined;
    } finally {
      this.hasher.load(outer);
    }
  }

  digest(): string {
    this.#flush();
    return this.hasher.digest("hex");
  }

  #flush(): void {
    if (this.#text.length === 0) return;
    this.hasher.update(this.#text);
    this.#text = "";
  }
}

/** Writes a type tag and the value's content into `hash`; false when the value cannot be versioned. */
function feed(hash: HashSink, value: unknown, depth: number, seen: Set<object>): boolean {
  switch (typeof value) {
    case "number":
      hash.update(`n${Object.is(value, -0) ? "-0" : String(value)};`);
      return true;
    case "string":
      hash.update(`s${value.length}:`).string(value);
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

function feedObject(hash: HashSink, object: object, depth: number, seen: Set<object>): boolean {
  if (ArrayBuffer.isView(object)) {
    hash.update(`v${object.constructor.name}${object.byteLength}:`).bytes(new Uint8Array(object.buffer, object.byteOffset, object.byteLength));
    return true;
  }
  if (object instanceof Date) {
    hash.update(`d${object.getTime()};`);
    return true;
  }
  // An Array subclass is a class instance (its methods are not data): it falls through to be refused.
  if (Array.isArray(object) && Object.getPrototypeOf(object) === Array.prototype) {
    const length = object.length;
    hash.update(`a${length}[`);
    for (let i = 0; i < length; i++) {
      // A hole reads as undefined but is not one (the stored value keeps it): it gets its own tag.
      if (!(i in object)) hash.update("h");
      else if (!feed(hash, object[i], depth + 1, seen)) return false;
    }
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
    hash.update(`${key.length}:`).string(key).update("=");
    if (!feed(hash, (object as Record<string, unknown>)[key], depth + 1, seen)) return false;
  }
  hash.update("}");
  return true;
}

/** Map and Set entries are ordered by their own fingerprints, so insertion order does not matter. */
function feedEntries(hash: HashSink, tag: string, entries: readonly (readonly [unknown, unknown])[], depth: number, seen: Set<object>): boolean {
  const parts: string[] = [];
  for (const [key, item] of entries) {
    const part = hash.nested((inner) => feed(inner, key, depth + 1, seen) && feed(inner, item, depth + 1, seen));
    if (part === undefined) return false;
    parts.push(part);
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

function feedArrowTable(hash: HashSink, table: TableLike): boolean {
  hash.update(`t${table.schema.fields.map((field) => `${field.name}:${String(field.type)}:${field.nullable}`).join(",")}[`);
  for (const batch of table.batches) feedData(hash, batch.data);
  hash.update("]");
  return true;
}

function feedArrowVector(hash: HashSink, vector: VectorLike): boolean {
  hash.update(`c${String(vector.type)}[`);
  for (const data of vector.data) feedData(hash, data);
  hash.update("]");
  return true;
}

/** Offset, length and every buffer as laid out: equal fingerprints mean equal contents. */
function feedData(hash: HashSink, data: DataLike): void {
  // No null count: the validity bitmap is hashed, and counting its bits cost 5 ms per 1M-row input.
  hash.update(`D${data.offset},${data.length}(`);
  for (const buffer of data.buffers) {
    if (buffer === undefined || buffer === null) hash.update("-");
    else hash.update(`${buffer.byteLength}:`).bytes(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
  }
  for (const child of data.children) feedData(hash, child);
  for (const chunk of data.dictionary?.data ?? []) feedData(hash, chunk);
  hash.update(")");
}
