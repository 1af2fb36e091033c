/** Several processes saving to one registry at once: every save gets its own version, none is lost; changes of tags and metrics wait for each other. */
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, mkdir, symlink, utimes, writeFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ENVELOPE_FILES, folderRegistry, loadEnvelope, verifyEnvelope } from "../../src/envelope.ts";
import { sealMeta } from "../../src/envelope/envelope-meta.ts";
import { hashContent } from "../../src/envelope/hash-content.ts";
import { lockPathFor } from "../../src/files/index.ts";
import { repo, runChild } from "./support/child.ts";

const CHILDREN = 2;
const SAVES_EACH = 1;
let sandbox: string | undefined;

afterAll(async () => {
  if (sandbox !== undefined) await rm(sandbox, { recursive: true, force: true });
});

describe("a folder registry under concurrent writers", () => {
  it("keeps every save of several child processes, versions 1..n without gaps", async () => {
    sandbox = await mkdtemp(join(tmpdir(), "funcflow-envelope-concurrent-"));
    const registry = join(sandbox, "registry");
    const results = await Promise.all(Array.from({ length: CHILDREN }, () => runChild("tests/envelope/support/save-child.ts", [registry, "hello", String(SAVES_EACH)], repo)));
    for (const result of results) expect(result.stderr).not.toMatch(/Error/);
    const saved = results.flatMap((result) => result.stdout.split("\n").filter((line) => line !== "")).map((line) => {
      const [version, id] = line.split(":");
      return { version: Number(version), id: id! };
    });
    expect(saved).toHaveLength(CHILDREN * SAVES_EACH);
    expect(saved.map((entry) => entry.version).sort((a, b) => a - b)).toEqual(Array.from({ length: CHILDREN * SAVES_EACH }, (_, index) => index + 1));
    const listed = await folderRegistry(registry).list({ name: "hello" });
    expect(listed.map((entry) => `${entry.version}:${entry.id}`).sort()).toEqual(saved.map((entry) => `${entry.version}:${entry.id}`).sort());
    // Every envelope is whole, and nothing is left in staging.
    for (const { version, id } of saved) expect((await loadEnvelope(`hello@${version}`, { registry })).id).toBe(id);
    expect(await readdir(join(registry, "staging"))).toEqual([]);
  }, 180_000);
});

