/**
 * `subdag` and `parameterizedSubdag` over functions listed by name (Hamilton's
 * `@subdag(fn1, fn2)`): declared in the same module (exported or not, `function` or `const`) or
 * imported, mixed with modules, with config variants; the same graph as a module holding the
 * functions would give; and every entry that names no declaration refused.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, describe, expect, it, vi } from "vitest";
import { Builder } from "funcflow";
import { scannedCodeVersions } from "funcflow/graphology";
import { checkEdgeTypes, scanFile } from "funcflow/scanner";
import { workerExecutor } from "funcflow/workers";
import { main } from "../../src/cli/index.ts";
import { buildSource, caught, fixture, removeInlineModules } from "./support/build.ts";

afterAll(removeInlineModules);

const listedFixture = fixture("listed/subdag-functions");
const dr = await new Builder().withModules(listedFixture).withManifestCache(false).build();
const wiring = (name: string) => dr.node(name).dependencies.map((d) => d.name);
const inputs = { usRaw: 3, euRaw: 5, weight: 2 };

describe("subdag over listed functions", () => {
  it("names each listed function's node <ns>.<name>, whether declared here (exported or not) or imported (under its export name)", () => {
    const names = dr.listNodes().map((node) => node.name).filter((name) => name.startsWith("usScore."));
    expect(names.sort()).toEqual(["usScore.bonus", "usScore.cleaned", "usScore.doubled", "usScore.offset", "usScore.offsetTwice", "usScore.raw", "usScore.scored", "usScore.shifted", "usScore.total"]);
    expect(wiring("usScore.cleaned")).toEqual(["usScore.raw"]);
    // `weight` is neither listed nor an input of the subdag: it stays global.
    expect(wiring("usScore.scored")).toEqual(["usScore.cleaned", "weight"]);
    // `moved` is `shifted` imported under another name: the node keeps the export's name.
    expect(wiring("usScore.shifted")).toEqual(["usScore.doubled", "usScore.offset"]);
    expect(wiring("usScore")).toEqual(["usScore.total", "usScore.shifted", "usScore.offsetTwice"]);
  });

  it("reads the parameter names, types and docs from the source of the module that declares each function", () => {
    expect(dr.node("usScore.doubled")).toMatchObject({ type: "number", doc: "Doubles the raw value.", source: { exportName: "doubled" } });
    expect(dr.node("usScore.doubled").source?.module).toMatch(/listed[/\\]parts\.ts$/);
    expect(dr.node("usScore.cleaned").source?.module).toMatch(/listed[/\\]subdag-functions\.ts$/);
    expect(dr.node("usScore.cleaned").source).toMatchObject({ exportName: "cleaned", line: 5 });
  });

  it("resolves the listed config variants under the subgraph's config and computes through every node", async () => {
    expect(dr.node("usScore.bonus").condition).toBe(`size == "big"`);
    // cleaned 4, scored 8, doubled 6, shifted 7, bonus 70, total 78, offsetTwice 2
    expect(await dr.execute(["usScore", "usScore.total", "offsetTwice"], { inputs: { ...inputs, offset: 5 } })).toEqual({ usScore: 87, "usScore.total": 78, offsetTwice: 10 });
  });

  it("gives parameterizedSubdag one namespace per entry over the listed functions", async () => {
    expect(wiring("eu.scored")).toEqual(["eu.cleaned", "weight"]);
    expect(await dr.execute(["eu", "uk"], { inputs })).toEqual({ eu: 12, uk: 202 });
  });

  it("keys the cache of a listed function that is not exported by its scanned code version", async () => {
    const manifest = await scanFile(fileURLToPath(listedFixture));
    const versions = await scannedCodeVersions(dr.listNodes());
    const cleaned = manifest.listedFunctions?.find((entry) => entry.exportName === "cleaned")?.codeVersion;
    expect(cleaned).toMatch(/^[0-9a-f]{32}$/);
    expect(versions.get("usScore.cleaned")).toBe(cleaned);
    expect(versions.get("eu.cleaned")).toBe(cleaned);
    // NodeInfo.version, which the cache keys on, is that version itself, not left for a rescan.
    expect(dr.node("usScore.cleaned").version).toBe(cleaned);
    expect(dr.node("eu.cleaned").version).toBe(cleaned);
  });

  it("recomputes a listed function that is not exported when a module-local helper it calls changes, and only that one", async () => {
    const folder = new URL(`./tmp/listed-cache-${process.pid}/`, import.meta.url);
    mkdirSync(folder, { recursive: true });
    const write = (name: string, factor: number) => {
      const url = new URL(name, folder);
      writeFileSync(url, `import { subdag } from "funcflow";
const factor = (): number => ${factor};
const scaled = (raw: number): number => raw * factor();
const kept = (raw: number): number => raw + 1;
export const out = subdag({ functions: [scaled, kept] }, (scaled: number, kept: number): number => scaled + kept);\n`);
      return url;
    };
    const run = async (url: URL) => {
      const built = await new Builder().withModules(url).withCache({ dir: fileURLToPath(new URL("cache", folder)) }).withManifestCache(false).build();
      const result = await built.execute(["out"], { inputs: { raw: 2 } });
      return { result, misses: built.lastCacheRun()!.events.filter((event) => event.kind === "miss").map((event) => `${event.node}:${"reason" in event ? event.reason : ""}`).sort() };
    };
    try {
      expect((await run(write("first.ts", 2))).result).toEqual({ out: 7 });
      // Only the helper changed: the function's own text, all fn.toString() could see, is the same.
      expect(await run(write("second.ts", 3))).toEqual({ result: { out: 9 }, misses: ["out.scaled:code_changed", "out:input_changed"] });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("runs an exported listed function on a worker thread, and one the module does not export in the main thread", async () => {
    const workers = workerExecutor({ threads: 1, select: (node) => node.name === "usScore.offsetTwice" || node.name === "usScore.cleaned" });
    const threaded = await new Builder().withModules(listedFixture).withExecutor(workers).withManifestCache(false).build();
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on("warning", onWarning);
    try {
      expect(await threaded.execute(["usScore"], { inputs: { ...inputs, offset: 5 } })).toEqual({ usScore: 87 });
      // offsetTwice is exported, so a worker imports it; cleaned is not, so it cannot.
      expect(workers.stats().onWorkers).toBe(1);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      expect(warnings).toContainEqual(expect.stringContaining(`node "usScore.cleaned" runs in the main thread: a worker cannot import its function (a prebuilt module, a function its module does not export`));
    } finally {
      process.off("warning", onWarning);
      await threaded.close();
    }
  });

  it("builds from a prebuilt manifest, which records the listed functions (bundled code keeps no parameter names worth reading)", async () => {
    const manifest = await scanFile(fileURLToPath(listedFixture));
    const module = (await import(listedFixture.href)) as Readonly<Record<string, unknown>>;
    const prebuilt = await new Builder().withModules({ module, manifest, url: listedFixture.href }).withManifestCache(false).build();
    expect(prebuilt.node("usScore.cleaned").dependencies.map((d) => d.name)).toEqual(["usScore.raw"]);
    expect(await prebuilt.execute(["usScore"], { inputs: { ...inputs, offset: 5 } })).toEqual({ usScore: 87 });
    // Without its url, an imported function's module cannot be found.
    const error = await caught(new Builder().withModules({ module, manifest }).withManifestCache(false).build());
    expect(error).toMatchObject({ code: "invalid_modifier", node: "usScore", details: { index: 4 } });
    expect(error.message).toContain(`is imported from "./parts.ts", which cannot be found from a prebuilt module without a url`);
  });

  it("mixes modules and functions in one subdag", async () => {
    const part = JSON.stringify(fixture("subdag-part").href);
    const built = await buildSource(`
      const plusOne = (bonus: number): number => bonus + 1;
      export const mixed = ff.subdag({ modules: [${part}], functions: [plusOne], inputs: { raw: ff.value(1), offset: ff.value(1) }, config: { size: "small" } }, (plusOne: number): number => plusOne);`);
    expect(built.node("mixed.plusOne").dependencies.map((d) => d.name)).toEqual(["mixed.bonus"]);
    expect(await built.execute(["mixed"], { inputs: { weight: 3 } })).toEqual({ mixed: 7 });
  });

  it("reads ns.f of a namespace import, and options or a list held in a module const", async () => {
    const built = await buildSource(`
      import * as parts from ${JSON.stringify(fixture("listed/parts").href)};
      const shared = { functions: [parts.doubled, parts.shifted], inputs: { raw: ff.value(2), offset: ff.value(1) } };
      export const viaNamespace = ff.subdag(shared, (shifted: number): number => shifted);
      const list = [parts.doubled];
      export const viaList = ff.subdag({ functions: list, inputs: { raw: ff.value(4) } }, (doubled: number): number => doubled);`);
    expect(built.node("viaNamespace.shifted").dependencies.map((d) => d.name)).toEqual(["viaNamespace.doubled", "viaNamespace.offset"]);
    expect(await built.execute(["viaNamespace", "viaList"])).toEqual({ viaNamespace: 5, viaList: 8 });
  });

  it("checks the listed functions' edges statically, as a module's, and types their nodes in the typings where the module can name them", async () => {
    const report = await checkEdgeTypes([fileURLToPath(listedFixture)], { cacheDir: false });
    expect(report.mismatches).toEqual([]);
    expect(report.unchecked).toEqual([]);
    expect(report.nodes.map((node) => node.name)).toEqual(expect.arrayContaining(["usScore.cleaned", "usScore.doubled", "usScore.bonus", "eu.scored"]));
    const folder = new URL(`./tmp/listed-typings-${process.pid}/`, import.meta.url);
    mkdirSync(folder, { recursive: true });
    try {
      for (const name of ["subdag-functions", "parts"]) writeFileSync(new URL(`${name}.ts`, folder), readFileSync(fixture(`listed/${name}`)));
      const quiet = vi.spyOn(console, "log").mockImplementation(() => undefined);
      try {
        expect(await main(["node", "funcflow", "build", fileURLToPath(new URL("subdag-functions.ts", folder))])).toBe(0);
      } finally {
        quiet.mockRestore();
      }
      const typings = readFileSync(new URL("subdag-functions.funcflow.d.ts", folder), "utf8");
      // Imported functions are named through their module; one the module does not export cannot be.
      expect(typings).toContain(`readonly "usScore.doubled": Awaited<ReturnType<typeof import("./parts.js").doubled>>;`);
      expect(typings).toContain(`readonly "usScore.cleaned": unknown;`);
      expect(typings).toContain(`readonly weight: unknown;`);
      expect(typings).not.toMatch(/typeof M0\.(cleaned|scored|total)\b/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("finds a mismatch between two listed functions the module does not export", async () => {
    const folder = new URL(`./tmp/listed-mismatch-${process.pid}/`, import.meta.url);
    mkdirSync(folder, { recursive: true });
    const file = new URL("mismatch.ts", folder);
    writeFileSync(file, `import { subdag } from "funcflow";\nconst label = (): string => "x";\nconst doubled = (label: number): number => label * 2;\nexport const out = subdag({ functions: [label, doubled] }, (doubled: number): number => doubled);\n`);
    try {
      const report = await checkEdgeTypes([fileURLToPath(file)], { cacheDir: false });
      expect(report.mismatches).toMatchObject([{ producer: { node: "out.label", exportName: "label" }, consumer: { node: "out.doubled", exportName: "doubled", param: "label" } }]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("loads the modules of a listed function that is itself a subdag over modules, though the module does not export it", async () => {
    const part = JSON.stringify(fixture("subdag-part").href);
    const built = await buildSource(`
      const inner = ff.subdag({ modules: [${part}], inputs: { raw: ff.value(1), offset: ff.value(2) }, config: { size: "small" } }, (bonus: number): number => bonus);
      export const outer = ff.subdag({ functions: [inner] }, (inner: number): number => inner + 1);`);
    expect(built.node("outer.inner.score").dependencies.map((d) => d.name)).toEqual(["outer.inner.cleaned", "weight"]);
    expect(await built.execute(["outer"], { inputs: { weight: 2 } })).toEqual({ outer: 7 });
  });

  it("embeds a listed function that is a subdag over listed functions itself (Hamilton's nested subdag)", async () => {
    const built = await buildSource(`
      const foo = (input1: number): number => input1 + 1;
      const bar = (input2: number): number => input2 * 2;
      const inner = ff.subdag({ functions: [foo, bar], inputs: { input1: ff.value(2) } }, (foo: number, bar: number): number => foo + bar);
      export const outer = ff.subdag({ functions: [inner], inputs: { input2: ff.value(10) } }, (inner: number): number => inner);`);
    expect(built.listNodes().map((node) => node.name).filter((name) => name.startsWith("outer.")).sort()).toEqual(["outer.inner", "outer.inner.bar", "outer.inner.foo", "outer.inner.input1", "outer.input2"]);
    expect(await built.execute(["outer"])).toEqual({ outer: 3 + 20 });
  });
});

describe("subdag over functions is the subdag over a module holding them", () => {
  const folder = new URL(`./tmp/listed-${process.pid}/`, import.meta.url);
  let written = 0;
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  /** A random small DAG: function i reads some earlier functions and some of the inputs x, y. */
  const dag = fc.integer({ min: 1, max: 5 }).chain((size) =>
    fc.tuple(...Array.from({ length: size }, (_, i) => fc.subarray([...Array.from({ length: i }, (_, j) => `f${j}`), "x", "y"], { minLength: 1 }))),
  );
  const functionText = (reads: readonly string[], i: number, exported: boolean) =>
    `${exported ? "export " : ""}const f${i} = (${reads.map((name) => `${name}: number`).join(", ")}): number => ${reads.join(" + ")} + ${i + 1};`;

  async function graphOf(url: URL) {
    const built = await new Builder().withModules(url).withManifestCache(false).build();
    const nodes = built.listNodes().map((node) => [node.name, node.dependencies.map((d) => d.name)] as const);
    const outputs = built.listNodes().filter((node) => node.kind === "function").map((node) => node.name);
    return { nodes, values: await built.execute(outputs, { inputs: { x: 2, y: 5 } }) };
  }

  it("gives the same node names, edges and results for functions declared here, imported, and the module itself", async () => {
    mkdirSync(folder, { recursive: true });
    await fc.assert(
      fc.asyncProperty(dag, async (reads) => {
        const id = ++written;
        const names = reads.map((_, i) => `f${i}`);
        const last = names[names.length - 1]!;
        const final = `(${last}: number): number => ${last} * 10`;
        const write = (name: string, text: string) => {
          const url = new URL(`${name}-${id}.ts`, folder);
          writeFileSync(url, `import { subdag, value } from "funcflow";\n${text}\n`);
          return url;
        };
        write("part", reads.map((r, i) => functionText(r, i, true)).join("\n"));
        const settings = `inputs: { x: value(1) }, namespace: "ns"`;
        const viaModule = write("via-module", `export const out = subdag({ modules: [new URL("./part-${id}.ts", import.meta.url)], ${settings} }, ${final});`);
        const viaLocal = write("via-local", `${reads.map((r, i) => functionText(r, i, false)).join("\n")}\nexport const out = subdag({ functions: [${names.join(", ")}], ${settings} }, ${final});`);
        const viaImport = write("via-import", `import { ${names.join(", ")} } from "./part-${id}.ts";\nexport const out = subdag({ functions: [${names.join(", ")}], ${settings} }, ${final});`);
        const expected = await graphOf(viaModule);
        expect(await graphOf(viaLocal)).toEqual(expected);
        expect(await graphOf(viaImport)).toEqual(expected);
      }),
      { numRuns: 12 },
    );
  }, 60_000);
});

