/** The `Registry` interface: where envelopes are kept. The folder registry implements it; another store can follow. */
import type { EnvelopeMeta } from "./envelope-format.ts";

/** One stored envelope under one name and version. */
export interface RegistryEntry {
  readonly id: string;
  readonly name: string;
  /** 1, 2, … per name, in the order saves finished. */
  readonly version: number;
  readonly createdAt: string;
}

/** What `list` keeps. */
export interface RegistryFilter {
  readonly name?: string;
  /** Every given tag must match. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** A place envelopes are kept: content-addressed folders, names with increasing versions, mutable tags and metrics. */
export interface Registry {
  /** Where it is (a folder, a URL), for messages. */
  readonly location: string;
  /** A fresh empty folder to build a new envelope in (`content/` and `meta.json`). */
  stage(): Promise<string>;
  /** Takes in a staged envelope whose meta.json names its id, and gives it the next version of `name`. The staged folder is consumed. */
  add(staged: string, id: string, name: string): Promise<RegistryEntry>;
  /** Entries, newest first. */
  list(filter?: RegistryFilter): Promise<readonly RegistryEntry[]>;
  /** An id, a unique id prefix (6+ hex), `name` (its latest version) or `name@version`. */
  resolve(reference: string): Promise<RegistryEntry>;
  /** A local folder holding the envelope (a remote store would download it first). */
  open(id: string): Promise<string>;
  /** Changes tags or metrics; the content and the id stay. */
  updateMeta(id: string, change: (meta: EnvelopeMeta) => EnvelopeMeta): Promise<EnvelopeMeta>;
  /** Removes a staged folder that will not be added. */
  discard(staged: string): Promise<void>;
}
