/**
 * Follows the facts asserted by Hamilton's tests/function_modifiers/test_expanders.py:
 * parameterize / parameterize_values / parameterize_sources (node names, what each node reads,
 * docs, values, misuse), extract_columns, extract_fields, unpack_fields (node names, types,
 * docs, dependencies, fill_with, misuse), parameterize_extract_columns, inject with group /
 * value / source, and parameterize over Parallelizable / Collect.
 * Python-only cases are left out (typing internals such as Optional[...] unwrapping, TypedDict
 * subclass checks of field classes, the pre-3.9/3.11 tuple spellings, passing a list where
 * Hamilton takes *args: funcflow's wrappers take lists).
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { buildSource, caught, removeInlineModules } from "../decorators/support/build.ts";

afterAll(removeInlineModules);

type Built = Awaited<ReturnType<typeof buildSource>>;
const functionNames = (dr: Built) =>
  dr
    .listNodes()
    .filter((node) => !node.isExternalInput)
    .map((node) => node.name)
    .sort();
const reads = (dr: Built, name: string) => dr.node(name).dependencies.map((dependency) => dependency.name).sort();

const identity = `(parameter: string): string => parameter`;

describe("parameterizeValues (test_parametrized_*)", () => {
  it("one output: the node has the output's name, the function's return type, the doc given, and the literal as its value", async () => {
    const dr = await buildSource(`export const identity = ff.parameterizeValues("parameter", { onlyNodeName: "only_value" }, { docs: { onlyNodeName: "only_doc" } }, ${identity});`);
    expect(functionNames(dr)).toEqual(["onlyNodeName"]);
    expect(dr.node("onlyNodeName")).toMatchObject({ type: "string", doc: "only_doc" });
    expect(await dr.execute(["onlyNodeName"])).toEqual({ onlyNodeName: "only_value" });
  });

  it("two outputs each get their own doc and value", async () => {
    const dr = await buildSource(
      `export const identity = ff.parameterizeValues("parameter", { nodeName1: "value_1", nodeValue2: "value_2" }, { docs: { nodeName1: "doc1", nodeValue2: "doc2" } }, ${identity});`,
    );
    expect([dr.node("nodeName1").doc, dr.node("nodeValue2").doc]).toEqual(["doc1", "doc2"]);
    expect(await dr.execute(["nodeName1", "nodeValue2"])).toEqual({ nodeName1: "value_1", nodeValue2: "value_2" });
  });

  it("a parameter it does not bind stays a dependency of every output", async () => {
    const dr = await buildSource(
      `export const identity = ff.parameterizeValues("parameter", { nodeName1: "value_1", nodeValue2: "value_2" }, (parameter: string, fixed: string): string[] => [parameter, fixed]);`,
    );
    expect(reads(dr, "nodeName1")).toEqual(["fixed"]);
    expect(await dr.execute(["nodeName1", "nodeValue2"], { inputs: { fixed: "static_param" } })).toEqual({
      nodeName1: ["value_1", "static_param"],
      nodeValue2: ["value_2", "static_param"],
    });
  });

  it.each([
    ["a function without parameters", `(): string => "x"`],
    ["a function without that parameter", `(validValue: string): string => validValue`],
  ])("binding a parameter the function lacks is refused: %s (test_parametrized_invalid_params)", async (_case, fn) => {
    const error = await caught(buildSource(`export const bad = ff.parameterizeValues("nonExistant", { invalidNodeName: "invalid_value" }, ${fn});`));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "bad" });
    expect(error.message).toContain(`"nonExistant"`);
  });
});

describe("parameterizeValues docs option", () => {
  it.each([
    ["not a record", `null as never`, "docs must be a record"],
    ["naming no output", `{ onlyNodeNam: "doc" }`, `docs names "onlyNodeNam", which is not an output (did you mean "onlyNodeName"?)`],
    ["holding a non-string doc", `{ onlyNodeName: 3 as never }`, `the doc of "onlyNodeName" must be a string`],
  ])("a docs option %s is refused", async (_case, docs, message) => {
    const error = await caught(buildSource(`export const identity = ff.parameterizeValues("parameter", { onlyNodeName: "only_value" }, { docs: ${docs} }, ${identity});`));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "identity" });
    expect(error.message).toContain(message);
  });
});

describe("parameterize outputs (property)", () => {
  it("the nodes are exactly the output names given, each reading its own source", async () => {
    const name = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,6}$/).filter((n) => !["source", "fn", "x"].includes(n));
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(name, { minLength: 1, maxLength: 5 }), async (outputs) => {
        const entries = outputs.map((output) => `${output}: { x: ff.source("in_${output}") }`).join(", ");
        const dr = await buildSource(`export const fn = ff.parameterize({ ${entries} }, (x: number): number => x + 1);`);
        expect(functionNames(dr)).toEqual([...outputs].sort());
        for (const output of outputs) expect(reads(dr, output)).toEqual([`in_${output}`]);
        const inputs = Object.fromEntries(outputs.map((output, index) => [`in_${output}`, index]));
        expect(await dr.execute(outputs, { inputs })).toEqual(Object.fromEntries(outputs.map((output, index) => [output, index + 1])));
      }),
      { numRuns: 15 },
    );
  });
});

describe("parameterizeSources (test_parametrized_input(s), test_parametrize_sources_validate_*)", () => {
  const module = `/** Function with {parameter1} as first input */