describe("subdag functions misuse", () => {
  it.each([
    ["a call", "makeFn()", "is made by a call"],
    ["a spread", "...list", "is a spread"],
    ["a property of a value", "helpers.f", "is a property of a value"],
    ["a function written in place", "(a: number) => a", "is written in place"],
  ])("refuses %s as invalid_modifier naming the module, the export and the entry", async (_, entry, expected) => {
    const error = await caught(
      buildSource(`
        const makeFn = () => (a: number): number => a;
        const list = [makeFn()];
        const helpers = { f: (a: number): number => a };
        const ok = (b: number): number => b;
        export const bad = ff.subdag({ functions: [ok, ${entry}] }, (ok: number): number => ok);`),
    );
    expect(error).toMatchObject({ code: "invalid_modifier", node: "bad", details: { modifier: "subdag", index: 1 } });
    expect(error.message).toMatch(/inline-\d+\.ts:\d+ \(bad\): subdag's functions\[1\] /);
    expect(error.message).toContain(`subdag's functions[1] (${entry}) ${expected}`);
    expect(error.message).toContain("list each function by name");
  });

  it("refuses a value that is not a function, and one function listed twice", async () => {
    const notAFunction = await caught(buildSource(`const three = 3;\nexport const bad = ff.subdag({ functions: [three as never] }, (x: number): number => x);`));
    expect(notAFunction).toMatchObject({ code: "invalid_modifier", node: "bad" });
    expect(notAFunction.message).toContain("subdag: functions[0] must be a function declared in this module or imported from another, got the number 3");
    const twice = await caught(buildSource(`const f = (x: number): number => x;\nexport const bad = ff.subdag({ functions: [f, f] }, (f: number): number => f);`));
    expect(twice).toMatchObject({ code: "invalid_modifier", node: "bad" });
    expect(twice.message).toContain(`functions[0] and functions[1] are the same function "f"`);
  });

  it("refuses two listed functions that make one node", async () => {
    const error = await caught(
      buildSource(`
        import { doubled as twice } from ${JSON.stringify(fixture("listed/parts").href)};
        const doubled = (raw: number): number => raw * 2;
        export const bad = ff.subdag({ functions: [twice, doubled] }, (doubled: number): number => doubled);`),
    );
    expect(error).toMatchObject({ code: "invalid_modifier", node: "bad", details: { index: 1 } });
    expect(error.message).toContain(`(doubled) makes node "doubled", as functions[0] (doubled from`);
  });

  it("refuses a list the scanner cannot read, and neither modules nor functions", async () => {
    const unread = await caught(buildSource(`const f = (x: number): number => x;\nconst all = [f].slice();\nexport const bad = ff.subdag({ functions: all }, (f: number): number => f);`));
    expect(unread).toMatchObject({ code: "invalid_modifier", node: "bad" });
    expect(unread.message).toContain("functions is all, not a list written in place");
    const empty = await caught(buildSource(`export const bad = ff.subdag({ functions: [] }, (x: number): number => x);`));
    expect(empty.message).toContain("subdag needs { modules:");
    expect(empty.message).toContain("{ functions: [loadData, clean] }");
  });

  it("reads the list of a renamed import of subdag, and refuses one passed through a function of the user's", async () => {
    const renamed = await buildSource(`import { subdag as reuse } from "funcflow";
const f = (x: number): number => x + 1;
export const out = reuse({ functions: [f] }, (f: number): number => f);`);
    expect(await renamed.execute(["out"], { inputs: { x: 1 } })).toEqual({ out: 2 });
    const error = await caught(
      buildSource(`const f = (x: number): number => x + 1;
const reuseAll = <F extends (...args: never[]) => unknown>(fn: F): F => ff.subdag({ functions: [f] }, fn);
export const out = reuseAll((f: number): number => f);`),
    );
    expect(error).toMatchObject({ code: "invalid_modifier", node: "out" });
    expect(error.message).toContain("the scanner found no functions list in a subdag call around this function");
  });

  it("refuses a default export and an _-hidden export of another module, saying why", async () => {
    const folder = new URL(`./tmp/listed-exports-${process.pid}/`, import.meta.url);
    mkdirSync(folder, { recursive: true });
    const other = new URL("other.ts", folder);
    writeFileSync(other, `export default function scaled(raw: number): number { return raw * 2; }\nexport const _hidden = (raw: number): number => raw;\nexport const shown = (raw: number): number => raw;\n`);
    try {
      const byDefault = await caught(buildSource(`import scaled from ${JSON.stringify(other.href)};\nexport const bad = ff.subdag({ functions: [scaled] }, (scaled: number): number => scaled);`));
      expect(byDefault).toMatchObject({ code: "invalid_modifier", node: "bad", details: { index: 0 } });
      expect(byDefault.message).toContain(`is "default" of`);
      expect(byDefault.message).toContain("a default export is never a node function; export it by name");
      const hidden = await caught(buildSource(`import { _hidden } from ${JSON.stringify(other.href)};\nexport const bad = ff.subdag({ functions: [_hidden] }, (x: number): number => x);`));
      expect(hidden.message).toContain(`its leading "_" hides it from funcflow`);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("refuses a function imported from a package", async () => {
    const error = await caught(buildSource(`import { source } from "funcflow";\nexport const bad = ff.subdag({ functions: [source as never] }, (x: number): number => x);`));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "bad" });
    expect(error.message).toContain(`is imported from the package "funcflow"`);
  });
});