describe("registry.add under many writers at once", () => {
  it("gives 24 concurrent adds of different and identical content 24 distinct versions", async () => {
    const root = await mkdtemp(join(tmpdir(), "funcflow-envelope-adds-"));
    try {
      const registry = folderRegistry(join(root, "registry"));
      const adds = Array.from({ length: 24 }, async (_, index) => {
        const staged = await registry.stage();
        const content = join(staged, ENVELOPE_FILES.content);
        await mkdir(content);
        // Every third one repeats the same content: it is stored once, under several versions.
        await writeFile(join(content, "envelope.json"), JSON.stringify({ index: index % 3 === 0 ? "same" : index }));
        const id = await hashContent(content);
        await writeFile(join(staged, ENVELOPE_FILES.meta), sealMeta({ id, tags: {}, metrics: {} }));
        return registry.add(staged, id, "many");
      });
      const entries = await Promise.all(adds);
      expect(entries.map((entry) => entry.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, index) => index + 1));
      expect(new Set(entries.map((entry) => entry.id)).size).toBe(17);
      for (const entry of entries) await expect(verifyEnvelope(await registry.open(entry.id), entry.id)).resolves.toMatchObject({ id: entry.id });
      expect(await readdir(join(root, "registry", "staging"))).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe("registry.stage after a killed save", () => {
  it("removes the staging folder a dead process left, and keeps a live one's", async () => {
    const root = await mkdtemp(join(tmpdir(), "funcflow-envelope-stale-"));
    try {
      const registry = folderRegistry(join(root, "registry"));
      const live = await registry.stage();
      // pid 2^22 + 1 is above Linux's pid_max limit: no process has it.
      const leftover = join(root, "registry", "staging", `.envelope.${2 ** 22 + 1}.0123456789ab.tmp`);
      await mkdir(join(leftover, ENVELOPE_FILES.content), { recursive: true });
      await writeFile(join(leftover, ENVELOPE_FILES.content, "envelope.json"), "half");
      const staged = await registry.stage();
      expect((await readdir(join(root, "registry", "staging"))).sort()).toEqual([basename(live), basename(staged)].sort());
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("removes every dead process's folder, whatever its age or naming generation, and no live one's however old", async () => {
    const root = await mkdtemp(join(tmpdir(), "funcflow-envelope-stale-"));
    try {
      const registry = folderRegistry(join(root, "registry"));
      const staging = join(root, "registry", "staging");
      const live = await registry.stage(); // creates staging/
      // A pid that ran a moment ago (a child that has exited), and one above Linux's pid_max.
      const exited = spawnSync(process.execPath, ["-e", ""]).pid!;
      const dead = [exited, 2 ** 22 + 1];
      const hoursAgo = new Date(Date.now() - 3 * 60 * 60 * 1000);
      const folders = {
        deadOld: dead.map((pid) => `${pid}-0123456789ab`), // before session 10's naming
        deadNew: dead.map((pid) => `.envelope.${pid}.0123456789ab.tmp`),
        liveOld: [`${process.pid}-abcdef012345`],
        liveNewAged: [`.envelope.${process.pid}.abcdef012345.tmp`],
        other: ["notes", `${process.pid}-not-hex`],
      };
      for (const name of Object.values(folders).flat()) {
        await mkdir(join(staging, name, ENVELOPE_FILES.content), { recursive: true });
        await writeFile(join(staging, name, ENVELOPE_FILES.content, "envelope.json"), "half");
      }
      // Old and quiet for hours: the files of the live folders too (a long example run).
      for (const name of [...folders.deadNew, ...folders.liveNewAged, ...folders.liveOld]) {
        for (const path of [join(staging, name, ENVELOPE_FILES.content, "envelope.json"), join(staging, name, ENVELOPE_FILES.content), join(staging, name)]) await utimes(path, hoursAgo, hoursAgo);
      }
      const staged = await registry.stage();
      expect((await readdir(staging)).sort()).toEqual([basename(live), basename(staged), ...folders.liveOld, ...folders.liveNewAged, ...folders.other].sort());
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe("registry.add that cannot record the version", () => {
  it("fails before the envelope moves in: no unnamed envelope is left behind", async () => {
    const root = await mkdtemp(join(tmpdir(), "funcflow-envelope-add-fails-"));
    try {
      const registry = folderRegistry(join(root, "registry"));
      await mkdir(join(root, "registry", "names"), { recursive: true });
      // The name's folder cannot be made: a link to nowhere stands where it goes.
      await symlink(join(root, "nowhere", "broken"), join(root, "registry", "names", "broken"));
      const staged = await registry.stage();
      const content = join(staged, ENVELOPE_FILES.content);
      await mkdir(content);
      await writeFile(join(content, "envelope.json"), "{}");
      const id = await hashContent(content);
      await writeFile(join(staged, ENVELOPE_FILES.meta), sealMeta({ id, tags: {}, metrics: {} }));
      await expect(registry.add(staged, id, "broken")).rejects.toMatchObject({ code: "registry_invalid" });
      expect(await readdir(join(root, "registry", "envelopes")).catch(() => [])).toEqual([]);
      await registry.discard(staged);
      expect(await readdir(join(root, "registry", "staging"))).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe("registry.updateMeta's lock", () => {
  /** A registry holding one small envelope; returns its folder and id. */
  async function oneEnvelope(root: string): Promise<{ registry: ReturnType<typeof folderRegistry>; id: string }> {
    const registry = folderRegistry(join(root, "registry"));
    const staged = await registry.stage();
    await mkdir(join(staged, ENVELOPE_FILES.content));
    await writeFile(join(staged, ENVELOPE_FILES.content, "envelope.json"), "{}");
    const id = await hashContent(join(staged, ENVELOPE_FILES.content));
    await writeFile(join(staged, ENVELOPE_FILES.meta), sealMeta({ id, tags: {}, metrics: {} }));
    await registry.add(staged, id, "locked");
    return { registry, id };
  }

  // The registry used to break a lock after waiting 10 s for it, however alive its holder: a
  // change taking longer then lost the concurrent one (both read the same meta.json).
  it("is not broken while its holder (another process) is alive, however long it holds it; the second change waits and both are kept", async () => {
    const root = await mkdtemp(join(tmpdir(), "funcflow-envelope-meta-lock-"));
    try {
      const { registry, id } = await oneEnvelope(root);
      const HOLD_MS = 11_500;
      const child = spawn(process.execPath, ["--import", pathToFileURL(join(repo, "node_modules/tsx/dist/loader.mjs")).href, join(repo, "tests/envelope/support/hold-meta-child.ts"), join(root, "registry"), id, String(HOLD_MS)], {
        cwd: repo,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes("holding")) resolve();
        });
        void exited.then(() => reject(new Error(`the child ended before holding the lock: ${stderr}`)));
      });
      const waited = Date.now();
      const meta = await registry.updateMeta(id, (current) => ({ ...current, tags: { ...current.tags, parent: "fast" } }));
      // Written after the child's change, on top of it.
      expect(stdout).toContain("done");
      expect(Date.now() - waited).toBeGreaterThan(10_000);
      expect(meta.tags).toEqual({ child: "slow", parent: "fast" });
      expect(await exited).toBe(0);
      const [entry] = await registry.list({ tags: { child: "slow", parent: "fast" } });
      expect(entry?.id).toBe(id);
      expect((await readdir(join(root, "registry", "envelopes", id))).sort()).toEqual([ENVELOPE_FILES.content, ENVELOPE_FILES.meta].sort());
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 40_000);

  it("is broken at once when its holder's process is gone", async () => {
    const root = await mkdtemp(join(tmpdir(), "funcflow-envelope-meta-lock-"));
    try {
      const { registry, id } = await oneEnvelope(root);
      const envelope = join(root, "registry", "envelopes", id);
      // pid 2^22 + 1 is above Linux's pid_max limit: no process has it.
      await writeFile(lockPathFor(join(envelope, ENVELOPE_FILES.meta)), `${2 ** 22 + 1}\n0123456789abcdef\n`);
      const started = Date.now();
      const meta = await registry.updateMeta(id, (current) => ({ ...current, tags: { stage: "prod" } }));
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(meta.tags).toEqual({ stage: "prod" });
      expect((await readdir(envelope)).sort()).toEqual([ENVELOPE_FILES.content, ENVELOPE_FILES.meta].sort());
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("names another tool's file in the lock's place rather than waiting for it or removing it", async () => {
    const root = await mkdtemp(join(tmpdir(), "funcflow-envelope-meta-lock-"));
    try {
      const { registry, id } = await oneEnvelope(root);
      const lock = lockPathFor(join(root, "registry", "envelopes", id, ENVELOPE_FILES.meta));
      await writeFile(lock, "not a pid\n");
      await expect(registry.updateMeta(id, (current) => current)).rejects.toMatchObject({ code: "registry_invalid", message: expect.stringContaining(lock) });
      expect(await readFile(lock, "utf8")).toBe("not a pid\n");
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