export const identity = ff.parameterizeSources(
  { test1: { parameter1: "input1", parameter2: "input2" }, test2: { parameter1: "input2", parameter2: "input1" } },
  (parameter1: string, parameter2: string, fixed: string): string => parameter1 + parameter2 + fixed,
);`;

  it("makes exactly the outputs, each reading its sources and the unbound parameter, with the doc filled per output", async () => {
    const dr = await buildSource(module);
    expect(functionNames(dr)).toEqual(["test1", "test2"]);
    expect(reads(dr, "test1")).toEqual(["fixed", "input1", "input2"]);
    expect(reads(dr, "test2")).toEqual(["fixed", "input1", "input2"]);
    expect(dr.node("test1").doc).toBe("Function with input1 as first input");
    expect(dr.node("test2").doc).toBe("Function with input2 as first input");
    expect(await dr.execute(["test1", "test2"], { inputs: { input1: "1", input2: "2", fixed: "3" } })).toEqual({ test1: "123", test2: "213" });
  });

  it("one source per output (parametrized_input)", async () => {
    const dr = await buildSource(
      `export const identity = ff.parameterizeSources({ test1: { parameter: "input1" }, test2: { parameter: "input2" } }, (parameter: number, fixed: number): number => parameter + fixed);`,
    );
    expect(reads(dr, "test1")).toEqual(["fixed", "input1"]);
    expect(reads(dr, "test2")).toEqual(["fixed", "input2"]);
  });

  it("a binding naming no parameter is refused", async () => {
    const error = await caught(
      buildSource(`export const bad = ff.parameterizeSources({ test1: { parameterfoo: "input1" } }, (parameter1: string, parameter2: string): string => parameter1 + parameter2);`),
    );
    expect(error).toMatchObject({ code: "invalid_modifier", node: "bad" });
    expect(error.message).toContain(`"parameterfoo"`);
  });

  it("a parameter named outputName (the doc placeholder for the output's name) is refused, as Hamilton reserves output_name", async () => {
    const error = await caught(
      buildSource(`/** {outputName} from {parameter2} */
