/**
 * The scanner follows a return type imported from a relative module, file by file (syntax only),
 * for the modifiers that read fields: every import form, TypeScript's resolution of a relative
 * specifier, re-export chains, cycles, and the reasons it gives when it cannot.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scanFile, scanSource } from "funcflow/scanner";
import { contentHash, type ManifestFunction, type ModuleManifest } from "../../src/manifest/index.ts";

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "funcflow-imported-types-"));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Writes `files` (path relative to the folder → text) and scans `main.ts` among them. */
async function scanTree(files: Readonly<Record<string, string>>, main = "main.ts"): Promise<ModuleManifest> {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), text);
  }
  return scanFile(join(folder, main));
}

function entry(manifest: ModuleManifest, name: string): ManifestFunction {
  const found = manifest.functions.find((fn) => fn.exportName === name);
  if (found === undefined) throw new Error(`no function ${name} in the manifest`);
  return found;
}

const SPLIT = `export interface Split { train: number[]; test?: number[] }\n`;
const splitFields = [
  { name: "train", type: "number[]", optional: false },
  { name: "test", type: "number[]", optional: true },
];

describe("scanner: extractFields follows a type imported from a relative module", () => {
  it.each([
    ["a named import without extension", `import { Split } from "./types";`, "Split"],
    ["a type-only import renamed, with the .ts extension", `import type { Split as Parts } from "./types.ts";`, "Parts"],
    ["a namespace import with a .js specifier", `import * as t from "./types.js";`, "t.Split"],
    ["a type-only namespace import", `import type * as t from "./types";`, "t.Split"],
    ["an import inside Promise<…>", `import type { Split } from "./types.js";`, "Promise<Split>"],
  ])("reads %s", async (_, imports, written) => {
    const manifest = await scanTree({
      "types.ts": SPLIT,
      "main.ts": `${imports}\nimport { extractFields } from "funcflow";\nexport const split = extractFields(async (xs: number[]): ${written.startsWith("Promise") ? written : `Promise<${written}>`} => ({ train: xs }));\n`,
    });
    expect(entry(manifest, "split").returnFields).toEqual(splitFields);
    expect(entry(manifest, "split").returnFieldsProblem).toBeUndefined();
    expect(manifest.typeSources).toEqual([{ path: "types.ts", contentHash: contentHash(SPLIT) }]);
  });

  it("reads a default-exported interface through a default import", async () => {
    const manifest = await scanTree({
      "types.ts": `export default interface Split { train: number[]; test?: number[] }\n`,
      "main.ts": `import type Split from "./types";\nexport const split = extractFields((xs: number[]): Split => ({ train: xs }));\n`,
    });
    expect(entry(manifest, "split").returnFields).toEqual(splitFields);
  });

  it("resolves .mjs and .cjs specifiers to .mts and .cts, and an extensionless one to a .d.ts", async () => {
    const manifest = await scanTree({
      "a.mts": `export interface A { a: number }\n`,
      "b.cts": `export interface B { b: string }\n`,
      "c.d.ts": `export interface C { c: boolean }\n`,
      "main.ts": `import type { A } from "./a.mjs";\nimport type { B } from "./b.cjs";\nimport type { C } from "./c";\nexport const all = extractFields((x: number): A & B & C => ({ a: x, b: "", c: true }));\n`,
    });
    expect(entry(manifest, "all").returnFields?.map((field) => field.name)).toEqual(["a", "b", "c"]);
    // Before c.d.ts, TypeScript tries c.ts and c.tsx: their appearing would change what "./c" means.
    expect(manifest.typeSources?.map((source) => [source.path, source.contentHash === null])).toEqual([
      ["a.mts", false],
      ["b.cts", false],
      ["c.d.ts", false],
      ["c.ts", true],
      ["c.tsx", true],
    ]);
  });

  it("reads a folder's index.ts, recording the files tried before it as missing", async () => {
    const manifest = await scanTree({
      "types/index.ts": SPLIT,
      "main.ts": `import type { Split } from "./types";\nexport const split = extractFields((xs: number[]): Split => ({ train: xs }));\n`,
    });
    expect(entry(manifest, "split").returnFields).toEqual(splitFields);
    expect(manifest.typeSources).toEqual([
      { path: "types.d.ts", contentHash: null },
      { path: "types.ts", contentHash: null },
      { path: "types.tsx", contentHash: null },
      { path: "types/index.ts", contentHash: contentHash(SPLIT) },
    ]);
  });

  it("reads a folder's index.ts through \".\" and \"..\"", async () => {
    const manifest = await scanTree(
      {
        "index.ts": SPLIT,
        "sub/index.ts": `export interface Inner { inner: number }\n`,
        "sub/main.ts": `import type { Split } from "..";\nimport type { Inner } from ".";\nexport const a = extractFields((xs: number[]): Split => ({ train: xs }));\nexport const b = extractFields((): Inner => ({ inner: 1 }));\n`,
      },
      "sub/main.ts",
    );
    expect(entry(manifest, "a").returnFields).toEqual(splitFields);
    expect(entry(manifest, "b").returnFields).toEqual([{ name: "inner", type: "number", optional: false }]);
    expect(manifest.typeSources).toEqual([
      { path: "../index.ts", contentHash: contentHash(SPLIT) },
      { path: "index.ts", contentHash: expect.any(String) },
    ]);
  });

  it("follows re-export chains: export { X } from, export { Y as X }, export * from, and a local import re-exported", async () => {
    const manifest = await scanTree({
      "shared/index.ts": `export { Split } from "./split.js";\nexport * from "./more";\nexport { Inner as Renamed } from "./inner";\nimport { Local } from "./local";\nexport { Local as Relayed };\n`,
      "shared/split.ts": `export * from "./deep/split";\n`,
      "shared/deep/split.ts": SPLIT,
      "shared/more.ts": `export type More = { more: string };\n`,
      "shared/inner.ts": `export interface Inner { inner: Date }\n`,
      "shared/local.ts": `export interface Local { local: bigint }\n`,
      "main.ts": [
        `import type { Split, More, Renamed, Relayed } from "./shared/index.js";`,
        `export const a = extractFields((xs: number[]): Split => ({ train: xs }));`,
        `export const b = extractFields((): More => ({ more: "" }));`,
        `export const c = extractFields((): Renamed => ({ inner: new Date() }));`,
        `export const d = extractFields((): Relayed => ({ local: 1n }));`,
      ].join("\n"),
    });
    expect(entry(manifest, "a").returnFields).toEqual(splitFields);
    expect(entry(manifest, "b").returnFields).toEqual([{ name: "more", type: "string", optional: false }]);
    expect(entry(manifest, "c").returnFields).toEqual([{ name: "inner", type: "Date", optional: false }]);
    expect(entry(manifest, "d").returnFields).toEqual([{ name: "local", type: "bigint", optional: false }]);
    expect(manifest.typeSources?.filter((source) => source.contentHash !== null).map((source) => source.path)).toEqual([
      "shared/deep/split.ts",
      "shared/index.ts",
      "shared/inner.ts",
      "shared/local.ts",
      "shared/more.ts",
      "shared/split.ts",
    ]);
  });

  it("reads a type alias of an intersection whose parts live in two files, each field's type as written where it is declared", async () => {
    const manifest = await scanTree({
      "train.ts": `type Rows = number[];\nexport interface Train { train: Rows }\n`,
      "types.ts": `import type { Train } from "./train.js";\nexport type Split = Train & { test: Array<number> };\n`,
      "main.ts": `import type { Split } from "./types.js";\nexport const split = extractFields((xs: number[]): Split => ({ train: xs, test: xs }));\n`,
    });
    expect(entry(manifest, "split").returnFields).toEqual([
      { name: "train", type: "Rows", optional: false },
      { name: "test", type: "Array<number>", optional: false },
    ]);
  });

  it("reads an interface that extends bases from other files (a TypedDict subclass): the bases' fields, then its own, which replace a base's", async () => {
    const manifest = await scanTree({
      "base.ts": `export interface Base { id: string; score: number }\n`,
      "more.ts": `export interface More { note?: string; id: string }\n`,
      "types.ts": `import type { Base } from "./base";\nimport type * as m from "./more";\nexport interface Scored extends Base, m.More { score: bigint; extra: boolean }\n`,
      "main.ts": `import type { Scored } from "./types";\ninterface Local extends Scored {}\nexport const scored = extractFields((): Local => null as never);\n`,
    });
    expect(entry(manifest, "scored").returnFields).toEqual([
      { name: "id", type: "string", optional: false },
      { name: "note", type: "string", optional: true },
      { name: "score", type: "bigint", optional: false },
      { name: "extra", type: "boolean", optional: false },
    ]);
  });

  it("gives no fields for an interface whose base comes from a package, saying why", async () => {
    const manifest = await scanTree({
      "types.ts": `import type { Base } from "some-pkg";\nexport interface Scored extends Base { score: number }\n`,
      "main.ts": `import type { Scored } from "./types";\nexport const scored = extractFields((): Scored => null as never);\n`,
    });
    expect(entry(manifest, "scored").returnFields).toBeUndefined();
    expect(entry(manifest, "scored").returnFieldsProblem).toMatch(/^"Base" is imported from the package "some-pkg"/);
  });

  it("reads the schema of extractColumns' Table<…> from an imported interface", async () => {
    const manifest = await scanTree({
      "schema.ts": `import type { Float64 } from "apache-arrow";\nexport interface People { age: Float64 }\n`,
      "main.ts": `import type { Table } from "apache-arrow";\nimport type { People } from "./schema.ts";\nexport const people = extractColumns(["age"], (): Table<People> => null as never);\n`,
    });
    expect(entry(manifest, "people").returnColumns).toEqual([{ name: "age", type: "Vector<Float64>", optional: false }]);
  });

  it("reads every object return type of a .d.ts through tsc's .d.ts of the types module", async () => {
    const manifest = await scanTree(
      {
        "dist/types.d.ts": `export interface Split {\n    train: number[];\n    test?: number[];\n}\n`,
        "dist/main.d.ts": `import type { Split } from "./types.js";\nexport declare const split: (xs: number[]) => Split;\nexport declare const total: (xs: number[]) => number;\n`,
      },
      "dist/main.d.ts",
    );
    expect(entry(manifest, "split").returnFields).toEqual(splitFields);
    expect(manifest.typeSources).toEqual([
      { path: "types.d.ts", contentHash: expect.any(String) },
      { path: "types.ts", contentHash: null },
      { path: "types.tsx", contentHash: null },
    ]);
  });

  it("stops at a re-export cycle and says so", async () => {
    const manifest = await scanTree({
      "a.ts": `export * from "./b";\n`,
      "b.ts": `export * from "./a";\n`,
      "main.ts": `import type { Split } from "./a";\nexport const split = extractFields((xs: number[]): Split => ({ train: xs }));\n`,
    });
    expect(entry(manifest, "split").returnFields).toBeUndefined();
    expect(entry(manifest, "split").returnFieldsProblem).toBe(
      `"Split" is imported from "./a", but the re-exports of "Split" go round in a cycle through ./a.ts. Import the type from the module that declares it`,
    );
  });

  it("still finds a type two re-export paths reach (a diamond is no cycle)", async () => {
    const manifest = await scanTree({
      "index.ts": `export * from "./left";\nexport * from "./right";\n`,
      "left.ts": `export * from "./base";\n`,
      "right.ts": `export * from "./base";\n`,
      "base.ts": SPLIT,
      "main.ts": `import type { Split } from "./index.ts";\nexport const split = extractFields((xs: number[]): Split => ({ train: xs }));\n`,
    });
    expect(entry(manifest, "split").returnFields).toEqual(splitFields);
  });

  it("gives up after 16 files, saying so", async () => {
    const files: Record<string, string> = { "f20.ts": SPLIT, "main.ts": `import type { Split } from "./f0";\nexport const split = extractFields((xs: number[]): Split => ({ train: xs }));\n` };
    for (let index = 0; index < 20; index++) files[`f${index}.ts`] = `export * from "./f${index + 1}";\n`;
    const manifest = await scanTree(files);
    expect(entry(manifest, "split").returnFieldsProblem).toContain("following it went through more than 16 files");
  });

  it.each([
    ["the file does not export the type", { "types.ts": `export interface Other { a: number }\n` }, `"Split" is imported from "./types", but ./types.ts does not export "Split" (as an interface or type alias). Export the type from ./types.ts`],
    ["the file declares it without export", { "types.ts": `interface Split { a: number }\n` }, `"Split" is imported from "./types", but ./types.ts declares "Split" without exporting it. Export it there (\`export interface Split …\`)`],
    ["the file cannot be parsed", { "types.ts": `export interface Split { a: number \n` }, `"Split" is imported from "./types", but ./types.ts cannot be parsed: '}' expected. (line 2). Fix its syntax`],
    ["no file is there", {}, `"Split" is imported from "./types", but "./types" resolves to no file (tried ./types.ts, ./types.tsx, ./types.d.ts, ./types/index.ts, ./types/index.tsx, ./types/index.d.ts). Fix the import's path`],
  ])("records why when %s", async (_, files, problem) => {
    const manifest = await scanTree({ ...files, "main.ts": `import type { Split } from "./types";\nexport const split = extractFields((xs: number[]): Split => ({ a: 1 }));\n` });
    expect(entry(manifest, "split").returnFields).toBeUndefined();
    expect(entry(manifest, "split").returnFieldsProblem).toBe(problem);
  });

  it("records why when the file is there but cannot be read", () => {
    const manifest = scanSource(`import type { Split } from "./types";\nexport const split = extractFields((xs: number[]): Split => ({ a: 1 }));\n`, "/virtual/main.ts", {
      readFile: (path) => {
        if (path === "/virtual/types.ts") throw new Error("EACCES: permission denied");
        return undefined;
      },
    });
    expect(entry(manifest, "split").returnFieldsProblem).toBe(`"Split" is imported from "./types", but ./types.ts cannot be read: EACCES: permission denied. Make it readable`);
    // Recorded as missing: the cache trusts the manifest again only once the file is gone.
    expect(manifest.typeSources).toEqual([{ path: "types.ts", contentHash: null }]);
  });

  it("scanSource refuses a readFile that is not a function", () => {
    expect(() => scanSource("export const a = 1;", "m.ts", { readFile: "fs" as never })).toThrow(expect.objectContaining({ code: "invalid_argument" }));
  });

  it("reads no file for a type imported from a package, and says why it cannot follow it", () => {
    const reads: string[] = [];
    const manifest = scanSource(`import type { Split } from "some-pkg";\nexport const split = extractFields((xs: number[]): Split => ({ a: 1 }));\n`, "/virtual/main.ts", {
      readFile: (path) => void reads.push(path),
    });
    expect(reads).toEqual([]);
    expect(manifest.typeSources).toBeUndefined();
    expect(entry(manifest, "split").returnFieldsProblem).toMatch(/^"Split" is imported from the package "some-pkg", and the scanner follows relative imports only \(a package's types are found through its package\.json and node_modules/);
  });

  it("reads no file for a module whose types are its own or inline, nor for functions no field reader asks about", () => {
    const reads: string[] = [];
    const manifest = scanSource(
      `import type { Split } from "./types";\nimport { extractFields } from "funcflow";\ninterface Local { a: number }\nexport const a = extractFields((x: number): Local => ({ a: x }));\nexport const b = extractFields((x: number): { b: number } => ({ b: x }));\nexport const c = (xs: number[]): Split => ({ train: xs });\n`,
      "/virtual/main.ts",
      { readFile: (path) => void reads.push(path) },
    );
    expect(reads).toEqual([]);
    expect(manifest.typeSources).toBeUndefined();
    expect(manifest.functions.map((fn) => fn.returnFields?.length)).toEqual([1, 1, undefined]);
  });

  it("records no problem on a .d.ts function typed by a package, which extractFields may never wrap", () => {
    const manifest = scanSource(`import type { Float64, Vector } from "apache-arrow";\nexport declare const v: (x: number) => Vector<Float64>;\n`, "/virtual/main.d.ts", { readFile: () => undefined });
    expect(entry(manifest, "v").returnFieldsProblem).toBeUndefined();
  });
});

describe("scanner: imported types, a property", () => {
  it("interfaces split across files behind random re-export paths give the fields one file gives", () => {
    const files = ["f0", "f1", "f2", "f3"] as const;
    const specifierOf = (file: string, form: number) => [`./${file}`, `./${file}.js`, `./${file}.ts`][form]!;
    const layout = fc.array(
      fc.record({
        fields: fc.uniqueArray(fc.constantFrom("a", "b", "c", "d", "e"), { minLength: 1, maxLength: 3 }),
        path: fc.uniqueArray(fc.constantFrom(...files), { minLength: 1, maxLength: 4 }),
        forms: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 4, maxLength: 4 }),
        star: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      }),
      { minLength: 1, maxLength: 4 },
    );
    fc.assert(
      fc.property(layout, (interfaces) => {
        const declarations = interfaces.map((spec, index) => `export interface I${index} { ${spec.fields.map((field, at) => `${field}${index}: T${at}`).join("; ")} }`);
        const returned = interfaces.map((_, index) => `I${index}`).join(" & ");
        const body = `export const all = extractFields((): ${returned} => null as never);`;
        const single = scanSource(`${declarations.join("\n")}\n${body}\n`, "/one/main.ts", { readFile: () => undefined });

        // Each interface is declared in the last file of its path; every earlier file re-exports it from the next.
        const texts = new Map<string, string[]>();
        const add = (file: string, line: string) => texts.set(file, [...(texts.get(file) ?? []), line]);
        const imports: string[] = [];
        interfaces.forEach((spec, index) => {
          spec.path.forEach((file, step) => {
            const next = spec.path[step + 1];
            if (next === undefined) add(file, declarations[index]!);
            else add(file, spec.star[step] ? `export * from "${specifierOf(next, spec.forms[step]!)}";` : `export { I${index} } from "${specifierOf(next, spec.forms[step]!)}";`);
          });
          imports.push(`import type { I${index} } from "${specifierOf(spec.path[0]!, spec.forms[3]!)}";`);
        });
        const disk = new Map([...texts].map(([file, lines]) => [resolve("/split", `${file}.ts`), lines.join("\n")]));
        const split = scanSource(`${imports.join("\n")}\n${body}\n`, "/split/main.ts", { readFile: (path) => disk.get(path) });

        expect(single.functions[0]?.returnFields).toBeDefined();
        expect(split.functions[0]?.returnFields).toEqual(single.functions[0]?.returnFields);
      }),
      { numRuns: 150 },
    );
  });
});
