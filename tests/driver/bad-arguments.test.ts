/**
 * Every public Builder and Driver method, called with every wrong-typed argument: each call
 * must fail with a FuncflowError whose code says why and whose message names the argument.
 * No raw TypeError (or ENOTDIR), no silent acceptance.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Builder, FuncflowError, type Driver, type FuncflowErrorCode } from "funcflow";

const fixture = (name: string) => new URL(`../fixtures/modules/${name}.ts`, import.meta.url);

/** One wrong value of each kind a caller can pass by mistake. */
const WRONG = {
  undefined: undefined,
  null: null,
  number: 42,
  string: "x=1",
  map: new Map([["a", 1]]),
  array: [1],
  object: { bogus: 1 },
  function: () => 1,
  symbol: Symbol("s"),
} as const;
type Kind = keyof typeof WRONG;

interface Case {
  /** The call, as a reader would write it, with `▢` for the wrong argument. */
  readonly call: string;
  /** Words the message must contain to name the culprit (any one of them, separated by `|`). */
  readonly names: string;
  /** Kinds that are valid here, so they are not "wrong". */
  readonly accepts?: readonly Kind[];
  /** Codes that are right besides invalid_argument (e.g. unknown_node for an unknown name). */
  readonly codes?: readonly FuncflowErrorCode[];
  readonly run: (bad: never, driver: Driver) => unknown;
}

const B = () => new Builder().withModules(fixture("basic")).withConfig({ language: "en" }).withManifestCache(false);

