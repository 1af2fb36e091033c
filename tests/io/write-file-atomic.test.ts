import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../src/io/index.ts";
import { FuncflowError } from "../../src/errors/index.ts";
import { rejection } from "../support/caught.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "funcflow-atomic-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});


describe("writeFileAtomic", () => {
  it("writeFileAtomic writes bytes, text and chunks", async () => {
    const path = join(dir, "out.txt");
    await writeFileAtomic(path, "hello");
    expect(await readFile(path, "utf8")).toBe("hello");
    await writeFileAtomic(path, new TextEncoder().encode("bytes"));
    expect(await readFile(path, "utf8")).toBe("bytes");
    await writeFileAtomic(path, ["a", new TextEncoder().encode("b"), "c"]);
    expect(await readFile(path, "utf8")).toBe("abc");
  });

  it("writeFileAtomic leaves no file when the content fails midway", async () => {
    const sub = await mkdtemp(join(dir, "midway-"));
    function* failing(): Generator<string> {
      yield "first chunk is written\n";
      throw new Error("serialiser broke");
    }
    const error = await rejection(writeFileAtomic(join(sub, "out.csv"), failing()));
    expect(error.code).toBe("io_failed");
    expect((error.cause as Error).message).toBe("serialiser broke");
    expect(await readdir(sub)).toEqual([]);
  });

  it("writeFileAtomic keeps the old file intact when a rewrite fails midway", async () => {
    const sub = await mkdtemp(join(dir, "keep-"));
    const path = join(sub, "out.csv");
    await writeFile(path, "old content");
    async function* failing(): AsyncGenerator<string> {
      yield "new ";
      throw new Error("boom");
    }
    await rejection(writeFileAtomic(path, failing()));
    expect(await readFile(path, "utf8")).toBe("old content");
    expect(await readdir(sub)).toEqual(["out.csv"]);
  });

  it("writeFileAtomic throws io_failed when the directory disappears during the write", async () => {
    const sub = join(dir, "vanishing");
    await mkdir(sub);
    const path = join(sub, "out.csv");
    async function* removingTheDirectory(): AsyncGenerator<string> {
      yield "a\n";
      await rm(sub, { recursive: true, force: true });
      yield "b\n";
    }
    const error = await rejection(writeFileAtomic(path, removingTheDirectory()));
    expect(error.code).toBe("io_failed");
    expect(error.details).toMatchObject({ path, systemCode: "ENOENT" });
    await expect(readdir(sub)).rejects.toThrow();
  });

  it("writeFileAtomic into a missing directory throws io_failed naming the path", async () => {
    const path = join(dir, "no-such-dir", "x.txt");
    const error = await rejection(writeFileAtomic(path, "x"));
    expect(error.code).toBe("io_failed");
    expect(error.details).toEqual({ path, systemCode: "ENOENT" });
  });

  it("writeFileAtomic rethrows a FuncflowError from the content unchanged", async () => {
    const sub = await mkdtemp(join(dir, "ff-"));
    const original = new FuncflowError("type_mismatch", "x: y. z.");
    function* failing(): Generator<string> {
      yield "a";
      throw original;
    }
    expect(await rejection(writeFileAtomic(join(sub, "o"), failing()))).toBe(original);
    expect(await readdir(sub)).toEqual([]);
  });

  it("createFolder makes the folders first; `where` names the caller in the error", async () => {
    const path = join(dir, "made", "deep", "x.txt");
    await writeFileAtomic(path, "x", { where: "funcflow build", createFolder: true });
    expect(await readFile(path, "utf8")).toBe("x");
    const error = await rejection(writeFileAtomic(join(dir, "missing", "y.txt"), "y", { where: "funcflow build" }));
    expect(error.message).toMatch(/^funcflow build: writing ".*y\.txt" failed: the file or its directory does not exist\./);
  });

  it("createFolder below a regular file fails with io_failed naming the path, never the cleanup's error", async () => {
    const file = join(dir, "plain-file");
    await writeFile(file, "not a folder");
    const path = join(file, "out", "x.txt");
    const error = await rejection(writeFileAtomic(path, "x", { where: "funcflow view", createFolder: true }));
    expect(error.code).toBe("io_failed");
    expect(error.message).toContain(`funcflow view: writing "${path}" failed`);
    expect(error.details).toMatchObject({ path, systemCode: "ENOTDIR" });
  });

  it("refuses a createFolder that is not a boolean or a where that is not a name, and writes nothing", async () => {
    const sub = await mkdtemp(join(dir, "options-"));
    const folder = await rejection(writeFileAtomic(join(sub, "new", "out.txt"), "x", { createFolder: "no" as unknown as boolean }));
    expect(folder.message).toContain("writeFileAtomic: options.createFolder must be true or false");
    const where = await rejection(writeFileAtomic(join(sub, "out.txt"), "x", { where: 5 as unknown as string }));
    expect(where.message).toContain("writeFileAtomic: options.where must be a non-empty string");
    expect(await readdir(sub)).toEqual([]);
  });
});
