/**
 * The cache during one run. A node's key is its name, its code version and the data versions
 * of its inputs (config values it reads are inputs too). Data versions travel instead of
 * values: a given input or override is fingerprinted once per run; a node read from or stored
 * in the cache takes its key as its version, so keys downstream never need to hash big values.
 * Writes happen in the background and `finish` waits for them.
 */
import { createHash, randomUUID } from "node:crypto";
import type { FunctionGraph } from "../graph/index.ts";
import type { RunShape } from "./run-shape.ts";
import type { StructuredLogger } from "../hooks/index.ts";
import type { CacheBehavior } from "../decorators/index.ts";
import { CorruptEntry, frameEntry, unframeEntry } from "./cache-entry.ts";
import type { CacheEvent, CacheMissReason, CacheRunReport } from "./cache-events.ts";
import type { CacheStore, StoredEntry } from "./cache-store.ts";
import type { Fingerprint } from "./fingerprint.ts";
import type { CacheLookup, RunCache } from "./run-cache.ts";
import { decodeStoredValue, encodeStoredValue } from "./value-codec.ts";

/** Bumped when keys or entries change meaning, so old entries simply miss. */
const KEY_SCHEMA = 2; // 2: data versions are XXH128 fingerprints
const IGNORED = "\u0000ignored";
const UNHASHABLE = "\u0000unhashable";

/** What every run of one Driver shares. */
export interface CacheSetup {
  readonly store: CacheStore;
  readonly fingerprint: Fingerprint;
  /** Per graph node. */
  readonly codeVersions: readonly string[];
  readonly behaviors: readonly CacheBehavior[];
  readonly logger: StructuredLogger;
  readonly warn: (message: string) => void;
  /** What was already said, so each warning is given once per Driver. */
  readonly warned: Set<string>;
  readonly onReport: (report: CacheRunReport) => void;
}

interface Lookup extends CacheLookup {
  readonly key: string | undefined;
  readonly inputs: readonly (readonly [string, string])[];
}

interface Note {
  readonly key: string;
  readonly codeVersion: string;
  readonly inputs: readonly (readonly [string, string])[];
}

const MISS_WITHOUT_KEY: Lookup = { hit: false, value: undefined, key: undefined, inputs: [] };

export class CacheSession implements RunCache {
  readonly #setup: CacheSetup;
  readonly #runId: string;
  readonly #plan: RunShape;
  readonly #graph: FunctionGraph;
  /** Per slot: its data version, once known. */
  readonly #versions: (string | undefined)[];
  /** Per slot: the graph node of a given slot (input, override, config). */
  readonly #givenNode = new Map<number, number>();
  readonly #events: CacheEvent[] = [];
  /** Per step, the key found before the run (`neededSteps`), and whether its entry exists. */
  #prepared: (Lookup | undefined)[] | undefined;
  #exists: Uint8Array | undefined;
  readonly #writes: Promise<void>[] = [];

