/**
 * driver.materialize saves its files as one set: when any save fails, the output folder holds
 * exactly what it held before the call (same names, same bytes; no temporaries, no new
 * folders), and files the call would have replaced keep their old bytes. Failures are real and
 * go through the public API: a registered saver that throws, a target that turns into a folder
 * while the call runs, a built-in saver given a value it cannot write.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder, FuncflowError, type Driver, type Saver } from "funcflow";
import { folderSnapshot } from "../support/folder-snapshot.ts";

const module = new URL("../fixtures/engine/sales-pipeline.ts", import.meta.url);
const scratch = join(fileURLToPath(new URL("./tmp/", import.meta.url)), randomUUID());
mkdirSync(scratch, { recursive: true });
const salesCsv = join(scratch, "sales.csv");
writeFileSync(salesCsv, "region,amount\nnorth,10\nsouth,20\nnorth,30\n");
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The nodes of the fixture that every saver below accepts, saved as `<node>.txt`. */
const NODES = ["enriched", "taxedAmounts", "summary", "lookup"] as const;

/** A text saver for every value that throws for the nodes in `failing` (after writing half a file). */
function textSaver(failing: ReadonlySet<string>): Saver {
  return {
    name: "text",
    formats: ["txt"],
    accepts: () => true,
    save: async (value, path, _format, node) => {
      await writeFile(path, "half");
      if (failing.has(node)) throw new Error(`${node}: disk full while writing ${path}`);
      await writeFile(path, `new ${node} ${String(value).length}`);
    },
  };
}

let driver: Driver;
let failing = new Set<string>();
beforeAll(async () => {
  driver = await new Builder()
    .withModules(module)
    .withConfig({ taxRate: 0.1 })
    .withManifestCache(false)
    .withMaterializers({ ...textSaver(new Set()), save: (...args) => textSaver(failing).save(...args) })
    .build();
});

async function freshFolder(): Promise<string> {
  return mkdtemp(join(scratch, "out-"));
}

const caught = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as FuncflowError);