const CASES: readonly Case[] = [
  // Builder
  { call: "withModules(▢).build()", names: "sources[0]", codes: ["module_not_found"], run: (bad) => new Builder().withModules(bad).withManifestCache(false).build() },
  { call: "withConfig(▢)", names: "config", accepts: ["object"], run: (bad) => new Builder().withConfig(bad) },
  { call: "withManifestCache(▢)", names: "dir", accepts: ["string"], run: (bad) => new Builder().withManifestCache(bad) },
  { call: "withResultBuilder(▢)", names: "resultBuilder", run: (bad) => new Builder().withResultBuilder(bad) },
  { call: "withAdapters(▢)", names: "adapters[0]", run: (bad) => new Builder().withAdapters(bad) },
  { call: "withAdapters({ name, beforeNode: ▢ })", names: "beforeNode", accepts: ["undefined", "function"], run: (bad) => new Builder().withAdapters({ name: "a", beforeNode: bad }) },
  { call: "withAdapters({ name, callNode: ▢ })", names: "callNode", accepts: ["undefined", "function"], run: (bad) => new Builder().withAdapters({ name: "a", callNode: bad }) },
  { call: "withAdapters({ name, onDataQualityWarning: ▢ })", names: "onDataQualityWarning", accepts: ["undefined", "function"], run: (bad) => new Builder().withAdapters({ name: "a", onDataQualityWarning: bad }) },
  { call: "withAdapters({ name, recoverNode, injectsErrorSentinels: ▢ })", names: "injectsErrorSentinels", accepts: ["undefined"], run: (bad) => new Builder().withAdapters({ name: "a", recoverNode: () => undefined, injectsErrorSentinels: bad }) },
  { call: "withAdapters({ name, readsValues: ▢ })", names: "readsValues", accepts: ["undefined"], run: (bad) => new Builder().withAdapters({ name: "a", readsValues: bad }) },
  { call: "withExecutor(▢)", names: "executor", run: (bad) => new Builder().withExecutor(bad) },
  { call: "withModuleResolver(▢)", names: "resolve", accepts: ["function"], run: (bad) => new Builder().withModuleResolver(bad) },
  { call: "withConcurrency(▢)", names: "limit", accepts: ["number"], run: (bad) => new Builder().withConcurrency(bad) },
  { call: "withCache(▢)", names: "options", accepts: ["undefined"], run: (bad) => new Builder().withCache(bad) },
  { call: "withCache({ dir: ▢ })", names: "options.dir", accepts: ["undefined", "string"], run: (bad) => new Builder().withCache({ dir: bad }) },
  { call: "withCache({ behaviors: ▢ })", names: "options.behaviors", accepts: ["undefined"], run: (bad) => new Builder().withCache({ behaviors: bad }) },
  { call: "withCache({ onWarning: ▢ })", names: "options.onWarning", accepts: ["undefined", "function"], run: (bad) => new Builder().withCache({ onWarning: bad }) },
  { call: "withTypeCheck(▢)", names: "options", accepts: ["undefined"], run: (bad) => new Builder().withTypeCheck(bad) },
  { call: "withTypeCheck({ tsconfig: ▢ })", names: "options.tsconfig", accepts: ["undefined", "string"], run: (bad) => new Builder().withTypeCheck({ tsconfig: bad }) },
  { call: "withTimeout(▢)", names: "withTimeout", run: (bad) => new Builder().withTimeout(bad) },
  { call: "withTimeout({ node: ▢ })", names: "node", accepts: ["undefined", "number"], run: (bad) => new Builder().withTimeout({ node: bad }) },
  { call: "withMaterializers(▢)", names: "entries[0]", run: (bad) => new Builder().withMaterializers(bad) },
  // Driver: requests
  { call: "execute(▢)", names: "outputs", run: (bad, dr) => dr.execute(bad) },
  { call: 'execute(["b"], ▢)', names: "options", accepts: ["undefined"], run: (bad, dr) => dr.execute(["b"], bad) },
  { call: 'execute(["b"], { inputs: ▢ })', names: "options.inputs", accepts: ["undefined", "object"], codes: ["missing_input"], run: (bad, dr) => dr.execute(["b"], { inputs: bad }) },
  { call: 'execute(["b"], { onNodeTimed: ▢ })', names: "options.onNodeTimed", accepts: ["undefined", "function"], run: (bad, dr) => dr.execute(["b"], { inputs: { a: 1 }, onNodeTimed: bad }) },
  { call: 'execute(["b"], { overrides: ▢ })', names: "options.overrides", accepts: ["undefined"], codes: ["missing_input", "unknown_node"], run: (bad, dr) => dr.execute(["b"], { inputs: { a: 1 }, overrides: bad }) },
  { call: "validateExecution(▢)", names: "outputs", run: (bad, dr) => dr.validateExecution(bad) },
  { call: 'validateExecution(["b"], ▢)', names: "options", accepts: ["undefined"], run: (bad, dr) => dr.validateExecution(["b"], bad) },
  { call: 'validateExecution(["b"], { inputs: ▢ })', names: "options.inputs", accepts: ["undefined", "object"], codes: ["missing_input"], run: (bad, dr) => dr.validateExecution(["b"], { inputs: bad }) },
  { call: "prepare(▢)", names: "outputs", run: (bad, dr) => dr.prepare(bad) },
  { call: 'prepare(["b"], ▢)', names: "names", accepts: ["undefined"], run: (bad, dr) => dr.prepare(["b"], bad) },
  { call: 'prepare(["b"], { inputs: ▢ })', names: "names.inputs", accepts: ["undefined"], codes: ["missing_input"], run: (bad, dr) => dr.prepare(["b"], { inputs: bad }) },
  { call: 'prepare(["b"], { overrides: ▢ })', names: "names.overrides", accepts: ["undefined"], codes: ["missing_input"], run: (bad, dr) => dr.prepare(["b"], { inputs: ["a"], overrides: bad }) },
  { call: 'prepare(["b"], { inputs: ["a"] }).execute(▢)', names: "inputs", run: (bad, dr) => dr.prepare(["b"], { inputs: ["a"] }).execute(bad) },
  { call: 'prepare(["b"], { inputs: ["a"] }).execute({ a: 1 }, ▢)', names: "overrides", accepts: ["undefined", "object"], run: (bad, dr) => dr.prepare(["b"], { inputs: ["a"] }).execute({ a: 1 }, bad) },
  { call: "materialize(▢)", names: "request", run: (bad, dr) => dr.materialize(bad) },
  { call: "materialize({ save: ▢ })", names: "request.save", accepts: ["undefined"], run: (bad, dr) => dr.materialize({ save: bad }) },
  { call: "materialize({ save: { b: ▢ } })", names: "request.save.b|x=1", run: (bad, dr) => dr.materialize({ save: { b: bad }, inputs: { a: 1 } }) },
  { call: "materialize({ load: { a: ▢ } })", names: "request.load.a|x=1", run: (bad, dr) => dr.materialize({ load: { a: bad }, outputs: ["b"] }) },
  { call: "materialize({ outputs: ▢ })", names: "request.outputs", accepts: ["undefined"], run: (bad, dr) => dr.materialize({ outputs: bad, inputs: { a: 1 } }) },
  { call: 'materialize({ outputs: ["b"], inputs: ▢ })', names: "request.inputs", accepts: ["undefined"], codes: ["missing_input"], run: (bad, dr) => dr.materialize({ outputs: ["b"], inputs: bad }) },
  { call: "validateMaterialization(▢)", names: "request", run: (bad, dr) => dr.validateMaterialization(bad) },
  { call: "validateMaterialization({ save: { b: ▢ } })", names: "request.save.b|x=1", run: (bad, dr) => dr.validateMaterialization({ save: { b: bad }, inputs: { a: 1 } }) },
  { call: 'validateMaterialization({ outputs: ["b"], inputs: ▢ })', names: "request.inputs", accepts: ["undefined"], codes: ["missing_input"], run: (bad, dr) => dr.validateMaterialization({ outputs: ["b"], inputs: bad }) },
  // Driver: graph queries
  { call: "listNodes(▢)", names: "filter", accepts: ["undefined"], run: (bad, dr) => dr.listNodes(bad) },
  { call: "listNodes({ tags: ▢ })", names: "filter.tags", accepts: ["undefined"], run: (bad, dr) => dr.listNodes({ tags: bad }) },
  { call: "listNodes({ tags: { owner: ▢ } })", names: "filter.tags.owner", accepts: ["null", "string"], run: (bad, dr) => dr.listNodes({ tags: { owner: bad } }) },
  { call: "node(▢)", names: "name", codes: ["unknown_node"], run: (bad, dr) => dr.node(bad) },
  { call: "upstreamOf(▢)", names: "names[0]", codes: ["unknown_node"], run: (bad, dr) => dr.upstreamOf(bad) },
  { call: "downstreamOf(▢)", names: "names[0]", codes: ["unknown_node"], run: (bad, dr) => dr.downstreamOf(bad) },
  { call: 'pathBetween(▢, "c")', names: "from", codes: ["unknown_node"], run: (bad, dr) => dr.pathBetween(bad, "c") },
  { call: 'pathBetween("a", ▢)', names: "to", codes: ["unknown_node"], run: (bad, dr) => dr.pathBetween("a", bad) },
  { call: "toDot(▢)", names: "options", accepts: ["undefined"], run: (bad, dr) => dr.toDot(bad) },
  { call: "materializeToDot(▢)", names: "request", run: (bad, dr) => dr.materializeToDot(bad) },
  { call: "materializeToDot({ save: { b: ▢ } })", names: "request.save.b", accepts: ["string"], run: (bad, dr) => dr.materializeToDot({ save: { b: bad } }) },
  { call: 'materializeToDot({ save: { b: "b.json" } }, ▢)', names: "options", accepts: ["undefined"], run: (bad, dr) => dr.materializeToDot({ save: { b: "b.json" } }, bad) },
  { call: 'materializeToDot({ save: { b: "b.json" } }, { orient: ▢ })', names: "options.orient", accepts: ["undefined"], run: (bad, dr) => dr.materializeToDot({ save: { b: "b.json" } }, { orient: bad }) },
  { call: "toDot({ outputs: ▢ })", names: "options.outputs", accepts: ["undefined"], run: (bad, dr) => dr.toDot({ outputs: bad }) },
  { call: "toDot({ inputs: ▢ })", names: "options.inputs", accepts: ["undefined", "object"], run: (bad, dr) => dr.toDot({ inputs: bad }) },
  { call: "toDot({ orient: ▢ })", names: "options.orient", accepts: ["undefined"], run: (bad, dr) => dr.toDot({ orient: bad }) },
  { call: "toDot({ hideInputs: ▢ })", names: "options.hideInputs", accepts: ["undefined"], run: (bad, dr) => dr.toDot({ hideInputs: bad }) },
  { call: "toDot({ maxTypeLength: ▢ })", names: "options.maxTypeLength", accepts: ["undefined", "number"], run: (bad, dr) => dr.toDot({ maxTypeLength: bad }) },
];

