/**
 * Moves values between threads without copying their buffers where that is possible.
 *
 * Structured clone (what `postMessage` does) copies every ArrayBuffer it meets, and turns class
 * instances such as Arrow Tables into plain objects. So values are encoded first:
 * - an Arrow Table or Vector becomes its schema (as plain data) plus its Data tree, whose
 *   buffers travel as they are and are put back into Data on the other side;
 * - typed arrays travel as they are;
 * - arrays and plain objects are walked for the two above; anything else is cloned.
 * Then each buffer either goes in the transfer list (`transfer`: moved, the sender's copy
 * becomes unusable; used for results, which the worker no longer needs), or is copied once into
 * a SharedArrayBuffer (`share`), or is left to structured clone (`clone`: copied). A buffer
 * that already lives in a SharedArrayBuffer is never copied in any mode.
 */
import * as workerThreads from "node:worker_threads";
import type { Data, DataType, Table, Vector } from "apache-arrow";
import { type Arrow, loadArrow } from "./load-arrow.ts";
import { describeSchema, describeType, rebuildSchema, rebuildType, type TypeDescription } from "./arrow-type-codec.ts";

/** How buffers cross: moved, placed in shared memory, or copied. */
export type BufferMode = "transfer" | "share" | "clone";

/** A value ready for `postMessage`, with what to transfer. */
export interface EncodedMessage {
  readonly payload: Encoded;
  readonly transferList: ArrayBuffer[];
}

/** Encoded Arrow Data: buffers as [valueOffsets, values, nullBitmap, typeIds]. */
interface EncodedData {
  readonly offset: number;
  readonly length: number;
  readonly nullCount: number;
  readonly buffers: readonly (ArrayBufferView | undefined)[];
  readonly children: readonly EncodedData[];
  readonly dictionary: readonly EncodedData[] | undefined;
  readonly variadic: readonly Uint8Array[];
}

export type Encoded =
  | { readonly kind: "plain"; readonly value: unknown }
  | { readonly kind: "table"; readonly schema: ReturnType<typeof describeSchema>; readonly batches: readonly EncodedData[] }
  | { readonly kind: "vector"; readonly type: TypeDescription; readonly chunks: readonly EncodedData[] }
  | { readonly kind: "array"; readonly items: readonly Encoded[] }
  | { readonly kind: "object"; readonly entries: readonly (readonly [string, Encoded])[] };


/**
 * Encodes `value` for another thread; buffers go as `mode` says. Synchronous, and loads no library.
 * @example const { payload, transferList } = encodeValue(table, "transfer"); port.postMessage(payload, transferList);
 */
export function encodeValue(value: unknown, mode: BufferMode): EncodedMessage {
  const buffers = new BufferCollector(mode);
  const payload = containsArrow(value, 0) ? encodeDeep(value, buffers) : plain(value, buffers);
  return { payload, transferList: buffers.transferList() };
}

/**
 * Rebuilds a value `encodeValue` made, in this thread; a promise only when Arrow must be loaded.
 * @example const table = await decodeValue(message.payload);
 */
export function decodeValue(encoded: Encoded): unknown {
  if (encoded.kind === "plain") return encoded.value;
  return loadArrow().then((lib) => decodeDeep(encoded, lib));
}

/**
 * A copy of `value` whose typed-array and Arrow buffers live in SharedArrayBuffers, so every
 * worker reads them without a copy. Copies once, here; pass the result as an input.
 * @example const prices = await shareBuffers(pricesTable); await dr.execute(["model"], { inputs: { prices } });
 */
export async function shareBuffers<Value>(value: Value): Promise<Value> {
  return (await decodeValue(encodeValue(value, "share").payload)) as Value;
}

/** Walks arrays and plain objects (not long arrays of primitives) looking for Arrow values. */
function containsArrow(value: unknown, depth: number): boolean {
  if (typeof value !== "object" || value === null || depth > 4) return false;
  if (isTable(value) || isVector(value)) return true;
  if (Array.isArray(value)) return value.length > 0 && typeof value[0] === "object" && value.some((item) => containsArrow(item, depth + 1));
  if (!isPlainObject(value)) return false;
  return Object.values(value).some((item) => containsArrow(item, depth + 1));
}

function plain(value: unknown, buffers: BufferCollector): Encoded {
  return { kind: "plain", value: buffers.visitPlain(value, 0) };
}

function encodeDeep(value: unknown, buffers: BufferCollector): Encoded {
  if (isTable(value)) {
    return { kind: "table", schema: describeSchema(value.schema), batches: value.batches.map((batch) => encodeData(batch.data, buffers)) };
  }
  if (isVector(value)) {
    return { kind: "vector", type: describeType(value.type), chunks: value.data.map((data) => encodeData(data, buffers)) };
  }
  if (Array.isArray(value)) return { kind: "array", items: value.map((item) => encodeDeep(item, buffers)) };
  if (typeof value === "object" && value !== null && isPlainObject(value) && containsArrow(value, 0)) {
    return { kind: "object", entries: Object.entries(value).map(([key, item]) => [key, encodeDeep(item, buffers)] as const) };
  }
  return plain(value, buffers);
}

