/**
 * One rule refuses two writes of one set to one file, wherever it applies (rejectSharedPaths
 * before a set, writeFileSet's stage, materialize's saves, funcflow build's outputs): one code,
 * one message naming both writers and the path. Two spellings of one file are one file: random
 * paths through real symlinked folders, `..` and missing folders are refused exactly when
 * writing each path in turn (as writeFileSet does, after resolving it) lands two on one file.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { FuncflowError } from "../../src/errors/index.ts";
import { rejectSharedPaths, writeFileSet } from "../../src/files/index.ts";

const roots: string[] = [];
afterAll(() => Promise.all(roots.map((root) => rm(root, { recursive: true, force: true }))));

/** A tree with folders a, b, a/c and symlinks to them; `n` does not exist (a set creates it). */
async function tree(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "funcflow-shared-paths-"));
  roots.push(root);
  await mkdir(join(root, "a", "c"), { recursive: true });
  await mkdir(join(root, "b"));
  await symlink(join(root, "a"), join(root, "l1"));
  await symlink(join(root, "a", "c"), join(root, "l2"));
  await symlink("b", join(root, "l3")); // relative
  await symlink(join(root, "l1"), join(root, "a", "c", "up")); // a link to a link
  return root;
}

const caught = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

const SEGMENTS = ["a", "b", "c", "l1", "l2", "l3", "up", "n", "..", "."];
const relativePath = fc.tuple(fc.array(fc.constantFrom(...SEGMENTS), { maxLength: 4 }), fc.constantFrom("x.csv", "y.csv")).map(([folders, file]) => [...folders, file].join("/"));

/** Whether writing each path in turn (resolved, with its folders made) lands two of them on one file. */
async function writesCollide(root: string, paths: readonly string[]): Promise<boolean | "unwritable"> {
  try {
    if (paths.some((path) => !resolve(root, path).startsWith(`${root}/`))) return "unwritable";
    for (const [index, path] of paths.entries()) {
      const target = resolve(root, path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, String(index));
    }
    const read = await Promise.all(paths.map((path) => readFile(resolve(root, path), "utf8")));
    return read.some((text, index) => text !== String(index));
  } catch {
    return "unwritable"; // a path through a file (`x.csv/…`): not this rule's case
  }
}

describe("two writes to one file", () => {
  it("are refused exactly when two paths name one file, through symlinked folders, .. and missing folders", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(relativePath, { minLength: 2, maxLength: 4 }), async (paths) => {
        const collide = await writesCollide(await tree(), paths);
        if (collide === "unwritable") return;
        const root = await tree();
        const claims = paths.map((path, index) => ({ claimant: `writer ${index}`, path: join(root, path) }));
        const error = await caught(rejectSharedPaths(claims, { where: "test", fix: "Fix it." }));
        expect(error !== undefined, `${paths.join(" , ")}`).toBe(collide);
        if (error === undefined) return;
        expect(error).toBeInstanceOf(FuncflowError);
        const { code, details, message } = error as FuncflowError;
        expect(code).toBe("invalid_argument");
        const [first, second] = (details!.claimants as string[]).map((claimant) => Number(claimant.replace("writer ", "")));
        expect(await writesCollide(await tree(), [paths[first!]!, paths[second!]!])).toBe(true);
        expect(message).toContain(`writer ${first} and writer ${second} would both be written to "${join(root, paths[second!]!)}"`);
        expect(message).toMatch(/so one would replace the other\. Fix it\.$/);
      }),
      { numRuns: 150 },
    );
  });

  it("writeFileSet refuses a file staged twice under two spellings, with the same error, and writes nothing", async () => {
    const root = await tree();
    const error = await caught(
      writeFileSet(async (set) => {
        await writeFile(await set.stage(join(root, "a", "x.csv"), '"first"'), "1");
        await writeFile(await set.stage(join(root, "l1", "x.csv"), '"second"'), "2");
      }),
    );
    expect(error).toBeInstanceOf(FuncflowError);
    expect((error as FuncflowError).code).toBe("invalid_argument");
    expect((error as FuncflowError).message).toBe(
      `writeFileSet: "first" and "second" would both be written to "${join(root, "l1", "x.csv")}" (the same file as "${join(root, "a", "x.csv")}"), so one would replace the other. Stage each file of a set once.`,
    );
    expect(await readdir(join(root, "a"))).toEqual(["c"]); // no file, no staging folder
  });

  it("writeFileSet names unnamed stages by their order", async () => {
    const root = await tree();
    const error = await caught(writeFileSet(async (set) => void (await Promise.all([set.stage(join(root, "a")), set.stage(`${root}/./a`)]))));
    expect((error as FuncflowError).message).toBe(`writeFileSet: set.stage call 1 and set.stage call 2 would both be written to "${root}/./a", so one would replace the other. Stage each file of a set once.`);
  });
});
