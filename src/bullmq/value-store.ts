/**
 * Where values too big for a job live while a run needs them: Redis keys up to a size limit,
 * files under a shared folder above it. Every key of a run shares one prefix, so the run's
 * cleanup finds them all; Redis keys also expire (`ttlMs`) in case the cleanup never runs.
 */
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import type { Redis } from "ioredis";
import { FuncflowError } from "../errors/index.ts";
import type { StorePolicy, ValueRef, WireFormat, WireValue } from "./job-protocol.ts";
import { bytesVersion, fromBytes, toBytes } from "./wire-format.ts";

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
    const { format, bytes } = await toBytes(value);
    const version = bytesVersion(format, bytes);
    if (bytes.byteLength <= policy.inlineBytes) return { format, version, inline: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64") };
    return { format, version, ref: await this.#write(bytes, runId, typeof name === "string" ? name : name(version), policy) };
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
    const pattern = `${escapeGlob(this.runPrefix(runId))}*`;
    let cursor = "0";
    do {
      const [next, keys] = await this.#redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) await this.#redis.del(...keys);
    } while (cursor !== "0");
    if (this.#folder !== undefined) await rm(join(this.#folder, safeSegment(this.#root), safeSegment(runId)), { recursive: true, force: true });
  }

  async #write(bytes: Uint8Array, runId: string, name: string, policy: StorePolicy): Promise<ValueRef> {
    if (bytes.byteLength > policy.redisBytes && policy.useFolder && this.#folder !== undefined) {
      const key = join(safeSegment(this.#root), safeSegment(runId), `${bytesVersion("v8", Buffer.from(name))}.bin`);
      const file = join(this.#folder, key);
      await mkdir(dirname(file), { recursive: true });
      // Written aside and renamed, so a reader never sees half a file (two writers race harmlessly).
      const partial = `${file}.${randomUUID()}.partial`;
      await writeFile(partial, bytes);
      await rename(partial, file);
      return { where: "file", key, bytes: bytes.byteLength };
    }
    const key = `${this.runPrefix(runId)}${name}`;
    await this.#redis.set(key, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), "PX", policy.ttlMs);
    return { where: "redis", key, bytes: bytes.byteLength };
  }

  async #read(ref: ValueRef): Promise<Uint8Array> {
    if (ref.where === "redis") {
      const bytes = await this.#redis.getBuffer(ref.key);
      if (bytes === null) {
        throw new FuncflowError("io_failed", `Redis key ${ref.key}: the value is gone (its run ended, or it expired). Values live only as long as their run; run again.`, { details: { key: ref.key } });
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