  constructor(setup: CacheSetup, runId: string, plan: RunShape, graph: FunctionGraph) {
    this.#setup = setup;
    this.#runId = runId;
    this.#plan = plan;
    this.#graph = graph;
    this.#versions = new Array<string | undefined>(plan.slotCount);
    plan.givenSlots.forEach((slot, i) => this.#givenNode.set(slot, graph.indexOf.get(plan.givenNames[i]!)!));
  }

  async neededSteps(values: readonly unknown[]): Promise<Uint8Array> {
    const plan = this.#plan;
    const stepCount = plan.stepNodes.length;
    const prepared = new Array<Lookup | undefined>(stepCount);
    // Keys in step (topological) order: a step's version is known before it runs when it is
    // keyed by default (`key:<key>`) or ignored; recompute, disable and unhashable inputs wait.
    for (let step = 0; step < stepCount; step++) {
      const behavior = this.#setup.behaviors[plan.stepNodes[step]!]!;
      const slot = plan.stepSlots[step]!;
      if (behavior === "ignore") this.#versions[slot] = IGNORED;
      if (behavior !== "default") continue;
      const inputs = this.#knownInputVersions(step, values);
      if (inputs === undefined) continue;
      const key = this.#keyOf(step, inputs);
      prepared[step] = { hit: false, value: undefined, key, inputs };
      this.#versions[slot] = `key:${key}`;
    }
    const exists = new Uint8Array(stepCount);
    await Promise.all(
      prepared.map(async (lookup, step) => {
        if (lookup !== undefined && (await this.#setup.store.has(plan.stepNames[step]!, lookup.key!).catch(() => false))) exists[step] = 1;
      }),
    );
    // Backwards from the outputs: a step is needed when its value is; a hit's inputs are not.
    const needed = new Uint8Array(stepCount);
    for (const slot of plan.outputSlots) if (plan.producerOfSlot[slot]! >= 0) needed[plan.producerOfSlot[slot]!] = 1;
    for (let step = stepCount - 1; step >= 0; step--) {
      if (needed[step] === 0 || exists[step] === 1) continue;
      for (const slot of plan.stepArguments[step]!) if (slot >= 0 && plan.producerOfSlot[slot]! >= 0) needed[plan.producerOfSlot[slot]!] = 1;
    }
    for (let step = 0; step < stepCount; step++) if (exists[step] === 1) needed[step] = 1; // read lazily, reported as hits
    this.#prepared = prepared;
    this.#exists = exists;
    return needed;
  }

  /** The input versions of `step` when every one is known before running, else undefined. */
  #knownInputVersions(step: number, values: readonly unknown[]): [string, string][] | undefined {
    const slots = this.#plan.stepArguments[step]!;
    for (const slot of slots) if (slot >= 0 && this.#plan.producerOfSlot[slot]! >= 0 && this.#versions[slot] === undefined) return undefined;
    const args = Array.from(slots, (slot) => (slot < 0 ? undefined : values[slot]));
    const inputs = this.#inputVersions(step, args);
    return inputs.some(([, version]) => version === UNHASHABLE) ? undefined : inputs;
  }

  #keyOf(step: number, inputs: readonly (readonly [string, string])[]): string {
    const codeVersion = this.#setup.codeVersions[this.#plan.stepNodes[step]!]!;
    return createHash("sha256").update(JSON.stringify([KEY_SCHEMA, this.#plan.stepNames[step]!, codeVersion, inputs])).digest("hex").slice(0, 40);
  }

  lookup(step: number, args: readonly unknown[], defer: boolean): Lookup | Promise<Lookup> {
    const nodeIndex = this.#plan.stepNodes[step]!;
    const node = this.#plan.stepNames[step]!;
    const prepared = this.#prepared?.[step];
    if (prepared !== undefined) {
      // Keyed and checked before the run: a hit is recorded now and read when needed.
      if (this.#exists![step] === 1) {
        this.#record({ kind: "hit", runId: this.#runId, node, key: prepared.key! });
        return { ...prepared, hit: true, deferred: true };
      }
      return this.#explainMiss(node, this.#setup.codeVersions[nodeIndex]!, prepared.inputs, step).then(({ reason, changed }) => {
        this.#record({ kind: "miss", runId: this.#runId, node, key: prepared.key, reason, ...(changed !== undefined && { changed }) });
        return prepared;
      });
    }
    const behavior = this.#setup.behaviors[nodeIndex]!;
    if (behavior === "disable" || behavior === "ignore") {
      this.#record({ kind: "bypassed", runId: this.#runId, node, reason: behavior });
      return MISS_WITHOUT_KEY;
    }
    const inputs = this.#inputVersions(step, args);
    const unhashable = inputs.filter(([, version]) => version === UNHASHABLE).map(([param]) => param);
    if (unhashable.length > 0) {
      this.#record({ kind: "miss", runId: this.#runId, node, key: undefined, reason: "unhashable_input", changed: unhashable });
      this.#warnOnce(`unhashable:${node}`, `funcflow cache: node "${node}" is not cached: its input ${unhashable.map((p) => `"${p}"`).join(", ")} cannot be fingerprinted (a class instance or function). Give it the "ignore" behaviour if it does not affect results.`);
      return MISS_WITHOUT_KEY;
    }
    const codeVersion = this.#setup.codeVersions[nodeIndex]!;
    const key = this.#keyOf(step, inputs);
    if (behavior === "recompute") {
      this.#record({ kind: "miss", runId: this.#runId, node, key, reason: "recompute" });
      return { hit: false, value: undefined, key, inputs };
    }
    return defer ? this.#find(node, key, codeVersion, inputs, step) : this.#read(node, key, codeVersion, inputs, step);
  }

  async load(step: number, lookup: CacheLookup): Promise<{ found: true; value: unknown } | { found: false }> {
    const { key, inputs } = lookup as Lookup;
    const node = this.#plan.stepNames[step]!;
    const read = await this.#read(node, key!, this.#setup.codeVersions[this.#plan.stepNodes[step]!]!, inputs as [string, string][], step, false);
    return read.hit ? { found: true, value: read.value } : { found: false };
  }

  replace(step: number, lookup: CacheLookup, value: unknown): void {
    const { key, inputs } = lookup as Lookup;
    const nodeIndex = this.#plan.stepNodes[step]!;
    this.#writes.push(this.#write(this.#plan.stepNames[step]!, key!, this.#setup.codeVersions[nodeIndex]!, inputs, value));
  }

  settle(step: number, lookup: CacheLookup, value: unknown): void {
    const { key, inputs } = lookup as Lookup;
    const slot = this.#plan.stepSlots[step]!;
    const nodeIndex = this.#plan.stepNodes[step]!;
    const behavior = this.#setup.behaviors[nodeIndex]!;
    if (behavior === "ignore") {
      this.#versions[slot] = IGNORED;
      return;
    }
    if (behavior === "disable" || key === undefined) {
      // Unversionable: a disabled node's dependents must miss; a node without a key is versioned by value.
      this.#versions[slot] = behavior === "disable" ? randomUUID() : (this.#setup.fingerprint(value) ?? randomUUID());
      return;
    }
    this.#versions[slot] = behavior === "recompute" ? (this.#setup.fingerprint(value) ?? randomUUID()) : `key:${key}`;
    if (!lookup.hit) this.#writes.push(this.#write(this.#plan.stepNames[step]!, key, this.#setup.codeVersions[nodeIndex]!, inputs, value));
  }

  settleFailed(step: number): void {
    this.#versions[this.#plan.stepSlots[step]!] = randomUUID();
  }

  async finish(): Promise<void> {
    await Promise.all(this.#writes);
    const misses = this.#events.filter((event) => event.kind === "miss").map((event) => event.node);
    // A deferred hit whose entry proved corrupt when read is a miss after all.
    const hits = this.#events.filter((event) => event.kind === "hit" && !misses.includes(event.node)).map((event) => event.node);
    this.#setup.onReport({ runId: this.#runId, hits, misses, events: this.#events });
  }

  /** The data version of each argument, by parameter name; ignored inputs are left out. */
  #inputVersions(step: number, args: readonly unknown[]): [string, string][] {
    const slots = this.#plan.stepArguments[step]!;
    const names = this.#plan.stepArgumentNames[step]!;
    const inputs: [string, string][] = [];
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      const version = slot < 0 ? "default" : this.#versionOf(slot, args[i]);
      if (version !== IGNORED) inputs.push([names[i]!, version]);
    }
    return inputs;
  }

  #versionOf(slot: number, value: unknown): string {
    let version = this.#versions[slot];
    if (version === undefined) {
      const given = this.#givenNode.get(slot);
      version = given !== undefined && this.#setup.behaviors[given] === "ignore" ? IGNORED : (this.#setup.fingerprint(value) ?? UNHASHABLE);
      this.#versions[slot] = version;
    }
    return version;
  }

  /** A deferred lookup: the entry exists (its contents are checked when `load` reads it). */
  async #find(node: string, key: string, codeVersion: string, inputs: [string, string][], step: number): Promise<Lookup> {
    if (await this.#setup.store.has(node, key).catch(() => false)) {
      this.#record({ kind: "hit", runId: this.#runId, node, key });
      return { hit: true, value: undefined, deferred: true, key, inputs };
    }
    const { reason, changed } = await this.#explainMiss(node, codeVersion, inputs, step);
    this.#record({ kind: "miss", runId: this.#runId, node, key, reason, ...(changed !== undefined && { changed }) });
    return { hit: false, value: undefined, key, inputs };
  }