export const bad = ff.parameterizeSources({ test1: { parameter2: "input1" } }, (outputName: string, parameter2: string): string => outputName + parameter2);`),
    );
    expect(error).toMatchObject({ code: "invalid_modifier", node: "bad" });
    expect(error.message).toContain("outputName");
  });
});

const CONCAT = `/** Concatenates {upstreamParameter} with literalParameter */
export const concat = ff.parameterize(PARAMS, (upstreamParameter: string, literalParameter: string): string => upstreamParameter + literalParameter);`;
const concat = (params: string) => buildSource(CONCAT.replace("PARAMS", params));

describe("parameterize with sources and values (test_parametrized_full_*)", () => {
  it("no parameter replaced: the output reads both parameters; an unbound parameter's placeholder reads as its name", async () => {
    const dr = await concat(`{ replaceNoParameters: {} }`);
    expect(reads(dr, "replaceNoParameters")).toEqual(["literalParameter", "upstreamParameter"]);
    expect(dr.node("replaceNoParameters").doc).toBe("Concatenates upstreamParameter with literalParameter");
    expect(await dr.execute(["replaceNoParameters"], { inputs: { upstreamParameter: "foo", literalParameter: "bar" } })).toEqual({ replaceNoParameters: "foobar" });
  });

  it("the upstream parameter replaced by a source", async () => {
    const dr = await concat(`{ replaceJustUpstreamParameter: { upstreamParameter: ff.source("fooSource") } }`);
    expect(reads(dr, "replaceJustUpstreamParameter")).toEqual(["fooSource", "literalParameter"]);
    expect(dr.node("replaceJustUpstreamParameter").doc).toBe("Concatenates fooSource with literalParameter");
    expect(await dr.execute(["replaceJustUpstreamParameter"], { inputs: { fooSource: "foo", literalParameter: "bar" } })).toEqual({ replaceJustUpstreamParameter: "foobar" });
  });

  it("the literal parameter replaced by a value", async () => {
    const dr = await concat(`{ replaceJustLiteralParameter: { literalParameter: ff.value("bar") } }`);
    expect(reads(dr, "replaceJustLiteralParameter")).toEqual(["upstreamParameter"]);
    expect(dr.node("replaceJustLiteralParameter").doc).toBe("Concatenates upstreamParameter with literalParameter");
    expect(await dr.execute(["replaceJustLiteralParameter"], { inputs: { upstreamParameter: "foo" } })).toEqual({ replaceJustLiteralParameter: "foobar" });
  });

  it("both replaced", async () => {
    const dr = await concat(`{ replaceBothParameters: { upstreamParameter: ff.source("fooSource"), literalParameter: ff.value("bar") } }`);
    expect(reads(dr, "replaceBothParameters")).toEqual(["fooSource"]);
    expect(dr.node("replaceBothParameters").doc).toBe("Concatenates fooSource with literalParameter");
    expect(await dr.execute(["replaceBothParameters"], { inputs: { fooSource: "foo" } })).toEqual({ replaceBothParameters: "foobar" });
  });

  it("several outputs at once, each with the doc given beside its bindings", async () => {
    const docs = {
      replaceNoParameters: "fn with no parameters replaced",
      replaceJustUpstreamParameter: "fn with upstream_parameter set to node foo",
      replaceJustLiteralParameter: "fn with upstream_parameter set to node foo",
      replaceBothParameters: "fn with both parameters replaced",
    };
    const dr = await concat(`{
      replaceNoParameters: [{}, ${JSON.stringify(docs.replaceNoParameters)}],
      replaceJustUpstreamParameter: [{ upstreamParameter: ff.source("fooSource") }, ${JSON.stringify(docs.replaceJustUpstreamParameter)}],
      replaceJustLiteralParameter: [{ literalParameter: ff.value("bar") }, ${JSON.stringify(docs.replaceJustLiteralParameter)}],
      replaceBothParameters: [{ upstreamParameter: ff.source("fooSource"), literalParameter: ff.value("bar") }, ${JSON.stringify(docs.replaceBothParameters)}],
    }`);
    expect(functionNames(dr)).toEqual(Object.keys(docs).sort());
    for (const [name, doc] of Object.entries(docs)) expect(dr.node(name).doc).toBe(doc);
  });

  it("the same source bound to two parameters is read once and passed to both (test_parameterize_repeated_sources)", async () => {
    const dr = await buildSource(`export const foo = ff.parameterize({ foo: { x: ff.source("x"), y: ff.source("x") } }, (x: number, y: number): number => x + y);`);
    expect(reads(dr, "foo")).toEqual(["x"]);
    expect(await dr.execute(["foo"], { inputs: { x: 1 } })).toEqual({ foo: 2 });
  });

  it("the same source twice in a group (test_parameterize_repeated_sources_with_group)", async () => {
    const dr = await buildSource(`export const foo = ff.parameterize({ foo: { x: ff.group(ff.source("x"), ff.source("x")) } }, (x: number[]): number => x[0]! + x[1]!);`);
    expect(reads(dr, "foo")).toEqual(["x"]);
    expect(await dr.execute(["foo"], { inputs: { x: 1 } })).toEqual({ foo: 2 });
  });
});

describe("parameterize with groups (test_parametrized_full_replace_groups_*, test_parameterized_validate_group*)", () => {
  const addN = (group: string, type = "number[]") =>
    buildSource(`export const addN = ff.parameterize({ replaced: { groupedParameter: ${group} } }, (groupedParameter: ${type}): number => (groupedParameter as number[]).reduce((a, b) => a + b, 0));`);

  it("a group of values: the node reads nothing", async () => {
    const dr = await addN(`ff.group(ff.value(1), ff.value(2), ff.value(3))`);
    expect(reads(dr, "replaced")).toEqual([]);
    expect(await dr.execute(["replaced"])).toEqual({ replaced: 6 });
  });

  it("a group of sources: the node reads each source", async () => {
    const dr = await addN(`ff.group(ff.source("foo"), ff.source("bar"), ff.source("baz"))`);
    expect(reads(dr, "replaced")).toEqual(["bar", "baz", "foo"]);
    expect(dr.node("replaced").dependencies.map((dependency) => dependency.type)).toEqual(["number", "number", "number"]);
    expect(await dr.execute(["replaced"], { inputs: { foo: 1, bar: 2, baz: 3 } })).toEqual({ replaced: 6 });
  });

  it.each([["number"], ["string"], ["boolean"]])("a group into a parameter declared %s is refused", async (type) => {
    const error = await caught(addN(`ff.group(ff.source("foo"), ff.source("bar"))`, type));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "addN" });
    expect(error.message).toContain("groupedParameter");
  });
});

describe("inject (test_inject_*)", () => {
  it.each([
    ["a list of values", `ff.group(ff.value(1), ff.value(2), ff.value(3))`, "number[]", "nums.reduce((a, b) => a + b, 0)", {}],
    ["a record of values", `ff.group({ one: ff.value(1), two: ff.value(2), three: ff.value(3) })`, "Record<string, number>", "nums.one! + nums.two! + nums.three!", {}],
    ["a list of sources", `ff.group(ff.source("oneSource"), ff.source("twoSource"), ff.source("threeSource"))`, "number[]", "nums.reduce((a, b) => a + b, 0)", { oneSource: 1, twoSource: 2, threeSource: 3 }],
    [
      "a record of sources",
      `ff.group({ one: ff.source("oneSource"), two: ff.source("twoSource"), three: ff.source("threeSource") })`,
      "Record<string, number>",
      "nums.one! + nums.two! + nums.three!",
      { oneSource: 1, twoSource: 2, threeSource: 3 },
    ],
  ])("%s", async (_case, group, type, body, inputs) => {
    const dr = await buildSource(`export const summation = ff.inject({ nums: ${group} }, (nums: ${type}): number => ${body});`);
    expect(functionNames(dr)).toEqual(["summation"]);
    expect(reads(dr, "summation")).toEqual(Object.keys(inputs).sort());
    expect(await dr.execute(["summation"], { inputs })).toEqual({ summation: 6 });
  });

  it("several parameters at once: lists, records, values and a parameter left alone", async () => {
    const dr = await buildSource(`export const contrived = ff.inject(
  {
    intList: ff.group(ff.value(1), ff.value(2), ff.source("threeSource")),
    intDict: ff.group({ one: ff.value(4), two: ff.value(5), three: ff.source("sixSource") }),
    intValueInjected: ff.value(7),
  },
  (intList: number[], intDict: Record<string, number>, intValueInjected: number, intValueNotInjected: number): number =>
    intList.reduce((a, b) => a + b, 0) + Object.values(intDict).reduce((a, b) => a + b, 0) + intValueInjected + intValueNotInjected,
);`);
    expect(reads(dr, "contrived")).toEqual(["intValueNotInjected", "sixSource", "threeSource"]);
    expect(await dr.execute(["contrived"], { inputs: { intValueNotInjected: 8, threeSource: 3, sixSource: 6 } })).toEqual({ contrived: 36 });
  });

  it.each([
    ["a list into a number", `ff.group(ff.value(1), ff.value(2))`, "number"],
    ["a record into a number", `ff.group({ foo: ff.value(1), bar: ff.value(2) })`, "number"],
    ["a record into a list", `ff.group({ foo: ff.value(1), bar: ff.value(2) })`, "number[]"],
    ["a list into a record", `ff.group(ff.value(1), ff.value(2))`, "Record<string, number>"],
  ])("%s is refused (test_inject_misconfigured_param_type_*, test_resolve_dependency_type_sad)", async (_case, group, type) => {
    const error = await caught(buildSource(`export const foo = ff.inject({ x: ${group} }, (x: ${type}): unknown => x);`));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "foo" });
    expect(error.message).toContain(`"x"`);
  });

  it("keeps the doc, and fills a placeholder of the injected parameter with its value (test_inject_validate_with_docstring*)", async () => {
    const dr = await buildSource(`/** Docstring... */
