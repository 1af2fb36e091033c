/**
 * Two file sets written at once onto overlapping targets (two `materialize` calls or two
 * `funcflow build` runs on one folder) end as if one had run after the other: each target holds
 * the last writer's file, and no target holds the other writer's while another holds this
 * one's (a mix neither order gives). Real concurrent calls with random write timings.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { FileSetCommitError, writeFileSet } from "../../src/files/index.ts";
import { lockTargets } from "../../src/files/target-locks.ts";
import { folderSnapshot } from "../support/folder-snapshot.ts";
import { repo, runChild } from "../envelope/support/child.ts";

const roots: string[] = [];
afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

const NAMES = ["a.json", "b.json", "sub/c.json", "d.json", "sub/e.json"];
const sleep = (ms: number) => new Promise((wake) => setTimeout(wake, ms));

/** A writer: which targets, and how long each write takes (ms). */
const writer = fc.record({ targets: fc.subarray(NAMES, { minLength: 1 }), delays: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: NAMES.length, maxLength: NAMES.length }) });

/** The folder after the writers ran one after the other in `order`. */
function serially(before: Record<string, string>, writers: readonly { readonly targets: readonly string[] }[], order: readonly number[]): Record<string, string> {
  const after = { ...before };
  for (const index of order) {
    for (const name of writers[index]!.targets) {
      if (name.includes("/")) after[dirname(name)] = "<folder>";
      after[name] = `writer ${index}`;
    }
  }
  return after;
}

describe("concurrent file sets on one folder", () => {
  it("property: the folder ends as one writer's whole set after the other's, never a mix", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(writer, { minLength: 2, maxLength: 3 }), fc.subarray(NAMES), async (writers, existing) => {
        const root = await mkdtemp(join(tmpdir(), "funcflow-concurrent-sets-"));
        roots.push(root);
        for (const name of existing) {
          await mkdir(dirname(join(root, name)), { recursive: true });
          await writeFile(join(root, name), "old");
        }
        const before = await folderSnapshot(root);
        await Promise.all(
          writers.map((spec, index) =>
            writeFileSet(async (set) => {
              await Promise.all(
                spec.targets.map(async (name, at) => {
                  const staged = await set.stage(join(root, name));
                  await sleep(spec.delays[at]!);
                  await writeFile(staged, `writer ${index}`);
                }),
              );
            }),
          ),
        );
        const after = await folderSnapshot(root);
        const orders = writers.length === 2 ? [[0, 1], [1, 0]] : [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
        const outcomes = orders.map((order) => serially(before, writers, order));
        expect(outcomes).toContainEqual(after);
      }),
      { numRuns: 80 },
    );
  });

  it("a lock a killed writer left beside a target is broken: the next set writes, and no lock is left", async () => {
    const root = await mkdtemp(join(tmpdir(), "funcflow-concurrent-sets-"));
    roots.push(root);
    // pid 2^22 + 1 is above Linux's pid_max limit: no process has it.
    await writeFile(join(root, ".a.json.lock"), `${2 ** 22 + 1}\n0123456789abcdef\n`);
    await writeFileSet(async (set) => writeFile(await set.stage(join(root, "a.json")), "whole"));
    expect(await folderSnapshot(root)).toEqual({ "a.json": "whole" });
  });

  it("a set staging a file in a folder removes the locks killed writers left there, and no live or foreign one", async () => {
    const root = await mkdtemp(join(tmpdir(), "funcflow-concurrent-sets-"));
    roots.push(root);
    const lock = (pid: number) => `${pid}\n0123456789abcdef\n`;
    await writeFile(join(root, ".dead.json.lock"), lock(2 ** 22 + 1));
    await writeFile(join(root, ".live.json.lock"), lock(process.pid));
    await writeFile(join(root, ".tool.lock"), "another tool's lock");
    await writeFileSet(async (set) => writeFile(await set.stage(join(root, "a.json")), "a"));
    expect(await folderSnapshot(root)).toEqual({ "a.json": "a", ".live.json.lock": lock(process.pid), ".tool.lock": "another tool's lock" });
  });

  it("another tool's file named like a target's lock is neither waited for nor removed: the set fails at once naming the target and the file", async () => {
    const root = await mkdtemp(join(tmpdir(), "funcflow-concurrent-sets-"));
    roots.push(root);
    await writeFile(join(root, "a.json"), "old");
    await writeFile(join(root, ".a.json.lock"), "locked by an editor\n");
    const started = Date.now();
    const error = await writeFileSet(async (set) => writeFile(await set.stage(join(root, "a.json")), "new")).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(FileSetCommitError);
    expect((error as FileSetCommitError).target).toBe(join(root, "a.json"));
    expect((error as Error).message).toContain(join(root, ".a.json.lock"));
    expect(await folderSnapshot(root)).toEqual({ "a.json": "old", ".a.json.lock": "locked by an editor\n" });
  });

  it("a released lock is removed only while it is still this writer's: one another writer took after breaking it stays", async () => {
    const root = await mkdtemp(join(tmpdir(), "funcflow-concurrent-sets-"));
    roots.push(root);
    const target = join(root, "a.json");
    const release = await lockTargets([target]);
    const lock = join(root, ".a.json.lock");
    expect(await readFile(lock, "utf8")).toMatch(new RegExp(`^${process.pid}\\n[0-9a-f]{16}\\n$`));
    // This writer paused past the stale age: another broke its lock and holds its own.
    const other = `${process.pid}\nfedcba9876543210\n`;
    await writeFile(lock, other);
    await release();
    expect(await readFile(lock, "utf8")).toBe(other);
    await rm(lock);
    await (await lockTargets([target]))();
    expect(await folderSnapshot(root)).toEqual({});
  });

  it("a live writer's lock is waited for, not broken", async () => {
    const root = await mkdtemp(join(tmpdir(), "funcflow-concurrent-sets-"));
    roots.push(root);
    const lock = join(root, ".a.json.lock");
    await writeFile(lock, `${process.pid}\nanother-set-token\n`);
    let done = false;
    const writing = writeFileSet(async (set) => writeFile(await set.stage(join(root, "a.json")), "mine")).then(() => (done = true));
    await sleep(150);
    expect(done).toBe(false);
    const waiting = await folderSnapshot(root);
    expect(waiting["a.json"]).toBeUndefined(); // staged, not moved in
    expect(waiting[".a.json.lock"]).toBe(`${process.pid}\nanother-set-token\n`);
    await rm(lock);
    await writing;
    expect(await folderSnapshot(root)).toEqual({ "a.json": "mine" });
  });

  it("two processes writing sets onto the same targets in step: after every round, every file is one process's", async () => {
    const root = await mkdtemp(join(tmpdir(), "funcflow-concurrent-sets-"));
    roots.push(root);
    const targets = ["a.json", "b.json", "sub/c.json", "d.json", "e.json"];
    const [left, right] = await Promise.all(["left", "right"].map((label) => runChild("tests/files/support/write-sets-child.ts", [root, label, "40", targets.join(",")], repo)));
    expect(right!.stderr).toBe("");
    expect(left!.stderr).toBe("");
    expect(JSON.parse(left!.stdout)).toEqual([]);
  }, 20_000);
});
