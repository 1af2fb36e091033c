/**
 * The embedded registry: a folder (default `.funcflow/registry`). Envelopes sit under
 * `envelopes/<id>/`, moved in by one rename (atomic; a second copy of the same content is
 * dropped); versions are files `names/<name>/<version>.json` created exclusively, so concurrent
 * writers each get their own version and none is lost. A change of tags or metrics holds the
 * files/ lock of the envelope's `meta.json` (`.meta.json.lock`): a second change waits for as
 * long as the holder's process lives, so neither is lost.
 */
import { mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { FuncflowError, suggestNames, didYouMean, requirePath } from "../errors/index.ts";
import { writeFileAtomic } from "../io/index.ts";
import { ForeignLockError, lockTargets, sameFileKey, temporaryPathFor } from "../files/index.ts";
import { removeDeadStagings } from "./remove-dead-stagings.ts";
import { checkEnvelopeName } from "./envelope-name.ts";
import { readMeta, sealMeta } from "./envelope-meta.ts";
import { type EnvelopeMeta, ENVELOPE_FILES } from "./envelope-format.ts";
import type { Registry, RegistryEntry, RegistryFilter } from "./registry.ts";

/** The default registry folder, relative to the working directory. */
export const DEFAULT_REGISTRY = ".funcflow/registry";

const ID = /^[0-9a-f]{64}$/;

/**
 * A registry in `root` (created on first write).
 * @throws FuncflowError `invalid_argument` when `root` is not a non-empty string.
 * @throws FuncflowError `registry_invalid` (on first use) when `root` or a folder inside it is a file.
 * @example const registry = folderRegistry(".funcflow/registry");
 */
export function folderRegistry(root: string = DEFAULT_REGISTRY): Registry {
  requirePath("folderRegistry", "root", root, `".funcflow/registry"`);
  return new FolderRegistry(resolve(root));
}

class FolderRegistry implements Registry {
  readonly location: string;

  constructor(root: string) {
    this.location = root;
  }

  async stage(): Promise<string> {
    // Named as a files/ temporary: a save killed while it was staging leaves its folder, which
    // the next save removes once its process is gone (see removeDeadStagings).
    const staging = await this.#folder("staging");
    await removeDeadStagings(staging);
    const dir = temporaryPathFor(join(staging, "envelope"));
    await mkdir(dir);
    return dir;
  }

  async discard(staged: string): Promise<void> {
    await rm(staged, { recursive: true, force: true });
  }

  async add(staged: string, id: string, name: string): Promise<RegistryEntry> {
    checkEnvelopeName(name);
    // The name's folder first: a registry that cannot record the version fails before the
    // envelope moves in, so a failed save leaves no unnamed envelope behind. (Once moved in, an
    // envelope stays even if its version file then fails: it is whole, and a concurrent save of
    // the same content may already have named it.)
    const versions = await this.#folder(join("names", name));
    const target = join(await this.#folder("envelopes"), id);
    try {
      await rename(staged, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOTEMPTY" && code !== "EEXIST") throw this.#invalid(`moving the envelope into ${target} failed`, error);
      // The same content is already there: its id says so.
      await rm(staged, { recursive: true, force: true });
    }
    const createdAt = new Date().toISOString();
    for (let version = (await this.#latestVersion(name)) + 1; ; version += 1) {
      try {
        const handle = await open(join(versions, `${version}.json`), "wx");
        try {
          await handle.writeFile(JSON.stringify({ id, name, version, createdAt }));
          await handle.sync();
        } finally {
          await handle.close();
        }
        return { id, name, version, createdAt };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw this.#invalid(`writing version ${version} of "${name}" failed`, error);
        // Another writer took this version: try the next.
      }
    }
  }

  async list(filter: RegistryFilter = {}): Promise<readonly RegistryEntry[]> {
    const names = filter.name === undefined ? await this.#names() : [filter.name];
    const entries: RegistryEntry[] = [];
    for (const name of names) entries.push(...(await this.#versions(name)));
    const wanted = Object.entries(filter.tags ?? {});
    const kept: RegistryEntry[] = [];
    for (const entry of entries) {
      if (wanted.length === 0) {
        kept.push(entry);
        continue;
      }
      const meta = await readMeta(join(this.location, "envelopes", entry.id, ENVELOPE_FILES.meta));
      if (wanted.every(([key, value]) => meta.tags[key] === value)) kept.push(entry);
    }
    return kept.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.name.localeCompare(b.name) || b.version - a.version);
  }

  async resolve(reference: string): Promise<RegistryEntry> {
    await this.#check();
    if (/^[0-9a-f]{6,64}$/.test(reference)) {
      const ids = (await this.#entries("envelopes")).filter((id) => id.startsWith(reference));
      if (ids.length > 1) throw new FuncflowError("envelope_not_found", `${reference}: the id prefix matches ${ids.length} envelopes. Give more of the id.`, { details: { reference, matches: ids } });
      if (ids.length === 1) {
        const entry = (await this.list()).find((candidate) => candidate.id === ids[0]);
        return entry ?? { id: ids[0]!, name: "", version: 0, createdAt: "" };
      }
    }
    const at = reference.lastIndexOf("@");
    const name = at > 0 ? reference.slice(0, at) : reference;
    const versionText = at > 0 ? reference.slice(at + 1) : "latest";
    const versions = /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) ? await this.#versions(name) : [];
    if (versions.length === 0) {
      const suggestion = suggestNames(name, await this.#names());
      throw new FuncflowError("envelope_not_found", `${reference}: no envelope by that id or name in ${this.location}${didYouMean(suggestion)}. \`funcflow envelope list\` shows what is there.`, {
        suggestion,
        details: { reference, registry: this.location },
      });
    }
    const found = versionText === "latest" ? versions[0] : versions.find((entry) => String(entry.version) === versionText);
    if (found === undefined) {
      throw new FuncflowError("envelope_not_found", `${reference}: "${name}" has versions ${versions.map((entry) => entry.version).reverse().join(", ")}, not ${versionText}. Pick one of them.`, {
        details: { reference, versions: versions.map((entry) => entry.version) },
      });
    }
    return found;
  }

  async open(id: string): Promise<string> {
    const dir = join(this.location, "envelopes", id);
    if (!ID.test(id) || !(await isFolder(dir))) throw new FuncflowError("envelope_not_found", `${id}: no such envelope in ${this.location}. \`funcflow envelope list\` shows what is there.`, { details: { id } });
    return dir;
  }

  async updateMeta(id: string, change: (meta: EnvelopeMeta) => EnvelopeMeta): Promise<EnvelopeMeta> {
    const dir = await this.open(id);
    const path = join(dir, ENVELOPE_FILES.meta);
    // The files/ lock, not a timed one: a holder is waited for while its pid runs (a slow change
    // used to lose to one that broke its lock after 10 s), and a dead holder's lock is broken at once.
    const release = await lockTargets([await sameFileKey(path)]).catch((error: unknown) => {
      throw error instanceof ForeignLockError ? this.#invalid(`${error.lock} is not a funcflow lock (it holds no pid); move or remove it`, error) : this.#invalid(`locking ${path} failed`, error);
    });
    try {
      const current = await readMeta(path);
      const next = change({ tags: current.tags, metrics: current.metrics });
      await writeFileAtomic(path, sealMeta({ id: current.id, tags: next.tags, metrics: next.metrics }), { where: "updateMeta" });
      return next;
    } finally {
      await release();
    }
  }

  async #versions(name: string): Promise<RegistryEntry[]> {
    const files = await this.#entries(join("names", name));
    const entries = await Promise.all(
      files.filter((file) => /^\d+\.json$/.test(file)).map(async (file) => JSON.parse(await readFile(join(this.location, "names", name, file), "utf8")) as RegistryEntry),
    );
    return entries.sort((a, b) => b.version - a.version);
  }

  async #latestVersion(name: string): Promise<number> {
    const files = await this.#entries(join("names", name));
    return files.reduce((latest, file) => Math.max(latest, /^(\d+)\.json$/.test(file) ? Number.parseInt(file, 10) : 0), 0);
  }

  async #names(): Promise<string[]> {
    return this.#entries("names");
  }

  async #entries(sub: string): Promise<string[]> {
    await this.#check();
    try {
      return (await readdir(join(this.location, sub))).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw this.#invalid(`reading ${sub} failed`, error);
    }
  }

  /** A folder inside the registry, created when missing. */
  async #folder(sub: string): Promise<string> {
    await this.#check();
    const dir = join(this.location, sub);
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      throw this.#invalid(`cannot create ${dir}`, error);
    }
    return dir;
  }

  /** The registry root, when it exists, must be a folder. */
  async #check(): Promise<void> {
    try {
      if (!(await stat(this.location)).isDirectory()) throw this.#invalid("it is a file, not a folder", undefined);
    } catch (error) {
      if (error instanceof FuncflowError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOTDIR") throw this.#invalid("a part of its path is a file, not a folder", error);
      if (code !== "ENOENT") throw this.#invalid("it cannot be read", error);
    }
  }

  #invalid(what: string, cause: unknown): FuncflowError {
    return new FuncflowError("registry_invalid", `${this.location}: the registry is unusable: ${what}. Point --registry (or FUNCFLOW_REGISTRY) at a folder, or move the file away.`, {
      cause,
      details: { registry: this.location },
    });
  }
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