export const foo = ff.inject({ x: ff.value(1) }, (x: number): number => x);
/** Docstring. x={x} is injected. */
export const bar = ff.inject({ x: ff.value(1) }, (x: number): number => x);`);
    expect(dr.node("foo").doc).toBe("Docstring...");
    expect(dr.node("bar").doc).toBe("Docstring. x=1 is injected.");
  });

  it("an unbound parameter's placeholder reads as its name, other braces stay as written", async () => {
    const dr = await buildSource(`/** {x} plus {y}, not {z} */
export const foo = ff.inject({ x: ff.value(1) }, (x: number, y: number): number => x + y);`);
    expect(dr.node("foo").doc).toBe("1 plus y, not {z}");
  });

  it("a parameter named outputName is refused by inject too", async () => {
    const error = await caught(buildSource(`export const foo = ff.inject({ x: ff.value(1) }, (x: number, outputName: string): string => outputName + x);`));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "foo" });
    expect(error.message).toContain(`"outputName" is reserved`);
  });
});

describe("extractColumns (test_*column_extractor*, test_extract_columns_*)", () => {
  const TABLE = `import { tableFromArrays, type Table } from "apache-arrow";
/** dummy doc */
export const dummyDfGenerator = ff.extractColumns(COLUMNS, (): Table => tableFromArrays({ col1: Int32Array.from([1, 2, 3, 4]), col2: Int32Array.from([11, 12, 13, 14]) }));`;
  const table = (columns: string) => buildSource(TABLE.replace("COLUMNS", columns));
  const numbers = (column: unknown) => Array.from((column as { toArray(): ArrayLike<number> }).toArray(), Number);

  it("makes the table's node and one node per column, each reading the table; a column's doc is the one given, else the function's", async () => {
    const dr = await table(`["col1", ["col2", "col2_doc"]]`);
    expect(functionNames(dr)).toEqual(["col1", "col2", "dummyDfGenerator"]);
    expect(dr.node("dummyDfGenerator").doc).toBe("dummy doc");
    expect(reads(dr, "col1")).toEqual(["dummyDfGenerator"]);
    expect(reads(dr, "col2")).toEqual(["dummyDfGenerator"]);
    expect(dr.node("col1").doc).toBe("dummy doc");
    expect(dr.node("col2").doc).toBe("col2_doc");
    const { col1, col2 } = await dr.execute(["col1", "col2"]);
    expect([numbers(col1), numbers(col2)]).toEqual([
      [1, 2, 3, 4],
      [11, 12, 13, 14],
    ]);
  });

  it("fillWith makes a missing column of that value, as long as the table", async () => {
    const dr = await buildSource(TABLE.replace("COLUMNS", `["col3"], { fillWith: 0 }`));
    expect(numbers((await dr.execute(["col3"])).col3)).toEqual([0, 0, 0, 0]);
  });

  it("without fillWith, a missing column fails the run naming it", async () => {
    const dr = await table(`["col3"]`);
    const error = await caught(dr.execute(["col3"]));
    expect(JSON.stringify({ code: error.code, cause: (error.cause as { code?: string } | undefined)?.code })).toContain("missing_column");
    expect(error.message).toContain("col3");
  });

  it.each([
    ["no columns", `ff.extractColumns([], (): number => 1)`],
    ["a function declared to return a number", `ff.extractColumns(["dummyColumn"], (): number => 1)`],
  ])("%s is refused", async (_case, wrapped) => {
    const error = await caught(buildSource(`export const bad = ${wrapped};`));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "bad" });
  });

  it("names, [name, doc] pairs and names again are a valid column list (test_extract_columns_happy)", async () => {
    const dr = await buildSource(`import { tableFromArrays, type Table } from "apache-arrow";
