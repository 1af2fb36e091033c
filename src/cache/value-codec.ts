/**
 * How cached values are stored: Arrow Tables and Vectors as Arrow IPC, typed arrays as their raw
 * bytes, plain data (numbers, strings, booleans, null, arrays, plain objects, and Date, Map,
 * Set, bigint, undefined, NaN/±Infinity/-0, array holes, records without a prototype and typed
 * arrays inside them, as tagged JSON) as JSON. Anything else (class instances, functions, records
 * with symbol-keyed or non-enumerable properties, Array subclasses) is not stored:
 * `encodeStoredValue` says so, as a value read back without part of it would be a wrong value.
 * An array's own non-index properties (a RegExp match's `index`, `groups`) are not kept: finding
 * them costs as much as writing the array.
 */
import { arrowIfLoaded, loadArrow, decodeValue, encodeValue } from "../codec/index.ts";

/** Every format an entry may name; anything else in a header is damage. */
export const VALUE_FORMATS = ["json", "typed-array", "arrow-table", "arrow-vector"] as const;
export type ValueFormat = (typeof VALUE_FORMATS)[number];

/** How a stored value is read back: its format and, for a typed array, its constructor. */
export interface StoredValueInfo {
  readonly format: ValueFormat;
  readonly arrayType?: string;
}

const TYPED_ARRAYS: Readonly<Record<string, new (buffer: ArrayBuffer) => ArrayBufferView>> = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
};

/** The typed array constructors an entry may name. */
export const TYPED_ARRAY_NAMES: readonly string[] = Object.keys(TYPED_ARRAYS);

/** The bytes that store a value, and how to read them back. */
export interface StoredValue {
  readonly bytes: Uint8Array;
  readonly info: StoredValueInfo;
}

/**
 * The bytes that store `value`, and how to read them back; undefined when `value` cannot be stored.
 * Everything the bytes are made of is read before this returns, so a node that later changes the
 * value in place (a consumer mutating its input) cannot change what is stored. The bytes are
 * returned at once, except for Arrow values (a promise: apache-arrow may have to be loaded), and
 * a typed array's bytes are a view of it: frame them before anything else runs.
 * @example const stored = await encodeStoredValue({ total: 3 }); // { bytes, info: { format: "json" } }
 */
export function encodeStoredValue(value: unknown): StoredValue | Promise<StoredValue> | undefined {
  if (isArrowTable(value) || isArrowVector(value)) {
    const format = isArrowTable(value) ? "arrow-table" : "arrow-vector";
    // A value of the apache-arrow copy loaded here is written at once. Any other (before that
    // copy is loaded, or from another copy: a worker, a bundle) is copied now, then rebuilt with
    // this copy, whose IPC writer recognizes types with instanceof.
    const loaded = arrowIfLoaded();
    if (loaded !== undefined && (value instanceof loaded.Table || value instanceof loaded.Vector)) return arrowBytes(loaded, value, format);
    const copy = encodeValue(value, "share").payload;
    return loadArrow().then(async (arrow) => arrowBytes(arrow, (await decodeValue(copy)) as ArrowValue, format));
  }
  if (ArrayBuffer.isView(value) && Object.hasOwn(TYPED_ARRAYS, value.constructor.name)) {
    return { bytes: new Uint8Array(value.buffer, value.byteOffset, value.byteLength), info: { format: "typed-array", arrayType: value.constructor.name } };
  }
  const json = toTaggedJson(value, 0);
  if (json === UNSUPPORTED) return undefined;
  return { bytes: new TextEncoder().encode(JSON.stringify(json)), info: { format: "json" } };
}

type ArrowModule = Awaited<ReturnType<typeof loadArrow>>;
type ArrowValue = import("apache-arrow").Table | import("apache-arrow").Vector;

function arrowBytes(arrow: ArrowModule, value: ArrowValue, format: "arrow-table" | "arrow-vector"): StoredValue {
  const table = format === "arrow-table" ? (value as import("apache-arrow").Table) : new arrow.Table({ value: value as import("apache-arrow").Vector });
  return { bytes: arrow.tableToIPC(table, "file"), info: { format } };
}

