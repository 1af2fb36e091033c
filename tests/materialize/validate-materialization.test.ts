/**
 * `dr.validateMaterialization(request)` (Hamilton's `validate_materialization`): the checks
 * `materialize` makes before it runs a node, with nothing read, run or written; and, since
 * `materialize` calls the same check, the two agree on every request.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Builder, FuncflowError, recordResult, type Driver, type Loader, type MaterializeRequest } from "funcflow";
import { arrowTableResult } from "funcflow/arrow";
import { readTable } from "funcflow/io";
import { folderSnapshot } from "../support/folder-snapshot.ts";
import { rejection } from "../support/caught.ts";

const module = new URL("../fixtures/engine/sales-pipeline.ts", import.meta.url);
const scratch = join(fileURLToPath(new URL("./tmp/", import.meta.url)), randomUUID());
mkdirSync(scratch, { recursive: true });
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every node of the sales fixture that ran, in order (the fixture appends to it). */
const calls = ((globalThis as { __salesCalls?: string[] }).__salesCalls ??= []);
beforeEach(() => void calls.splice(0));

const inputsDir = join(scratch, "inputs");
mkdirSync(inputsDir);
const salesCsv = join(inputsDir, "sales.csv");
writeFileSync(salesCsv, "region,amount\nnorth,10\nsouth,20\nnorth,30\n");
const summaryJson = join(inputsDir, "summary.json");
writeFileSync(summaryJson, JSON.stringify({ rows: 1, total: 2, regions: ["east"] }));
/** A regular file where a save's folder would have to be. */
const blocking = join(inputsDir, "not-a-folder");
writeFileSync(blocking, "");

/** A loader of `.sales` files that records every file it reads: validation must read none. */
const read: string[] = [];
const recordingLoader: Loader = {
  name: "recordingSales",
  formats: ["sales"],
  produces: "table",
  load: async (path) => {
    read.push(path);
    return readTable(salesCsv);
  },
};
const salesFile = join(inputsDir, "sales.sales");
writeFileSync(salesFile, "");

/** Runs started: an adapter's beforeGraph is called once a run starts, before any node, even when no node is needed. */
const runsStarted: number[] = [];
let dr: Driver;
beforeAll(async () => {
  dr = await new Builder()
    .withModules(module)
    .withConfig({ taxRate: 0.1 })
    .withMaterializers(recordingLoader)
    .withAdapters({ name: "runsStarted", readsValues: false, beforeGraph: () => void runsStarted.push(1) })
    .withManifestCache(false)
    .build();
});

describe("dr.validateMaterialization", () => {
  it("passes a request materialize runs, reading, running and writing nothing", async () => {
    const out = await mkdtemp(join(scratch, "valid-"));
    const request: MaterializeRequest = {
      load: { sales: salesFile },
      save: {
        enriched: join(out, "enriched.parquet"),
        summary: join(out, "nested", "summary.json"),
        both: { path: join(out, "both.json"), dependencies: ["summary", "taxRate"], combine: recordResult },
      },
      outputs: ["lookup", "both_build_result"],
    };
    const before = { out: await folderSnapshot(out), inputs: await folderSnapshot(inputsDir) };
    await expect(dr.validateMaterialization(request)).resolves.toBeUndefined();
    expect({ out: await folderSnapshot(out), inputs: await folderSnapshot(inputsDir) }).toEqual(before);
    expect(calls).toEqual([]);
    expect(read).toEqual([]);
    // The same request runs: validation said so truly.
    const { saved } = await dr.materialize(request);
    expect(saved.map((file) => file.id)).toEqual(["enriched", "summary", "both"]);
    expect(read).toEqual([salesFile]);
    read.splice(0);
  });

  it("gives the loaded names as given: an input loaded, a function node loaded in place of running it", async () => {
    await expect(dr.validateMaterialization({ load: { enriched: salesCsv }, outputs: ["summary"] })).resolves.toBeUndefined();
    await expect(dr.validateMaterialization({ load: { summary: summaryJson }, save: { lookup: join(scratch, "lookup.json") } })).resolves.toBeUndefined();
  });

  const out = (name: string) => join(scratch, "refused", name);
  it.each<[string, MaterializeRequest, string, Record<string, unknown>, string]>([
    ["a malformed request", { save: { summary: 3 as never } }, "invalid_argument", {}, "request.save.summary"],
    ["a request saving and returning nothing", { load: { sales: salesCsv } }, "invalid_argument", {}, "saves nothing and returns nothing"],
    ["an unknown node saved, with did-you-mean", { load: { sales: salesCsv }, save: { sumary: out("s.json") } }, "unknown_output", { suggestion: ["summary"] }, `"sumary"`],
    ["an unknown output, with did-you-mean", { load: { sales: salesCsv }, outputs: ["lookpu"] }, "unknown_output", { suggestion: ["lookup"] }, `"lookpu"`],
    ["a missing input, naming who needs it", { save: { summary: out("s.json") } }, "missing_input", { input: "sales", neededBy: ["enriched"] }, `"sales"`],
    ["a format no saver writes", { load: { sales: salesCsv }, save: { summary: out("s.xyz") } }, "invalid_argument", {}, `".xyz"`],
    ["a format given that no saver writes", { load: { sales: salesCsv }, save: { summary: { path: out("s.json"), format: "yaml" } } }, "invalid_argument", {}, `no saver handles the format "yaml"`],
    ["several nodes to one file without combine", { load: { sales: salesCsv }, save: { both: { path: out("b.json"), dependencies: ["summary", "lookup"] } } }, "invalid_argument", {}, "no combine"],
    ["a combined save naming no node", { load: { sales: salesCsv }, save: { both: { path: out("b.csv"), dependencies: ["summary", "taxd"], combine: arrowTableResult } } }, "unknown_output", { node: "taxd" }, "dependencies[1]"],
    ["a combine building what no saver of the format writes", { load: { sales: salesCsv }, save: { both: { path: out("b.csv"), dependencies: ["summary", "taxRate"], combine: recordResult } } }, "invalid_argument", {}, "no saver writes that as csv"],
    ["two saves to one file", { load: { sales: salesCsv }, save: { summary: out("same.json"), lookup: out("same.json") } }, "invalid_argument", {}, "same.json"],
    ["a save below a regular file", { load: { sales: salesCsv }, save: { summary: join(blocking, "s.json") } }, "io_failed", { node: "summary" }, "is a file, not a folder"],
    ["a file to load no loader reads", { load: { sales: { path: salesCsv, as: "value" } }, outputs: ["summary"] }, "invalid_argument", {}, "no loader handles"],
    ["a file to load of no known format", { load: { sales: join(inputsDir, "sales.xyz") }, outputs: ["summary"] }, "invalid_argument", {}, "cannot tell the format"],
  ])("refuses %s with the error materialize throws, before running anything", async (_, request, code, fields, text) => {
    const error = await rejection(dr.validateMaterialization(request));
    expect(error).toMatchObject({ code, ...fields });
    expect(error.message).toContain(text);
    expect(calls).toEqual([]);
    const fromMaterialize = await rejection(dr.materialize(request));
    expect({ code: fromMaterialize.code, message: fromMaterialize.message }).toEqual({ code: error.code, message: error.message });
    expect(calls).toEqual([]);
    expect(read).toEqual([]);
  });
});