/** The outcome of a call that may throw or reject. */
async function outcome(run: () => unknown): Promise<{ error?: unknown; value?: unknown }> {
  try {
    return { value: await run() };
  } catch (error) {
    return { error };
  }
}

let driver: Driver;
beforeAll(async () => {
  driver = (await B().build()) as unknown as Driver;
});

describe("every public Builder and Driver method refuses every wrong-typed argument with a coded error naming it", () => {
  const rows = CASES.flatMap((entry) =>
    (Object.keys(WRONG) as Kind[]).filter((kind) => !entry.accepts?.includes(kind)).map((kind) => ({ ...entry, kind, label: entry.call.replace("▢", kind) })),
  );
  it.each(rows)("$label", async ({ run, kind, names, codes }) => {
    const { error, value } = await outcome(() => run(WRONG[kind] as never, driver));
    expect(error, `silently accepted; returned ${String(value)}`).toBeInstanceOf(FuncflowError);
    const { code, message } = error as FuncflowError;
    expect(["invalid_argument", ...(codes ?? [])]).toContain(code);
    if (code === "invalid_argument") expect(names.split("|").some((name) => message.includes(name)), message).toBe(true);
  });

  it("covers every method of the Builder and the Driver", () => {
    const methods = (prototype: object) => Object.getOwnPropertyNames(prototype).filter((name) => name !== "constructor");
    const called = CASES.map((entry) => /^(\w+)/.exec(entry.call)![1]!);
    // Methods that take no argument have nothing to check.
    const noArguments = ["typed", "build", "lastCacheRun", "close", "allowModuleOverrides", "recordResults"];
    for (const method of [...methods(Builder.prototype), ...methods(Object.getPrototypeOf(driver) as object)]) {
      if (!noArguments.includes(method)) expect(called, `no case calls ${method}`).toContain(method);
    }
  });
});