export const t = ff.extractColumns(["a", ["b", "some doc"], "c"], (): Table => tableFromArrays({ a: [1], b: [2], c: [3] }));`);
    expect(functionNames(dr)).toEqual(["a", "b", "c", "t"]);
  });
});

describe("extractFields (test_*extract_fields*)", () => {
  const DICT = `/** dummy doc */
export const dummyDict = ff.extractFields(FIELDS, (): { col1: number[]; col2: number; col3: string } => ({ col1: [1, 2, 3, 4], col2: 1, col3: "x" }));`;
  const dict = (fields: string) => buildSource(DICT.replace("FIELDS", fields));

  it("makes the function's node and one node per field with the field's type, each reading the function, each with the function's doc", async () => {
    const dr = await dict(`{ col1: "number[]", col2: "number", col3: "string" }`);
    expect(functionNames(dr)).toEqual(["col1", "col2", "col3", "dummyDict"]);
    for (const name of ["col1", "col2", "col3"]) {
      expect(reads(dr, name)).toEqual(["dummyDict"]);
      expect(dr.node(name).doc).toBe("dummy doc");
    }
    expect([dr.node("col1").type, dr.node("col2").type, dr.node("col3").type]).toEqual(["number[]", "number", "string"]);
    expect(await dr.execute(["col1", "col2", "col3"])).toEqual({ col1: [1, 2, 3, 4], col2: 1, col3: "x" });
  });

  it("with no field list, the fields are the declared return type's (a TypedDict without fields)", async () => {
    const dr = await buildSource(DICT.replace("FIELDS, ", ""));
    expect(functionNames(dr)).toEqual(["col1", "col2", "col3", "dummyDict"]);
  });

  it("a subset of the declared fields is fine", async () => {
    const dr = await dict(`{ col2: "number" }`);
    expect(functionNames(dr)).toEqual(["col2", "dummyDict"]);
  });

  it.each([
    ["a record", "Record<string, number>"],
    ["a record of unknown", "Record<string, unknown>"],
    ["an object type", "{ test: number; test2: string }"],
  ])("a function declared to return %s can be split", async (_case, type) => {
    const dr = await buildSource(`export const returnDict = ff.extractFields({ test: "number" }, (): ${type} => ({ test: 1, test2: "x" }) as never);`);
    expect(await dr.execute(["test"])).toEqual({ test: 1 });
  });

  it.each([
    ["a number", "number"],
    ["an array", "number[]"],
    ["an object type without the field", "{ test2: string }"],
  ])("a function declared to return %s is refused (test_extract_fields_validate_errors)", async (_case, type) => {
    const error = await caught(buildSource(`export const returnDict = ff.extractFields({ test: "number" }, (): ${type} => ({}) as never);`));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "returnDict" });
  });

  it.each([
    ["a string", `"stringInput"`],
    ["an empty record", `{}`],
    ["a record whose type is a function", `{ field: ((x: unknown) => x) as never, field2: "number" }`],
    ["a record whose type is a number", `{ field: 1 as never }`],
  ])("a field list that is %s is refused (test_validate_extract_fields)", async (_case, fields) => {
    const error = await caught(buildSource(`export const bad = ff.extractFields(${fields}, (): Record<string, number> => ({}));`));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "bad" });
  });

  it("a named return type may have an index signature the scanner does not record, so its fields are not checked", async () => {
    const dr = await buildSource(`type Stats = { [key: string]: number; mean: number };
