/**
 * Helpers of the ports of Hamilton's tests/caching: inline modules (written to files, so they go
 * through the scanner and the import path as a user's do), an in-memory cache store that counts
 * its entries (Hamilton's tests count metadata-store rows), and a summary of what a run did.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Builder, type CacheEvent, type CacheOptions, type CacheStore, type StoredEntry } from "funcflow";

const tmp = new URL(`../../tmp/hm-caching-${process.pid}-${randomUUID()}/`, import.meta.url);
let written = 0;

/**
 * A module whose source is `body`, with `track(name)` recording calls in `calls()`. Each call
 * writes a new file: an ES module is imported once per URL, so an edited module needs its own.
 */
export function inlineModule(body: string): URL {
  mkdirSync(tmp, { recursive: true });
  const file = new URL(`module-${++written}.ts`, tmp);
  writeFileSync(file, `import * as ff from "funcflow";\nvoid ff;\nconst track = (name: string): void => void ((globalThis as { __hmCacheCalls?: string[] }).__hmCacheCalls ??= []).push(name);\nvoid track;\n${body}\n`);
  return file;
}

export function removeInlineModules(): void {
  rmSync(fileURLToPath(tmp), { recursive: true, force: true });
}

/** The nodes whose functions ran since the last `resetCalls`, sorted. */
export function calls(): string[] {
  return [...((globalThis as { __hmCacheCalls?: string[] }).__hmCacheCalls ?? [])].sort();
}

export function resetCalls(): void {
  (globalThis as { __hmCacheCalls?: string[] }).__hmCacheCalls?.splice(0);
}

/** A cache store in a Map: what `withCache({ store })` accepts; `size` counts entries. */
export class MemoryStore implements CacheStore {
  readonly entries = new Map<string, Uint8Array>();
  readonly notes = new Map<string, string>();
  get size(): number {
    return this.entries.size;
  }
  /** Entries of one node. */
  keysOf(node: string): string[] {
    return [...this.entries.keys()].filter((id) => id.startsWith(`${node}\u0000`)).map((id) => id.slice(node.length + 1));
  }
  read(node: string, key: string): Promise<StoredEntry | undefined> {
    const bytes = this.entries.get(`${node}\u0000${key}`);
    return Promise.resolve(bytes === undefined ? undefined : { bytes, untouched: false });
  }
  has(node: string, key: string): Promise<boolean> {
    return Promise.resolve(this.entries.has(`${node}\u0000${key}`));
  }
  write(node: string, key: string, bytes: Uint8Array): Promise<void> {
    this.entries.set(`${node}\u0000${key}`, bytes.slice());
    return Promise.resolve();
  }
  readNote(node: string): Promise<string | undefined> {
    return Promise.resolve(this.notes.get(node));
  }
  writeNote(node: string, text: string): Promise<void> {
    this.notes.set(node, text);
    return Promise.resolve();
  }
}

/** A Driver over `module` with the cache in `store` (a new Driver each time: nothing kept in memory but the store). */
export function cachedDriver(module: URL, store: CacheStore, options: Omit<CacheOptions, "store"> = {}, config: Record<string, unknown> = {}) {
  return new Builder().withModules(module).withConfig(config).withManifestCache(false).withCache({ store, onWarning: () => {}, ...options }).build();
}

/** `{ node: "hit" | <miss reason> | <bypass reason> }` for one run's events. */
export function decisions(events: readonly CacheEvent[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const event of events ?? []) {
    if (event.kind === "hit") out[event.node] = "hit";
    else if (event.kind === "miss" || event.kind === "bypassed") out[event.node] = event.reason;
  }
  return out;
}