describe("the instances the issue names", () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), "funcflow-bad-arguments-"));
    await writeFile(join(scratch, "plain-file"), "not a folder");
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  const code = async (run: () => unknown) => ((await outcome(run)).error as FuncflowError | undefined)?.code;
  const message = async (run: () => unknown) => ((await outcome(run)).error as Error | undefined)?.message ?? "";

  it("withModules('') and a folder say what to pass", async () => {
    expect(await message(() => new Builder().withModules(""))).toMatch(/withModules: sources\[0\] must be a module's URL or path.*got an empty string/);
    const folder = await message(() => new Builder().withModules(scratch).withManifestCache(false).build());
    expect(folder).toContain("is a folder, not a module");
  });

  it("withModules(a module namespace) says to pass the URL instead of a stale_manifest error", async () => {
    const namespace = await import("../fixtures/modules/basic.ts");
    const error = (await outcome(() => new Builder().withModules(namespace as never))).error as FuncflowError;
    expect(error.code).toBe("invalid_argument");
    expect(error.message).toContain("module namespace object");
    expect(error.message).toContain("not what import() returned");
  });

  it("a `.js` URL whose `.ts` sibling exists loads the `.ts` source", async () => {
    const dr = await new Builder().withModules(fixture("basic").href.replace(/\.ts$/, ".js")).withConfig({ language: "en" }).withManifestCache(false).build();
    expect(await dr.execute(["b"], { inputs: { a: 1 } })).toEqual({ b: 2 });
  });

  it("withCache(null), withCache({ dir: 5 }), withManifestCache(42), withResultBuilder({})", async () => {
    expect(await code(() => new Builder().withCache(null as never))).toBe("invalid_argument");
    expect(await message(() => new Builder().withCache({ dir: 5 } as never))).toContain("options.dir must be a folder path");
    expect(await message(() => new Builder().withManifestCache(42 as never))).toContain("got the number 42");
    expect(await message(() => new Builder().withResultBuilder({} as never))).toContain("build(record, outputs)");
  });

  it("execute(…, null | 'x=1'), inputs as a Map, withConfig(new Map) say how to convert", async () => {
    expect(await code(() => driver.execute(["b"], null as never))).toBe("invalid_argument");
    expect(await code(() => driver.execute(["b"], "x=1" as never))).toBe("invalid_argument");
    expect(await message(() => driver.execute(["b"], { inputs: new Map([["a", 1]]) as never }))).toContain("Object.fromEntries(map)");
    expect(await message(() => new Builder().withConfig(new Map() as never))).toContain("got a Map");
    expect(await message(() => driver.execute(["b"], { input: { a: 1 } } as never))).toContain(`no option "input" (did you mean "inputs"?)`);
  });

  it("toDot({ outputs: 'c' }) and toDot({ orient: 'XX' })", async () => {
    expect(await message(() => driver.toDot({ outputs: "c" as never }))).toContain(`options.outputs must be an array of names`);
    expect(await message(() => driver.toDot({ orient: "XX" as never }))).toContain(`options.orient must be one of "LR", "TB", "RL", "BT"`);
  });

  it("pathBetween to an unknown node is an error, not []", async () => {
    expect(await code(() => driver.pathBetween("a", "nosuch"))).toBe("unknown_node");
    expect(driver.pathBetween("e", "a")).toEqual([]);
  });

  it("listNodes({ tags: 1234 }) and { tags: [] } are errors, not []", async () => {
    expect(await code(() => driver.listNodes({ tags: 1234 as never }))).toBe("invalid_argument");
    expect(await code(() => driver.listNodes({ tags: [] as never }))).toBe("invalid_argument");
    expect(await code(() => driver.listNodes({ tags: { owner: [] } }))).toBe("invalid_argument");
  });

  it("materialize(undefined), nothing to save or return, and a path below a regular file (before anything runs)", async () => {
    expect(await code(() => driver.materialize(undefined as never))).toBe("invalid_argument");
    expect(await message(() => driver.materialize({ inputs: { a: 1 } }))).toContain("saves nothing and returns nothing");
    const below = join(scratch, "plain-file", "out", "b.json");
    const error = (await outcome(() => driver.materialize({ save: { b: below }, inputs: { a: 1 } }))).error as FuncflowError;
    expect(error.code).toBe("io_failed");
    expect(error.message).toContain(`${join(scratch, "plain-file")} is a file, not a folder`);
  });
});