describe("driver.materialize saves all of its files or none", () => {
  it("a saver throwing on the 2nd of 3 outputs leaves the folder as it was: old files keep their bytes, no new file or folder", async () => {
    const root = await freshFolder();
    await writeFile(join(root, "enriched.txt"), "old enriched");
    await writeFile(join(root, "keep.csv"), "not ours");
    const before = await folderSnapshot(root);
    failing = new Set(["taxedAmounts"]);
    const error = await caught(
      driver.materialize({
        load: { sales: salesCsv },
        save: { enriched: join(root, "enriched.txt"), taxedAmounts: join(root, "new", "taxed.txt"), summary: join(root, "summary.txt") },
      }),
    );
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error).toMatchObject({ code: "io_failed", node: "taxedAmounts" });
    // The message names the target the user gave, not the staging file the saver wrote.
    expect(error!.message).toContain(`materialize: saving "taxedAmounts" to ${join(root, "new", "taxed.txt")}`);
    expect(error!.message).not.toContain(".tmp");
    expect(await folderSnapshot(root)).toEqual(before);
  });

  it("a target that becomes a folder while the call runs fails the move: files moved before it are put back", async () => {
    const root = await freshFolder();
    await writeFile(join(root, "enriched.txt"), "old enriched");
    const before = await folderSnapshot(root);
    const dr = await new Builder()
      .withModules(module)
      .withConfig({ taxRate: 0.1 })
      .withManifestCache(false)
      .withMaterializers({
        ...textSaver(new Set()),
        // Another process makes a folder where the last file goes, after the checks passed.
        save: async (value, path, format, node) => {
          await textSaver(new Set()).save(value, path, format, node);
          if (node === "summary") await mkdir(join(root, "summary.txt"));
        },
      })
      .build();
    const error = await caught(dr.materialize({ load: { sales: salesCsv }, save: { enriched: join(root, "enriched.txt"), lookup: join(root, "lookup.txt"), summary: join(root, "summary.txt") } }));
    expect(error).toMatchObject({ code: "io_failed", node: "summary" });
    expect(error!.message).toContain(`onto ${join(root, "summary.txt")} failed: EISDIR`);
    expect(error!.message).not.toContain(".tmp");
    expect(await folderSnapshot(root)).toEqual({ ...before, "summary.txt": "<folder>" });
  });

  it("a built-in saver that cannot write its value (a BigInt as JSON) keeps every target as it was", async () => {
    const root = await freshFolder();
    await writeFile(join(root, "summary.json"), "old summary");
    const before = await folderSnapshot(root);
    const dr = await new Builder().withModules(module).withConfig({ taxRate: 0.1 }).withManifestCache(false).build();
    // jsonValue accepts a BigInt-holding value, which JSON.stringify then refuses.
    const error = await caught(
      dr.materialize({
        load: { sales: salesCsv },
        save: { summary: join(root, "summary.json"), enriched: join(root, "enriched.csv") },
        overrides: { summary: { rows: 10n } },
      }),
    );
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error).toMatchObject({ node: "summary" });
    expect(error!.message).not.toContain(".tmp");
    expect(await folderSnapshot(root)).toEqual(before);
  });

  it("refuses two saves to one file before anything runs, a symlinked folder's spelling included", async () => {
    const root = await freshFolder();
    await mkdir(join(root, "out"));
    await symlink(join(root, "out"), join(root, "link"));
    const error = await caught(driver.materialize({ load: { sales: salesCsv }, save: { summary: join(root, "out", "x.txt"), lookup: join(root, "link", "x.txt") } }));
    expect(error).toMatchObject({ code: "invalid_argument", node: "lookup", details: { claimants: ['"summary"', '"lookup"'], path: join(root, "link", "x.txt"), file: join(root, "out", "x.txt") } });
    // The one shape every "two writes, one file" refusal has (files/rejectSharedPaths).
    expect(error!.message).toBe(
      `materialize: "summary" and "lookup" would both be written to "${join(root, "link", "x.txt")}" (the same file as "${join(root, "out", "x.txt")}"), so one would replace the other. Give each save its own file.`,
    );
    expect(await folderSnapshot(join(root, "out"))).toEqual({});
  });

  it("property: random sets of saves with one random failing save leave the folder unchanged; with none, every file is new", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.subarray([...NODES], { minLength: 1 }),
        fc.subarray([...NODES]),
        fc.option(fc.nat(), { nil: undefined }),
        fc.boolean(),
        async (saved, existing, failAt, nested) => {
          const root = await freshFolder();
          const target = (node: string) => join(root, ...(nested ? ["deep", "er"] : []), `${node}.txt`);
          for (const node of existing) {
            await mkdir(join(target(node), ".."), { recursive: true });
            await writeFile(target(node), `old ${node}`);
          }
          const before = await folderSnapshot(root);
          failing = new Set(failAt === undefined ? [] : [saved[failAt % saved.length]!]);
          const error = await caught(driver.materialize({ load: { sales: salesCsv }, save: Object.fromEntries(saved.map((node) => [node, target(node)])) }));
          if (failAt === undefined) {
            expect(error).toBeUndefined();
            const after = await folderSnapshot(root);
            for (const node of saved) expect(after[target(node).slice(root.length + 1)]).toMatch(new RegExp(`^new ${node} `));
            // Files the call did not save to are left alone.
            for (const node of existing.filter((other) => !saved.includes(other))) expect(after[target(node).slice(root.length + 1)]).toBe(`old ${node}`);
            expect(Object.keys(after).filter((path) => path.includes(".tmp"))).toEqual([]);
          } else {
            expect(error).toMatchObject({ code: "io_failed", node: [...failing][0] });
            expect(await folderSnapshot(root)).toEqual(before);
          }
          await rm(root, { recursive: true, force: true });
        },
      ),
      { numRuns: 25 },
    );
  });
});
