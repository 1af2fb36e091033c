/**
 * Where values too big for a job live while a run needs them: Redis keys up to a size limit,
 * files under a shared folder above it. Every key of a run shares one prefix, so the run's
 * cleanup finds them all; Redis keys also expire (`ttlMs`) in case the cleanup never runs.
 * Results kept across runs (the executor's `resultCache`) live apart, under `<root>:cache:`,
 * keyed by node, code and inputs rather than by run: a run's cleanup never touches them.
 */
import { readFile, rm } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import type { Redis } from "ioredis";
import { FuncflowError } from "../errors/index.ts";
import { writeFileAtomic } from "../io/index.ts";
import type { StorePolicy, ValueRef, WireFormat, WireValue } from "./job-protocol.ts";
import { bytesVersion, fromBytes, toBytes } from "./wire-format.ts";

/** A value encoded but not yet placed: its bytes and content version. */
export interface EncodedValue {
  readonly format: WireFormat;
  readonly version: string;
  readonly bytes: Uint8Array;
}

/** Where a placed value goes: under a run (deleted when it ends), or under a result-cache key (kept until it expires). */
export type Placement = { readonly runId: string; readonly name: string } | { readonly cacheKey: string };

export class ValueStore {
  readonly #redis: Redis;
  /** `<prefix>:<queue>:ff`: the root of every key funcflow writes for this queue. */
  readonly #root: string;
  readonly #folder: string | undefined;

  constructor(redis: Redis, root: string, folder: string | undefined) {
    this.#redis = redis;
    this.#root = root;
    this.#folder = folder === undefined ? undefined : resolve(folder);
  }

  /** The key prefix of one run: `<root>:<runId>:`. */
  runPrefix(runId: string): string {
    return `${this.#root}:${runId}:`;
  }

  /**
   * Encodes `value` and places it as `policy` says: inline when small, else under
   * `<run prefix><name>` in Redis or the folder. The same name and bytes give the same key, so
   * writing twice (a retried job) is harmless.
   */
  async put(value: unknown, runId: string, name: string | ((version: string) => string), policy: StorePolicy): Promise<WireValue> {
    const encoded = await this.encode(value);
    return this.place(encoded, { runId, name: typeof name === "string" ? name : name(encoded.version) }, policy);
  }

  /** A value's bytes and version, before deciding whether it must be stored at all. */
  async encode(value: unknown): Promise<EncodedValue> {
    const { format, bytes } = await toBytes(value);
    return { format, bytes, version: bytesVersion(format, bytes) };
  }