function encodeData(data: Data, buffers: BufferCollector): EncodedData {
  const [valueOffsets, values, nullBitmap, typeIds] = data.buffers as unknown as (ArrayBufferView | undefined)[];
  return {
    offset: data.offset,
    length: data.length,
    nullCount: data.nullCount,
    buffers: [valueOffsets, values, nullBitmap, typeIds].map((buffer) => (buffer === undefined ? undefined : buffers.view(buffer))),
    children: data.children.map((child) => encodeData(child, buffers)),
    dictionary: data.dictionary?.data.map((chunk) => encodeData(chunk, buffers)),
    variadic: (data.variadicBuffers ?? []).map((buffer) => buffers.view(buffer)),
  };
}

function decodeDeep(encoded: Encoded, lib: Arrow): unknown {
  switch (encoded.kind) {
    case "plain":
      return encoded.value;
    case "table": {
      const schema = rebuildSchema(encoded.schema, lib);
      const structType = new lib.Struct(schema.fields);
      const batches = encoded.batches.map((batch) => new lib.RecordBatch(schema, decodeData(batch, structType, lib) as Data<never>));
      return new lib.Table(schema, batches);
    }
    case "vector":
      return new lib.Vector(encoded.chunks.map((chunk) => decodeData(chunk, rebuildType(encoded.type, lib), lib)));
    case "array":
      return encoded.items.map((item) => decodeDeep(item, lib));
    case "object":
      return Object.fromEntries(encoded.entries.map(([key, item]) => [key, decodeDeep(item, lib)]));
  }
}

function decodeData(encoded: EncodedData, type: DataType, lib: Arrow): Data {
  const childTypes = (type.children ?? []) as { type: DataType }[];
  const children = encoded.children.map((child, i) => decodeData(child, childTypes[i]!.type, lib));
  const dictionaryType = (type as { dictionary?: DataType }).dictionary;
  const dictionary =
    encoded.dictionary === undefined || dictionaryType === undefined
      ? undefined
      : new lib.Vector(encoded.dictionary.map((chunk) => decodeData(chunk, dictionaryType, lib)));
  const buffers = encoded.buffers as never;
  return new lib.Data(type, encoded.offset, encoded.length, encoded.nullCount, buffers, children, dictionary, encoded.variadic as Uint8Array[]);
}

/** Decides, buffer by buffer, whether it is moved, shared or copied, and remembers what to transfer. */
class BufferCollector {
  readonly #mode: BufferMode;
  readonly #transfer = new Set<ArrayBuffer>();
  /** Buffers already copied to shared memory, so views of one buffer stay views of one copy. */
  readonly #shared = new Map<ArrayBuffer, SharedArrayBuffer>();

  constructor(mode: BufferMode) {
    this.#mode = mode;
  }

  view<View extends ArrayBufferView>(view: View): View {
    const buffer = view.buffer;
    if (buffer instanceof SharedArrayBuffer || this.#mode === "clone") return view;
    if (this.#mode === "transfer") {
      if (buffer.byteLength > 0 && !isUntransferable(buffer)) this.#transfer.add(buffer as ArrayBuffer);
      return view;
    }
    let shared = this.#shared.get(buffer as ArrayBuffer);
    if (shared === undefined) {
      shared = new SharedArrayBuffer(buffer.byteLength);
      new Uint8Array(shared).set(new Uint8Array(buffer));
      this.#shared.set(buffer as ArrayBuffer, shared);
    }
    const Constructor = view.constructor as new (buffer: SharedArrayBuffer, offset: number, length: number) => View;
    const length = (view as unknown as { length?: number }).length ?? view.byteLength;
    return new Constructor(shared, view.byteOffset, length);
  }

  /** Typed arrays inside arrays and plain objects (a few levels deep) are moved or shared too. */
  visitPlain(value: unknown, depth: number): unknown {
    if (typeof value !== "object" || value === null || depth > 4 || this.#mode === "clone") return value;
    if (ArrayBuffer.isView(value)) return value instanceof DataView ? value : this.view(value);
    if (Array.isArray(value)) {
      if (value.length === 0 || typeof value[0] !== "object") return value;
      return value.map((item) => this.visitPlain(item, depth + 1));
    }
    if (!isPlainObject(value)) return value;
    const entries = Object.entries(value);
    if (!entries.some(([, item]) => typeof item === "object" && item !== null)) return value;
    return Object.fromEntries(entries.map(([key, item]) => [key, this.visitPlain(item, depth + 1)]));
  }

  transferList(): ArrayBuffer[] {
    return [...this.#transfer];
  }
}

/** Node's Buffer pool is marked untransferable (Node ≥ 21 can tell; Node 20 then clones it silently). */
function isUntransferable(buffer: ArrayBufferLike): boolean {
  const check = (workerThreads as { isMarkedAsUntransferable?: (value: object) => boolean }).isMarkedAsUntransferable;
  return check?.(buffer) ?? false;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function isTable(value: unknown): value is Table {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { schema?: { fields?: unknown }; batches?: unknown; getChild?: unknown };
  return Array.isArray(candidate.schema?.fields) && Array.isArray(candidate.batches) && typeof candidate.getChild === "function";
}

function isVector(value: unknown): value is Vector {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { type?: { typeId?: unknown }; data?: unknown; get?: unknown };
  return Array.isArray(candidate.data) && typeof candidate.type?.typeId === "number" && typeof candidate.get === "function";
}