/**
 * Reads back a value `encodeStoredValue` stored.
 * @throws Error when the bytes do not decode (the caller treats the entry as corrupt).
 */
export async function decodeStoredValue(bytes: Uint8Array, info: StoredValueInfo): Promise<unknown> {
  switch (info.format) {
    case "json":
      return fromTaggedJson(JSON.parse(new TextDecoder().decode(bytes)));
    case "typed-array": {
      const Constructor = Object.hasOwn(TYPED_ARRAYS, info.arrayType ?? "") ? TYPED_ARRAYS[info.arrayType!] : undefined;
      if (Constructor === undefined) throw new Error(`unknown typed array ${String(info.arrayType)}`);
      // A view when the bytes are aligned to the element size (entries pad their header for
      // this), else a copy. (Not `bytes.slice()`: on a Node Buffer, slice is a view, not a copy.)
      const elementSize = (Constructor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
      if (bytes.byteOffset % elementSize === 0 && bytes.byteLength % elementSize === 0) {
        return new (Constructor as unknown as new (buffer: ArrayBufferLike, offset: number, length: number) => ArrayBufferView)(bytes.buffer, bytes.byteOffset, bytes.byteLength / elementSize);
      }
      const copy = new Uint8Array(bytes.byteLength);
      copy.set(bytes);
      return new Constructor(copy.buffer);
    }
    case "arrow-table":
    case "arrow-vector": {
      const { tableFromIPC } = await loadArrow();
      const table = tableFromIPC(bytes);
      if (info.format === "arrow-table") return table;
      const vector = table.getChild("value");
      if (vector === null) throw new Error("the stored vector has no column \"value\"");
      return vector;
    }
    default:
      // No silent default: an unknown format is damage (or a newer writer), never `undefined`.
      throw new Error(`unknown stored format ${JSON.stringify((info as { format: unknown }).format)}`);
  }
}

// ── Tagged JSON: plain data plus the few values JSON cannot hold ───────────────────────────

const TAG = "$funcflow";
const UNSUPPORTED: unique symbol = Symbol("unsupported");
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function toTaggedJson(value: unknown, depth: number): Json | typeof UNSUPPORTED {
  if (depth > 64) return UNSUPPORTED;
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0) ? value : { [TAG]: "number", value: String(Object.is(value, -0) ? "-0" : value) };
    case "bigint":
      return { [TAG]: "bigint", value: value.toString() };
    case "undefined":
      return { [TAG]: "undefined" };
    case "function":
    case "symbol":
      return UNSUPPORTED;
  }
  if (value === null) return null;
  // An Array subclass would come back as a plain array, without its methods: it is not stored.
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return UNSUPPORTED;
    const items: Json[] = [];
    for (let i = 0; i < value.length; i++) {
      // A hole is kept as one: JSON would write it as null, and `undefined` is not a hole either.
      const json = i in value ? toTaggedJson(value[i], depth + 1) : HOLE;
      if (json === UNSUPPORTED) return UNSUPPORTED;
      items.push(json);
    }
    return items;
  }
  if (value instanceof Date) return { [TAG]: "date", value: value.getTime() };
  if (value instanceof Map) {
    const entries = collect([...value].map(([key, item]) => collect([toTaggedJson(key, depth + 1), toTaggedJson(item, depth + 1)])));
    return entries === UNSUPPORTED ? UNSUPPORTED : { [TAG]: "map", value: entries };
  }
  if (value instanceof Set) {
    const items = collect([...value].map((item) => toTaggedJson(item, depth + 1)));
    return items === UNSUPPORTED ? UNSUPPORTED : { [TAG]: "set", value: items };
  }
  if (ArrayBuffer.isView(value) && Object.hasOwn(TYPED_ARRAYS, value.constructor.name)) {
    return { [TAG]: "typed", type: value.constructor.name, value: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") };
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return UNSUPPORTED;
  const entries = Object.entries(value as object);
  // Symbol-keyed and non-enumerable properties have no JSON form: such a record is not stored
  // rather than read back without them.
  if (Reflect.ownKeys(value as object).length !== entries.length) return UNSUPPORTED;
  const record: { [key: string]: Json } = {};
  for (const [key, item] of entries) {
    const json = toTaggedJson(item, depth + 1);
    if (json === UNSUPPORTED) return UNSUPPORTED;
    // Defined, not assigned: an own "__proto__" key stays a key instead of replacing the prototype.
    Object.defineProperty(record, key, { value: json, enumerable: true, writable: true, configurable: true });
  }
  // A record without a prototype is tagged so it is read back as one; a record that happens to
  // have the tag key is wrapped, so it is not read back as a tag.
  if (prototype === null) return { [TAG]: "null-prototype", value: record };
  return Object.hasOwn(record, TAG) ? { [TAG]: "object", value: record } : record;
}

/** An array's hole, as stored. */
const HOLE: Json = { [TAG]: "hole" };
const isHole = (json: Json): boolean => typeof json === "object" && json !== null && !Array.isArray(json) && json[TAG] === "hole" && Object.keys(json).length === 1;

function collect(items: (Json | typeof UNSUPPORTED)[]): Json[] | typeof UNSUPPORTED {
  return items.includes(UNSUPPORTED) ? UNSUPPORTED : (items as Json[]);
}

function fromTaggedJson(json: Json): unknown {
  if (Array.isArray(json)) {
    const items = new Array<unknown>(json.length);
    json.forEach((item, i) => {
      if (!isHole(item)) items[i] = fromTaggedJson(item);
    });
    return items;
  }
  if (json === null || typeof json !== "object") return json;
  const tag = json[TAG];
  if (tag === undefined) return Object.fromEntries(Object.entries(json).map(([key, item]) => [key, fromTaggedJson(item)]));
  const value = json["value"] as Json;
  switch (tag) {
    case "number":
      return Number(value);
    case "bigint":
      return BigInt(value as string);
    case "undefined":
      return undefined;
    case "date":
      return new Date(value as number);
    case "map":
      return new Map((value as Json[][]).map(([key, item]) => [fromTaggedJson(key!), fromTaggedJson(item!)]));
    case "set":
      return new Set((value as Json[]).map(fromTaggedJson));
    case "typed": {
      const type = json["type"];
      if (typeof type !== "string" || !Object.hasOwn(TYPED_ARRAYS, type)) throw new Error(`unknown typed array ${String(type)}`);
      const Constructor = TYPED_ARRAYS[type]!;
      const bytes = Buffer.from(value as string, "base64"); // may be a view into Node's shared pool
      return new Constructor(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    }
    case "object":
      return Object.fromEntries(Object.entries(value as Record<string, Json>).map(([key, item]) => [key, fromTaggedJson(item)]));
    case "null-prototype": {
      const record = Object.create(null) as Record<string, unknown>;
      for (const [key, item] of Object.entries(value as Record<string, Json>)) record[key] = fromTaggedJson(item);
      return record;
    }
    default:
      throw new Error(`unknown tag ${String(tag)}`);
  }
}

function isArrowTable(value: unknown): boolean {
  const candidate = value as { schema?: { fields?: unknown }; batches?: unknown; getChild?: unknown } | null;
  return typeof candidate === "object" && candidate !== null && Array.isArray(candidate.schema?.fields) && Array.isArray(candidate.batches) && typeof candidate.getChild === "function";
}

function isArrowVector(value: unknown): boolean {
  const candidate = value as { type?: { typeId?: unknown }; data?: unknown; get?: unknown } | null;
  return typeof candidate === "object" && candidate !== null && Array.isArray(candidate.data) && typeof candidate.type?.typeId === "number" && typeof candidate.get === "function";
}