/** A named piece of a request, so a failing case prints readably. */
const pick = <T>(entries: Record<string, T>) => fc.constantFrom(...Object.keys(entries)).map((key) => entries[key]!);

describe("validateMaterialization agrees with materialize", () => {
  it("for random requests: validation throws iff materialize throws before its run starts, with the same error", async () => {
    const node = fc.constantFrom("enriched", "summary", "taxedAmounts", "lookup", "taxRate", "sales", "sumary");
    const file = fc.constantFrom("a.csv", "a.json", "b.parquet", "b.arrow", "c.xyz", "not-a-folder/d.json");
    const combined = fc.record({
      file,
      dependencies: fc.uniqueArray(node, { maxLength: 3 }),
      combine: fc.constantFrom(undefined, recordResult, arrowTableResult),
    });
    const load = pick<MaterializeRequest["load"]>({
      none: undefined,
      csv: { sales: salesCsv },
      custom: { sales: salesFile },
      asValue: { sales: { path: salesCsv, as: "value" } },
      summaryInPlace: { summary: summaryJson },
      unknownFormat: { sales: join(inputsDir, "sales.xyz") },
    });
    const pieces = fc.record({
      save: fc.option(fc.dictionary(node, file, { maxKeys: 3 }), { nil: undefined }),
      combinedSave: fc.option(combined, { nil: undefined }),
      load,
      outputs: fc.option(fc.uniqueArray(fc.constantFrom("summary", "lookup", "taxRate", "lookpu", "both_build_result"), { maxLength: 2 }), { nil: undefined }),
      givesSales: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(pieces, async ({ save, combinedSave, load, outputs, givesSales }) => {
        const out = await mkdtemp(join(scratch, "property-"));
        writeFileSync(join(out, "not-a-folder"), "");
        const path = (name: string) => join(out, name);
        const request: MaterializeRequest = {
          ...((save !== undefined || combinedSave !== undefined) && {
            save: {
              ...Object.fromEntries(Object.entries(save ?? {}).map(([node, file]) => [node, path(file)])),
              ...(combinedSave !== undefined && {
                both: { path: path(`both-${combinedSave.file}`), dependencies: combinedSave.dependencies, ...(combinedSave.combine !== undefined && { combine: combinedSave.combine }) },
              }),
            },
          }),
          ...(load !== undefined && { load }),
          ...(outputs !== undefined && { outputs }),
          ...(givesSales && { inputs: { sales: await readTable(salesCsv) } }),
        };
        calls.splice(0);
        runsStarted.splice(0);
        const validation = await dr.validateMaterialization(request).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect({ calls, runsStarted }).toEqual({ calls: [], runsStarted: [] });
        const before = await folderSnapshot(out);
        const run = await dr.materialize(request).then(
          () => undefined,
          (error: unknown) => error,
        );
        const failedBeforeRunning = run !== undefined && runsStarted.length === 0;
        const said = `validation ${validation === undefined ? "passed" : `threw ${String(validation)}`}, materialize ${run === undefined ? "passed" : `threw ${String(run)}`} after ${runsStarted.length} run(s) started, running ${calls.join(", ")}`;
        expect(failedBeforeRunning, said).toBe(validation !== undefined);
        if (validation !== undefined) {
          expect(validation).toBeInstanceOf(FuncflowError);
          expect((run as FuncflowError).message).toBe((validation as FuncflowError).message);
          expect(await folderSnapshot(out)).toEqual(before);
        }
        rmSync(out, { recursive: true, force: true });
      }),
      { numRuns: 60 },
    );
    read.splice(0);
  }, 60_000);
});
