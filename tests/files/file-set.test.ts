/**
 * writeFileSet writes a set of files whole or not at all: when a write or a move fails, the
 * folder holds exactly what it held before (same names, same bytes), and when all succeed it
 * holds the new files and no temporaries. Real files in a temporary folder; failures are real
 * (a writer that throws, a target that is a folder).
 */
import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { FileSetCommitError, removeStaleTemporaries, writeFileSet } from "../../src/files/index.ts";
import { folderSnapshot } from "../support/folder-snapshot.ts";

const roots: string[] = [];
afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

async function freshFolder(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "funcflow-file-set-"));
  roots.push(root);
  return root;
}

const caught = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe("writeFileSet", () => {
  it("moves every staged file onto its target and leaves no temporaries", async () => {
    const root = await freshFolder();
    await writeFile(join(root, "old.json"), "old");
    const result = await writeFileSet(async (set) => {
      const a = await set.stage(join(root, "old.json"));
      const b = await set.stage(join(root, "deep/er/new.csv"));
      // A staged path keeps the target's name, so a writer that reads the extension sees it.
      expect(a.endsWith("/old.json")).toBe(true);
      expect(b.endsWith("/new.csv")).toBe(true);
      await Promise.all([writeFile(a, "new"), writeFile(b, "x,y")]);
      return "done";
    });
    expect(result).toBe("done");
    expect(await folderSnapshot(root)).toEqual({ "old.json": "new", deep: "<folder>", "deep/er": "<folder>", "deep/er/new.csv": "x,y" });
  });

  it("a writer failing on the 2nd of 3 files leaves the folder as it was, created folders included", async () => {
    const root = await freshFolder();
    await writeFile(join(root, "a.json"), "old a");
    const before = await folderSnapshot(root);
    const failure = new Error("disk full");
    const error = await caught(
      writeFileSet(async (set) => {
        await writeFile(await set.stage(join(root, "a.json")), "new a");
        await writeFile(await set.stage(join(root, "sub/b.json")), "half");
        throw failure;
      }),
    );
    expect(error).toBe(failure);
    expect(await folderSnapshot(root)).toEqual(before);
  });

  it("a target that is a folder fails the move: targets moved before it are put back", async () => {
    const root = await freshFolder();
    await writeFile(join(root, "a.json"), "old a");
    await mkdir(join(root, "b.json"));
    await writeFile(join(root, "b.json", "inside"), "kept");
    const before = await folderSnapshot(root);
    const error = await caught(
      writeFileSet(async (set) => {
        for (const name of ["a.json", "new.json", "b.json"]) await writeFile(await set.stage(join(root, name)), `new ${name}`);
      }),
    );
    expect(error).toBeInstanceOf(FileSetCommitError);
    expect((error as FileSetCommitError).target).toBe(join(root, "b.json"));
    // The reason leaves out the staging paths the system error names.
    expect((error as FileSetCommitError).reason).toMatch(/^EISDIR/);
    expect((error as FileSetCommitError).message).not.toContain(".tmp");
    expect(await folderSnapshot(root)).toEqual(before);
  });

  it("refuses to stage one target twice", async () => {
    const root = await freshFolder();
    const error = await caught(writeFileSet(async (set) => void (await Promise.all([set.stage(join(root, "a")), set.stage(join(root, "./a"))]))));
    expect(String(error)).toContain("would both be written to");
    expect(await folderSnapshot(root)).toEqual({});
  });

  it("a writer failing while a stage is still under way leaves nothing once it settles", async () => {
    const root = await freshFolder();
    const error = await caught(
      writeFileSet(async (set) => {
        void set.stage(join(root, "deep", "er", "a.json")).catch(() => undefined); // not awaited: the writer throws first
        throw new Error("boom");
      }),
    );
    expect(String(error)).toContain("boom");
    expect(await folderSnapshot(root)).toEqual({});
  });

  it("a concurrent writer's cleanup during a failing move does not take the replaced files it must put back", async () => {
    const root = await freshFolder();
    // Targets last written hours ago: a second name kept for one of them has that old time too.
    const hoursAgo = new Date(Date.now() - 3 * 60 * 60 * 1000);
    const names = Array.from({ length: 60 }, (_, index) => `t${index}.json`);
    for (const name of names) {
      await writeFile(join(root, name), `old ${name}`);
      await utimes(join(root, name), hoursAgo, hoursAgo);
    }
    await mkdir(join(root, "z-folder")); // the last target is a folder: the move fails there, after every file moved
    const before = await folderSnapshot(root);
    let committing = true;
    const cleaner = (async () => {
      // Another writer of the folder (a cache, an atomic write): it removes temporaries it judges stale.
      while (committing) await removeStaleTemporaries(join(root, "other.json"));
    })();
    const error = await caught(
      writeFileSet(async (set) => {
        for (const name of [...names, "z-folder"]) await writeFile(await set.stage(join(root, name)), `new ${name}`);
      }),
    );
    committing = false;
    await cleaner;
    expect(error).toBeInstanceOf(FileSetCommitError);
    expect(await folderSnapshot(root)).toEqual(before);
  });

  it("removes a staging folder a dead process left beside a target", async () => {
    const root = await freshFolder();
    // pid 2^22 + 1 is above Linux's pid_max limit: no process has it.
    const leftover = join(root, `.a.json.${2 ** 22 + 1}.0123456789ab.tmp`);
    await mkdir(leftover);
    await writeFile(join(leftover, "a.json"), "half");
    await writeFileSet(async (set) => writeFile(await set.stage(join(root, "a.json")), "whole"));
    expect(await folderSnapshot(root)).toEqual({ "a.json": "whole" });
  });

  it("keeps a live writer's staging folder whose file is still being written, however old the folder", async () => {
    const root = await freshFolder();
    // A set of this process staged an hour and more ago, its file written since: the folder's
    // own time is that of the file's creation, not of its last write.
    const staging = join(root, `.a.json.${process.pid}.0123456789ab.tmp`);
    await mkdir(staging);
    await writeFile(join(staging, "a.json"), "being written");
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(staging, twoHoursAgo, twoHoursAgo);
    await writeFileSet(async (set) => writeFile(await set.stage(join(root, "b.json")), "b"));
    expect(await folderSnapshot(root)).toEqual({ "b.json": "b", [staging.slice(root.length + 1)]: "<folder>", [join(staging, "a.json").slice(root.length + 1)]: "being written" });
    // Once nothing in it has been written for an hour, it is a leftover of a reused pid.
    await utimes(join(staging, "a.json"), twoHoursAgo, twoHoursAgo);
    await writeFileSet(async (set) => writeFile(await set.stage(join(root, "b.json")), "b2"));
    expect(await folderSnapshot(root)).toEqual({ "b.json": "b2" });
  });

  it("property: random sets with one failing position change nothing; without a failure all are new", async () => {
    const names = ["a.json", "b.csv", "sub/c.arrow", "sub/deeper/d.txt", "e.parquet"];
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(names, { minLength: 1 }),
        fc.array(fc.boolean(), { minLength: names.length, maxLength: names.length }),
        fc.option(fc.record({ at: fc.nat(), how: fc.constantFrom("throws", "folder") }), { nil: undefined }),
        async (chosen, existing, failure) => {
          const root = await freshFolder();
          for (const [index, name] of chosen.entries()) {
            if (!existing[index]) continue;
            await mkdir(join(root, name, ".."), { recursive: true });
            await writeFile(join(root, name), `old ${name}`);
          }
          const failAt = failure === undefined ? -1 : failure.at % chosen.length;
          if (failure?.how === "folder") {
            await rm(join(root, chosen[failAt]!), { force: true });
            await mkdir(join(root, chosen[failAt]!), { recursive: true });
          }
          const before = await folderSnapshot(root);
          const error = await caught(
            writeFileSet(async (set) => {
              for (const [index, name] of chosen.entries()) {
                const staged = await set.stage(join(root, name));
                if (index === failAt && failure?.how === "throws") throw new Error("saver failed");
                await writeFile(staged, `new ${name}`);
              }
            }),
          );
          if (failure === undefined) {
            expect(error).toBeUndefined();
            const after = await folderSnapshot(root);
            for (const name of chosen) expect(after[name]).toBe(`new ${name}`);
            expect(Object.keys(after).filter((path) => path.includes(".tmp"))).toEqual([]);
          } else {
            expect(error).toBeDefined();
            expect(await folderSnapshot(root)).toEqual(before);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