export const stats = ff.extractFields({ mean: "number", max: "number" }, (): Stats => ({ mean: 1, max: 2 }));`);
    expect(await dr.execute(["mean", "max"])).toEqual({ mean: 1, max: 2 });
  });

  it("fillWith gives a missing field that value; a present field keeps its own", async () => {
    const dr = await buildSource(DICT.replace("FIELDS", `{ col2: "number", col4: "number" }, { fillWith: 1.0 }`).replace("col3: string }", "col3: string; col4?: number }"));
    expect(await dr.execute(["col2", "col4"])).toEqual({ col2: 1, col4: 1 });
  });

  it("without fillWith, a missing field fails the run naming it", async () => {
    const dr = await buildSource(DICT.replace("FIELDS", `{ col4: "number" }`).replace("col3: string }", "col3: string; col4?: number }"));
    const error = await caught(dr.execute(["col4"]));
    expect(error.message).toContain("col4");
  });
});

describe("unpackFields (test_unpack_fields_*)", () => {
  it("makes the function's node and one node per position, typed from the tuple, each reading the function, with the function's doc", async () => {
    const dr = await buildSource(`/** dummy doc */
export const dummy = ff.unpackFields(["A", "B", "C"], (): [number, string, number] => [1, "2", 3]);`);
    expect(functionNames(dr)).toEqual(["A", "B", "C", "dummy"]);
    expect([dr.node("A").type, dr.node("B").type, dr.node("C").type]).toEqual(["number", "string", "number"]);
    for (const name of ["A", "B", "C"]) {
      expect(reads(dr, name)).toEqual(["dummy"]);
      expect(dr.node(name).doc).toBe("dummy doc");
    }
    expect(await dr.execute(["A", "B", "C"])).toEqual({ A: 1, B: "2", C: 3 });
  });

  it("a prefix of the tuple is fine", async () => {
    const dr = await buildSource(`export const dummy = ff.unpackFields(["A"], (): [number, string, number] => [1, "2", 3]);`);
    expect(functionNames(dr)).toEqual(["A", "dummy"]);
    expect(dr.node("A").type).toBe("number");
  });

  it("a tuple of any length (Tuple[int, ...]) gives each name the element type", async () => {
    const dr = await buildSource(`export const dummy = ff.unpackFields(["A", "B", "C"], (): number[] => [1, 2, 3]);`);
    expect([dr.node("A").type, dr.node("B").type, dr.node("C").type]).toEqual(["number", "number", "number"]);
    expect(await dr.execute(["A", "C"])).toEqual({ A: 1, C: 3 });
  });

  it.each([
    ["[number, number]", ["A", "B"]],
    ["[number, number, string]", ["A", "B", "C"]],
    ["number[]", ["A", "B"]],
  ])("a function declared to return %s can be unpacked into %j", async (type, names) => {
    await expect(buildSource(`export const fn = ff.unpackFields(${JSON.stringify(names)}, (): ${type} => [1, 2, "3"] as never);`)).resolves.toBeDefined();
  });

  it.each([
    ["number", ["A"]],
    ["Record<string, number>", ["A"]],
    ["[number, number]", ["A", "B", "C"]],
  ])("a function declared to return %s cannot be unpacked into %j", async (type, names) => {
    const error = await caught(buildSource(`export const fn = ff.unpackFields(${JSON.stringify(names)}, (): ${type} => [1, 2, 3] as never);`));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "fn" });
  });
});

describe("parameterizeExtractColumns (test_parameterized_extract_columns)", () => {
  it("makes fn__0, fn__1 and the columns of each; each table's columns are the outputs by position", async () => {
    const dr = await buildSource(`import { tableFromArrays, type Float64, type Table, type Vector } from "apache-arrow";