  /** Reads and checks an entry; `recordHit` is false when a deferred hit was already recorded. */
  async #read(node: string, key: string, codeVersion: string, inputs: [string, string][], step: number, recordHit = true): Promise<Lookup> {
    const miss = (reason: CacheMissReason, changed?: readonly string[]): Lookup => {
      this.#record({ kind: "miss", runId: this.#runId, node, key, reason, ...(changed !== undefined && { changed }) });
      return { hit: false, value: undefined, key, inputs };
    };
    let entry: StoredEntry | undefined;
    try {
      entry = await this.#setup.store.read(node, key);
    } catch (error) {
      this.#corrupt(node, key, `reading it failed: ${error instanceof Error ? error.message : String(error)}`);
      return miss("corrupt_entry");
    }
    if (entry === undefined) {
      const { reason, changed } = await this.#explainMiss(node, codeVersion, inputs, step);
      return miss(reason, changed);
    }
    try {
      const { header, payload } = unframeEntry(entry.bytes, key, entry.untouched);
      const value = await decodeStoredValue(payload, header);
      if (recordHit) this.#record({ kind: "hit", runId: this.#runId, node, key });
      return { hit: true, value, key, inputs };
    } catch (error) {
      this.#corrupt(node, key, error instanceof CorruptEntry ? error.message : `it does not decode: ${error instanceof Error ? error.message : String(error)}`);
      return miss("corrupt_entry");
    }
  }

  /** Compares the key's parts with the node's last stored entry to say what changed. */
  async #explainMiss(node: string, codeVersion: string, inputs: readonly (readonly [string, string])[], step: number) {
    let note: Note | undefined;
    try {
      const text = await this.#setup.store.readNote(node);
      note = text === undefined ? undefined : (JSON.parse(text) as Note);
    } catch {
      note = undefined;
    }
    if (note === undefined) return { reason: "no_entry" as const, changed: undefined };
    if (note.codeVersion !== codeVersion) return { reason: "code_changed" as const, changed: undefined };
    const before = new Map(note.inputs);
    const now = new Map(inputs);
    const changed = [...new Set([...before.keys(), ...now.keys()])].filter((param) => before.get(param) !== now.get(param));
    if (changed.length === 0) return { reason: "entry_missing" as const, changed: undefined };
    const nodeIndex = this.#plan.stepNodes[step]!;
    const dependencies = this.#graph.dependencies[nodeIndex]!;
    const configParams = new Set(Array.from(dependencies, (dep) => this.#graph.nodes[dep]!).filter((dep) => dep.kind === "config").map((dep) => dep.name));
    const changedConfig = changed.filter((param) => configParams.has(param));
    return changedConfig.length > 0 ? { reason: "config_changed" as const, changed: changedConfig } : { reason: "input_changed" as const, changed };
  }

  /**
   * Stores `value` in the background. Its bytes are taken (and a typed array's framed, which
   * copies it) before this returns, so a consumer changing the value in place afterwards cannot
   * change the entry, as Hamilton's tests require of a DataFrame a later node mutates.
   */
  async #write(node: string, key: string, codeVersion: string, inputs: readonly (readonly [string, string])[], value: unknown): Promise<void> {
    try {
      const encoding = encodeStoredValue(value);
      const stored = encoding instanceof Promise ? await encoding : encoding;
      if (stored === undefined) {
        this.#record({ kind: "not_stored", runId: this.#runId, node, key, reason: "unsupported_value", detail: "the value is not Arrow, a typed array or plain data" });
        this.#warnOnce(`unsupported:${node}`, `funcflow cache: node "${node}" is not cached: its value is not an Arrow Table or Vector, a typed array or plain data. Give it the "disable" behaviour to silence this.`);
        return;
      }
      await this.#setup.store.write(node, key, frameEntry(node, key, stored.info, stored.bytes));
      await this.#setup.store.writeNote(node, JSON.stringify({ key, codeVersion, inputs } satisfies Note));
      this.#record({ kind: "stored", runId: this.#runId, node, key, bytes: stored.bytes.byteLength, format: stored.info.format });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      this.#record({ kind: "not_stored", runId: this.#runId, node, key, reason: "write_failed", detail });
    }
  }

  #corrupt(node: string, key: string, detail: string): void {
    this.#record({ kind: "corrupt", runId: this.#runId, node, key, detail });
    this.#setup.warn(`funcflow cache: the entry of node "${node}" (key ${key}) is unusable: ${detail}. It is recomputed and replaced.`);
  }

  /** `topic` is what was said about which node, e.g. `unsupported:model`. */
  #warnOnce(topic: string, message: string): void {
    if (this.#setup.warned.has(topic)) return;
    this.#setup.warned.add(topic);
    this.#setup.warn(message);
  }

  #record(event: CacheEvent): void {
    this.#events.push(event);
    const warning = event.kind === "corrupt" || (event.kind === "not_stored" && event.reason === "write_failed");
    if (warning) this.#setup.logger.warn(event, `cache ${event.kind}`);
    else this.#setup.logger.debug(event, `cache ${event.kind}`);
  }
}