  /** Places encoded bytes as `policy` says: inline when small, else under the run or the cache key. */
  async place(encoded: EncodedValue, where: Placement, policy: StorePolicy): Promise<WireValue> {
    const { format, version, bytes } = encoded;
    if (bytes.byteLength <= policy.inlineBytes) return { format, version, inline: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64") };
    return { format, version, ref: await this.#write(bytes, where, policy) };
  }

  /** Whether a stored value belongs to the run (and goes when it ends), rather than to the result cache. */
  isRunRef(ref: ValueRef, runId: string): boolean {
    return ref.where === "redis" ? ref.key.startsWith(this.runPrefix(runId)) : ref.key.startsWith(join(safeSegment(this.#root), safeSegment(runId)) + sep);
  }

  /**
   * The stored result of an earlier job with this cache key, or undefined. A hit renews its
   * expiry (`ttlMs` from now), so results in use stay while unused ones expire.
   */
  async cachedResult(cacheKey: string, ttlMs: number): Promise<WireValue | undefined> {
    const record = await this.#redis.get(this.#cacheRecordKey(cacheKey));
    if (record === null) return undefined;
    const wire = JSON.parse(record) as WireValue;
    const renewals = [this.#redis.pexpire(this.#cacheRecordKey(cacheKey), ttlMs)];
    if ("ref" in wire && wire.ref.where === "redis") renewals.push(this.#redis.pexpire(wire.ref.key, ttlMs));
    await Promise.all(renewals);
    return wire;
  }

  /** Records a job's result under its cache key, for later runs. */
  async recordResult(cacheKey: string, wire: WireValue, ttlMs: number): Promise<void> {
    await this.#redis.set(this.#cacheRecordKey(cacheKey), JSON.stringify(wire), "PX", ttlMs);
  }

  /** Deletes every cached result (Redis keys and shared-folder files); returns how many Redis keys went. */
  async clearCache(): Promise<number> {
    const deleted = await this.#deleteMatching(`${escapeGlob(`${this.#root}:cache:`)}*`);
    if (this.#folder !== undefined) await rm(join(this.#folder, safeSegment(this.#root), "cache"), { recursive: true, force: true });
    return deleted;
  }

  /** The value a WireValue stands for (a promise when it must be read or Arrow loaded). */
  async get(wire: WireValue): Promise<unknown> {
    if ("inline" in wire) return fromBytes(wire.format, Buffer.from(wire.inline, "base64"));
    return fromBytes(wire.format, await this.#read(wire.ref));
  }

  /**
   * Deletes the given stored values of a run: what a run that succeeded left (the driver saw
   * every reply, so it knows every key). Cheaper than `deleteRun`, which scans the keyspace.
   */
  async deleteRefs(runId: string, refs: Iterable<ValueRef>): Promise<void> {
    const keys: string[] = [];
    let files = false;
    for (const ref of refs) {
      if (ref.where === "redis") keys.push(ref.key);
      else files = true;
    }
    for (let first = 0; first < keys.length; first += 1000) await this.#redis.del(...keys.slice(first, first + 1000));
    if (files && this.#folder !== undefined) await rm(join(this.#folder, safeSegment(this.#root), safeSegment(runId)), { recursive: true, force: true });
  }

  /** Deletes every key and file of a run, found by scanning: for runs that failed, whose replies did not all arrive. */
  async deleteRun(runId: string): Promise<void> {
    await this.#deleteMatching(`${escapeGlob(this.runPrefix(runId))}*`);
    if (this.#folder !== undefined) await rm(join(this.#folder, safeSegment(this.#root), safeSegment(runId)), { recursive: true, force: true });
  }

  async #deleteMatching(pattern: string): Promise<number> {
    let cursor = "0";
    let deleted = 0;
    do {
      const [next, keys] = await this.#redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) deleted += await this.#redis.del(...keys);
    } while (cursor !== "0");
    return deleted;
  }

  #cacheRecordKey(cacheKey: string): string {
    return `${this.#root}:cache:${cacheKey}:record`;
  }

  async #write(bytes: Uint8Array, where: Placement, policy: StorePolicy): Promise<ValueRef> {
    const cached = "cacheKey" in where;
    if (bytes.byteLength > policy.redisBytes && policy.useFolder && this.#folder !== undefined) {
      const key = cached
        ? join(safeSegment(this.#root), "cache", `${safeSegment(where.cacheKey)}.bin`)
        : join(safeSegment(this.#root), safeSegment(where.runId), `${bytesVersion("v8", Buffer.from(where.name))}.bin`);
      // Written aside and renamed, so a reader never sees half a file, and a failed write leaves
      // no temporary behind (two writers race harmlessly).
      await writeFileAtomic(join(this.#folder, key), bytes, { where: "bullmqExecutor", createFolder: true });
      return { where: "file", key, bytes: bytes.byteLength };
    }
    const key = cached ? `${this.#root}:cache:${where.cacheKey}:value` : `${this.runPrefix(where.runId)}${where.name}`;
    await this.#redis.set(key, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), "PX", policy.ttlMs);
    return { where: "redis", key, bytes: bytes.byteLength };
  }

  async #read(ref: ValueRef): Promise<Uint8Array> {
    if (ref.where === "redis") {
      const bytes = await this.#redis.getBuffer(ref.key);
      if (bytes === null) {
        throw new FuncflowError("io_failed", `Redis key ${ref.key}: the value is gone (its run ended, or it expired). Values live only as long as their run (cached results until they expire); run again.`, { details: { key: ref.key } });
      }
      return bytes;
    }
    if (this.#folder === undefined) {
      throw new FuncflowError("invalid_argument", `A value was stored in the shared folder (${ref.key}), but this process has no store folder. Give every worker and the executor the same shared folder (--store DIR / store option).`, { details: { key: ref.key } });
    }
    const file = join(this.#folder, ref.key);
    if (!file.startsWith(this.#folder + sep)) throw new FuncflowError("invalid_argument", `A stored value's path ${ref.key} leaves the store folder; refusing to read it.`);
    return readFile(file);
  }
}

/** A MATCH pattern that matches `text` literally. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (char) => `\\${char}`);
}

/** A name usable as one path segment. */
function safeSegment(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, "_");
}