const nums = (v: Vector<Float64>) => Array.from(v.toArray() as Float64Array);
export const fn = ff.parameterizeExtractColumns(
  new ff.ParameterizedExtract(["outseries1a", "outseries2a"], { input1: ff.source("inseries1a"), input2: ff.source("inseries1b"), input3: ff.value(10) }),
  new ff.ParameterizedExtract(["outseries1b", "outseries2b"], { input1: ff.source("inseries2a"), input2: ff.source("inseries2b"), input3: ff.value(100) }),
  (input1: Vector<Float64>, input2: Vector<Float64>, input3: number): Table =>
    tableFromArrays({
      product: Float64Array.from(nums(input1).map((x, i) => x * nums(input2)[i]! * input3)),
      sum: Float64Array.from(nums(input1).map((x, i) => x + nums(input2)[i]! + input3)),
    }),
);`);
    expect(functionNames(dr)).toEqual(["fn__0", "fn__1", "outseries1a", "outseries1b", "outseries2a", "outseries2b"]);
    expect(reads(dr, "fn__0")).toEqual(["inseries1a", "inseries1b"]);
    expect(reads(dr, "outseries1a")).toEqual(["fn__0"]);
    expect(reads(dr, "outseries2b")).toEqual(["fn__1"]);
    const { makeVector } = await import("apache-arrow");
    const one = makeVector(new Float64Array([1]));
    const result = await dr.execute(["outseries1a", "outseries2a", "outseries1b", "outseries2b"], { inputs: { inseries1a: one, inseries1b: one, inseries2a: one, inseries2b: one } });
    const first = (column: unknown) => Number((column as { get(i: number): unknown }).get(0));
    expect([first(result.outseries1a), first(result.outseries2a), first(result.outseries1b), first(result.outseries2b)]).toEqual([10, 12, 100, 102]);
  });
});

describe("parameterize over parallel blocks (test_parameterize_with_parallelizable, _with_collect)", () => {
  it("a parameterized parallelizable function stays a fan-out, a parameterized collect a collect", async () => {
    const dr = await buildSource(`export const items = ff.parameterize({ items: { n: ff.source("count") } }, ff.parallelizable(function* (n: number): ff.Parallelizable<number> {
  for (let i = 0; i < n; i++) yield i;
}));
export function doubled(items: number): number {
  return items * 2;
}
export const total = ff.parameterize({ total: { values: ff.source("doubled") } }, ff.collect((values: ff.Collect<number>): number => values.reduce((a, b) => a + b, 0)));`);
    expect(dr.node("items").parallel).toBe("expand");
    expect(dr.node("total").parallel).toBe("collect");
    expect(await dr.execute(["total"], { inputs: { count: 4 } })).toEqual({ total: 12 });
  });
});
