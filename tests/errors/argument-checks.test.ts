/**
 * The shared argument checks, called through the public functions that use them: a Map argument
 * given a plain object is told how to convert it, and every failure names the function and argument.
 */
import { describe, expect, it } from "vitest";
import { criticalPath } from "funcflow/adapters";
import { buildExplorerModel, otherVariants } from "funcflow/explorer";
import { executionPath, scannedCodeVersions, toGraphology } from "funcflow/graphology";
import { readTable, tableFromCsv } from "funcflow/io";
import { workerExecutor } from "funcflow/workers";
import { caught, rejection } from "../support/caught.ts";

const nodes = [{ name: "a", kind: "function", dependencies: [], dependents: [], tags: {} }] as never;

describe("requireMap and requireOptionalMap", () => {
  it("criticalPath, otherVariants and executionPath refuse a plain object where a Map belongs, saying how to convert it", () => {
    const errors = [
      caught(() => criticalPath(nodes, { a: 5 } as never)),
      caught(() => otherVariants(nodes, { "m.ts": {} } as never, {})),
      caught(() => executionPath({ a: {} } as never, { outputs: ["a"] })),
    ];
    expect(errors.map((error) => [error.code, error.details?.["argument"]])).toEqual([
      ["invalid_argument", "durations"],
      ["invalid_argument", "manifests"],
      ["invalid_argument", "byName"],
    ]);
    for (const error of errors) expect(error.message).toMatch(/must be a Map .*, got an object\. Convert an object with new Map\(Object\.entries\(object\)\)\.$/);
  });

  it("a value that is not an object gets no conversion hint", () => {
    const error = caught(() => criticalPath(nodes, 5 as never));
    expect(error.message).toBe("criticalPath: durations must be a Map from node name to milliseconds, got the number 5.");
  });

  it("an optional Map may be left out, and a given one must be a Map", async () => {
    expect(buildExplorerModel(nodes).nodes.map((node) => node.name)).toEqual(["a"]);
    expect(caught(() => buildExplorerModel(nodes, { codeVersions: { a: "v1" } as never })).message).toMatch(/^buildExplorerModel: options\.codeVersions must be a Map .*Convert an object/);
    expect(caught(() => toGraphology({ nodes } as never, { codeVersions: [] as never })).message).toMatch(/^toGraphology: options\.codeVersions must be a Map .*, got an empty array\.$/);
    expect(await scannedCodeVersions([], undefined)).toEqual(new Map());
    expect((await rejection(scannedCodeVersions([], { "m.ts": {} } as never))).message).toMatch(/^scannedCodeVersions: manifests must be a Map .*Convert an object/);
  });
});

describe("requireOptions and requireKnownRecord", () => {
  it("an options object must be a plain object: a Map is told how to convert, and undefined is refused where options are required", () => {
    const fromMap = caught(() => workerExecutor(new Map([["threads", 2]]) as never));
    expect(fromMap.message).toBe("workerExecutor: options must be a plain object such as { threads: 4 }, got a Map. Convert a Map with Object.fromEntries(map).");
    expect(caught(() => workerExecutor(null as never)).details).toEqual({ function: "workerExecutor", argument: "options", got: "null" });
  });

  it("optional options may be left out; a given one is checked for its type and for unknown keys, each named", async () => {
    expect(tableFromCsv("a\n1\n", undefined).numRows).toBe(1);
    expect(caught(() => tableFromCsv("a\n1\n", [] as never)).message).toBe("tableFromCsv: options must be a plain object such as { delimiter: \";\", header: false }, got an empty array.");
    const nested = await rejection(readTable("missing.csv", { csv: { delimitr: ";" } as never }));
    expect([nested.code, nested.details?.["argument"], nested.suggestion]).toEqual(["invalid_argument", "options.csv.delimitr", ["delimiter"]]);
  });
});
