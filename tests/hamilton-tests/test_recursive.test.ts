/**
 * Follows Hamilton's tests/function_modifiers/test_recursive.py (facts only): `subdag` and
 * `parameterized_subdag`: namespaced node names, inputs as values and sources, config inside the
 * subgraph (given, remapped with configuration(), missing), nesting, and external inputs.
 * Most tests keep Hamilton's functions in fixture modules (`modules`); the last block ports the
 * tests that pass bare functions as they are written, with `functions: [foo, bar]`.
 */
import { afterAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { buildSource, caught, removeInlineModules } from "../decorators/support/build.ts";

afterAll(removeInlineModules);

const fixture = (name: string) => new URL(`../fixtures/hamilton-tests/${name}.ts`, import.meta.url);
const build = (name: string, config: Record<string, unknown> = {}) => new Builder().withModules(fixture(name)).withConfig(config).withManifestCache(false).build();
type Driver = Awaited<ReturnType<typeof build>>;
const namesOf = (dr: Driver) => dr.listNodes().map((node) => node.name);
const depsOf = (dr: Driver, name: string) => dr.node(name).dependencies.map((d) => d.name);
const fooBar = JSON.stringify(fixture("subdag-foo-bar").href);

describe("subdag", () => {
  it("names the reused nodes <fn>.<name> and computes the final node from them (test_subdag_basic_no_parameterization)", async () => {
    const dr = await buildSource(`export const baz = ff.subdag({ modules: [new URL(${fooBar})] }, (foo: number, bar: number): number => foo + bar);`);
    expect(namesOf(dr)).toEqual(expect.arrayContaining(["baz.foo", "baz.bar", "baz"]));
    expect(depsOf(dr, "baz")).toEqual(["baz.foo", "baz.bar"]);
    // The subgraph's own inputs stay global: nothing inside produces a or b.
    expect(depsOf(dr, "baz.foo")).toEqual(["a"]);
    expect(await dr.execute(["baz"], { inputs: { a: 10, b: 20 } })).toEqual({ baz: 30 });
  });

  it("makes a node <fn>.<input> per input, holding the value or reading the source (test_subdag_basic_simple/source_parameterization)", async () => {
    const dr = await buildSource(`
      export const byValue = ff.subdag({ modules: [new URL(${fooBar})], inputs: { a: ff.value(1), b: ff.value(2) } }, (foo: number, bar: number): number => foo + bar);
      export const bySource = ff.subdag({ modules: [new URL(${fooBar})], inputs: { a: ff.source("c"), b: ff.source("d") } }, (foo: number, bar: number): number => foo + bar);
    `);
    expect(namesOf(dr)).toEqual(expect.arrayContaining(["byValue.a", "byValue.b", "bySource.a", "bySource.b"]));
    expect(depsOf(dr, "bySource.a")).toEqual(["c"]);
    expect(depsOf(dr, "byValue.foo")).toEqual(["byValue.a"]);
    expect(await dr.execute(["byValue.a", "byValue.b", "byValue", "bySource.a", "bySource"], { inputs: { c: 1, d: 2 } })).toEqual({
      "byValue.a": 1,
      "byValue.b": 2,
      byValue: 3,
      "bySource.a": 1,
      bySource: 3,
    });
  });

  it("resolves config variants with the subdag's config (test_subdag_handles_config_assignment)", async () => {
    const dr = await buildSource(`export const baz = ff.subdag({ modules: [new URL(${fooBar})], inputs: { a: ff.value(1) }, config: { someConfigParam: true } }, (foo: number, bar: number): number => foo + bar);`);
    expect(depsOf(dr, "baz.bar")).toEqual([]);
    expect(await dr.execute(["baz.bar", "baz"])).toEqual({ "baz.bar": 10, baz: 11 });
  });

  it("makes a config value a node <fn>.<key> the subgraph can read (test_subdag_allows_config_as_input)", async () => {
    const dr = await buildSource(`export const baz = ff.subdag({ modules: [new URL(${fooBar})], config: { someConfigParam: false, b: 100 } }, (foo: number, bar: number): number => foo + bar);`);
    expect(depsOf(dr, "baz.bar")).toEqual(["baz.b"]);
    expect(await dr.execute(["baz.b", "baz.bar"])).toEqual({ "baz.b": 100, "baz.bar": 100 });
  });

  it("reuses one module four times with their own inputs and config (test_reuse_subdag_end_to_end)", async () => {
    const dr = await build("reuse-subdag", { op: "subtract" });
    const names = new Set(namesOf(dr));
    for (const ns of ["v1", "v2", "v3", "v4"]) for (const node of ["d", "e", "f"]) expect(names).toContain(`${ns}.${node}`);
    for (const node of ["e_1", "f_1", "e_2", "f_2", "e_3", "f_3", "e_4", "f_4", "a", "b", "v1.c", "v2.c", "v3.c"]) expect(names).toContain(node);
    // d, e and f exist only inside the subgraphs.
    for (const node of ["d", "e", "f"]) expect(names).not.toContain(node);
    expect(depsOf(dr, "v4.e")).toEqual(["v4.c"]);
    expect(depsOf(dr, "v4.c")).toEqual(["b"]);
    expect(await dr.execute(["v1.c", "v2.c", "v3.c", "v4.c"])).toEqual({ "v1.c": 10, "v2.c": 20, "v3.c": 30, "v4.c": 2 });
    // Each subgraph's own config picks its variant of d, whatever the outer config says.
    expect(await dr.execute(["v1.d", "v3.d"], { overrides: { "v1.c": 10, "v3.c": 10, a: 100 } })).toEqual({ "v1.d": 90, "v3.d": 110 });
    expect(await dr.execute(["sumEverything"])).toEqual({ sumEverything: 318 });
  });

  it("nests: a subdag of a module whose node is a subdag, config given by value or remapped with configuration() (test_nested_subdag_with_config_remapping)", async () => {
    const dr = await build("nested-outer", { broken2: false });
    expect(namesOf(dr)).toEqual(expect.arrayContaining(["outerSubdag1", "outerSubdag2", "outerSubdag1.innerSubdag", "outerSubdag1.innerSubdag.foo", "outerSubdag2.innerSubdag.bar"]));
    // bar(2) = 3; foo(10) = 11, foo(3) = 4.
    expect(await dr.execute(["sumAll"], { inputs: { input1: 2 } })).toEqual({ sumAll: 3 + 11 + 3 + 4 });
  });

  it("fails the build when configuration() names a key the config lacks (test_nested_subdag_with_config_remapping_missing_error)", async () => {
    const error = await caught(build("nested-outer", { broken: false }));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain("broken2");
  });

  it("a nested subgraph sees the outer config when no subdag sets it (test_nested_subdag_with_config)", async () => {
    const dr = await buildSource(`
      const middle = new URL(${JSON.stringify(fixture("nested-middle").href)});
      export const outerSubdag1 = ff.subdag({ modules: [middle], inputs: { input2: ff.value(10) } }, (innerSubdag: [number, number]): number => innerSubdag[0] + innerSubdag[1]);
      export const outerSubdag2 = ff.subdag({ modules: [middle], inputs: { input2: ff.value(3) } }, (innerSubdag: [number, number]): number => innerSubdag[0] + innerSubdag[1]);
      export const sumAll = (outerSubdag1: number, outerSubdag2: number): number => outerSubdag1 + outerSubdag2;
    `, { broken: false });
    expect(await dr.execute(["sumAll"], { inputs: { input1: 2 } })).toEqual({ sumAll: 21 });
  });

  it("with no config, an unset key reads as null, so a configWhenNot variant is present (test_subdag_empty_config)", async () => {
    const dr = await buildSource(`export const wrapper = ff.subdag({ modules: [new URL(${JSON.stringify(fixture("subdag-when-not").href)})] }, (baz: number): number => baz);`);
    expect(namesOf(dr)).toEqual(expect.arrayContaining(["wrapper.baz", "wrapper"]));
    expect(await dr.execute(["wrapper"], { inputs: { foo: 1, bar: 2 } })).toEqual({ wrapper: 3 });
  });

  it("keeps async functions async inside the subgraph and awaits them (test_subdag_async)", async () => {
    const dr = await buildSource(`export const baz = ff.subdag({ modules: [new URL(${JSON.stringify(fixture("subdag-async").href)})] }, async (foo: number, bar: number): Promise<number> => foo + bar);`);
    expect(dr.node("baz.foo").isAsync).toBe(true);
    expect(await dr.execute(["baz"], { inputs: { a: 2, b: 3 } })).toEqual({ baz: 5 });
  });

  it("takes namespace and finalNodeName, and the outer config unless its own config overrides it (Hamilton merges the subdag's config over the outer one)", async () => {
    const named = await buildSource(`export const baz = ff.subdag({ modules: [new URL(${fooBar})], namespace: "x", finalNodeName: "total" }, (foo: number, bar: number): number => foo + bar);`);
    expect(namesOf(named).sort()).toEqual(["a", "b", "total", "x.bar", "x.foo"]);
    expect(await named.execute(["total"], { inputs: { a: 1, b: 2 } })).toEqual({ total: 3 });
    const inherited = await buildSource(`export const baz = ff.subdag({ modules: [new URL(${fooBar})] }, (bar: number): number => bar);`, { someConfigParam: true });
    expect(await inherited.execute(["baz"])).toEqual({ baz: 10 });
    const overridden = await buildSource(`export const baz = ff.subdag({ modules: [new URL(${fooBar})], config: { someConfigParam: false } }, (bar: number): number => bar);`, { someConfigParam: true });
    expect(await overridden.execute(["baz"], { inputs: { b: 7 } })).toEqual({ baz: 7 });
  });

  it("reads externalInputs from the outer graph, un-namespaced (test_subdag_with_external_nodes_input)", async () => {
    const dr = await buildSource(`
      export const fooBarBaz = ff.subdag(
        { modules: [new URL(${JSON.stringify(fixture("parameterized-subdag-part").href)})], externalInputs: ["baz"], config: { bazVersion: "standard" } },
        (foo: number, bar: number, baz: number): number => foo + bar + baz,
      );
    `);
    expect(depsOf(dr, "fooBarBaz")).toEqual(["fooBarBaz.foo", "fooBarBaz.bar", "baz"]);
    expect(dr.node("baz").kind).toBe("input");
    expect(await dr.execute(["fooBarBaz"], { inputs: { input1: 2, input2: 3, baz: 4 } })).toEqual({ fooBarBaz: 4 + 3 + 4 });
  });

  it.each([
    [{ c: ["source", "baz"] }, "source"],
    [{ c: ["group", "baz"] }, "group"],
  ])("refuses a source or group in subdag config, which is fixed before any node runs (test_resolve_subdag_configuration_flag_incorrect_source_group_deps, %o)", async (_, kind) => {
    const spec = kind === "source" ? `ff.source("e")` : `ff.group(ff.source("e"))`;
    const error = await caught(buildSource(`export const baz = ff.subdag({ modules: [new URL(${fooBar})], config: { d: ${spec} } }, (foo: number): number => foo);`));
    expect(error.code).toBe("invalid_modifier");
  });

  it("refuses a name given as both an input and a config key (test_recursive_validate_config_inputs_sad)", async () => {
    const error = await caught(buildSource(`export const baz = ff.subdag({ modules: [new URL(${fooBar})], inputs: { foo: ff.source("x") }, config: { foo: "bar" } }, (bar: number): number => bar);`));
    expect(error.code).toBe("invalid_modifier");
  });
});

describe("parameterizedSubdag", () => {
  it("makes one namespace and one final node per entry, each with its own inputs and config over the shared ones (test_parameterized_subdag)", async () => {
    const dr = await buildSource(`
      export const subdagProcessor = ff.parameterizedSubdag(
        { modules: [new URL(${JSON.stringify(fixture("parameterized-subdag-part").href)})], inputs: { input1: ff.source("externalInput1"), input2: ff.source("externalInput2") }, config: { bazVersion: "standard" } },
        { v0: {}, v1: { config: { bazVersion: "standard" }, inputs: { input1: ff.value(100) } }, v2: { config: { bazVersion: "alternate" }, inputs: { input2: ff.value(200) } } },
        (foo: number, bar: number, baz: number): [number, number, number] => [foo, bar, baz],
      );
    `);
    const names = namesOf(dr);
    expect(new Set(names).size).toBe(names.length);
    for (const node of ["v0", "v1", "v2", "v0.baz", "v1.baz", "v2.baz"]) expect(names).toContain(node);
    expect(names).not.toContain("subdagProcessor");
    const overrides = { "v0.foo": 1, "v0.bar": 2, "v1.foo": 1, "v1.bar": 2, "v2.foo": 1, "v2.bar": 2 };
    expect(await dr.execute(["v0.baz", "v1.baz", "v2.baz"], { overrides })).toEqual({ "v0.baz": 3, "v1.baz": 3, "v2.baz": 2 });
    expect(await dr.execute(["v0", "v1", "v2"], { inputs: { externalInput1: 1, externalInput2: 2 } })).toEqual({
      v0: [3, 2, 5],
      v1: [3, 101, 104],
      v2: [201, 2, 201 * 2],
    });
  });

  it("shares externalInputs between the entries (test_parameterized_subdag_with_external_inputs_global)", async () => {
    const dr = await buildSource(`
      export const fooBarBaz = ff.parameterizedSubdag(
        { modules: [new URL(${JSON.stringify(fixture("parameterized-subdag-part").href)})], externalInputs: ["baz"], config: { bazVersion: "standard" } },
        { fooBarBazInput1: { inputs: { input1: ff.value(10), input2: ff.value(20) } }, fooBarBazInput2: { inputs: { input1: ff.value(30), input2: ff.value(40) } } },
        (foo: number, bar: number, baz: number): number => foo + bar + baz,
      );
      export const fooBarBazSummed = (fooBarBazInput1: number, fooBarBazInput2: number): number => fooBarBazInput1 + fooBarBazInput2;
    `);
    expect(dr.node("baz").kind).toBe("input");
    expect(await dr.execute(["fooBarBazSummed"], { inputs: { baz: 100 } })).toEqual({ fooBarBazSummed: 21 + 11 + 100 + 41 + 31 + 100 });
  });

  it("nests: a parameterizedSubdag of a module whose node is a subdag (test_nested_parameterized_subdag_with_config)", async () => {
    const dr = await build("nested-parameterized", { broken: false });
    expect(namesOf(dr)).toEqual(expect.arrayContaining(["outerSubdag1", "outerSubdag2"]));
    expect(await dr.execute(["sumAll"], { inputs: { input1: 2 } })).toEqual({ sumAll: 21 });
  });
});

describe("subdag and parameterizedSubdag over bare functions (Hamilton's @subdag(foo, bar))", () => {
  const fooBarSource = `
    const bar = (input1: number): number => input1 + 1;
    const foo = (input2: number): number => input2 + 1;`;

  it("names the listed functions' nodes <fn>.<name> (test_subdag_basic_no_parameterization)", async () => {
    const dr = await buildSource(`
      function foo(a: number): number { return a; }
      function bar(b: number): number { return b; }
      export const baz = ff.subdag({ functions: [foo, bar] }, (foo: number, bar: number): number => foo + bar);`);
    expect(namesOf(dr)).toEqual(expect.arrayContaining(["baz.foo", "baz.bar", "baz"]));
    expect(depsOf(dr, "baz")).toEqual(["baz.foo", "baz.bar"]);
    expect(await dr.execute(["baz"], { inputs: { a: 10, b: 20 } })).toEqual({ baz: 30 });
  });

  it("nests a subdag over functions inside subdags over it, each with its own inputs (test_nested_subdag)", async () => {
    const dr = await buildSource(`${fooBarSource}
      const innerSubdag = ff.subdag({ functions: [foo, bar] }, (foo: number, bar: number): [number, number] => [foo, bar]);
      export const outerSubdag1 = ff.subdag({ functions: [innerSubdag], inputs: { input2: ff.value(10) }, config: { plusOne: true } }, (innerSubdag: [number, number]): number => innerSubdag[0] + innerSubdag[1]);
      export const outerSubdag2 = ff.subdag({ functions: [innerSubdag], inputs: { input2: ff.value(3) }, config: { plusOne: false } }, (innerSubdag: [number, number]): number => innerSubdag[0] + innerSubdag[1]);
      export const sumAll = (outerSubdag1: number, outerSubdag2: number): number => outerSubdag1 + outerSubdag2;`);
    expect(namesOf(dr)).toEqual(expect.arrayContaining(["outerSubdag1", "outerSubdag2", "outerSubdag1.innerSubdag.foo"]));
    // sum_all(outer_1(inner(bar(2), foo(10))), outer_2(inner(bar(2), foo(3))))
    expect(await dr.execute(["sumAll"], { inputs: { input1: 2 } })).toEqual({ sumAll: 3 + 11 + (3 + 4) });
  });

  it("resolves a listed config variant with the outer config (test_nested_subdag_with_config)", async () => {
    const source = `
      const bar = (input1: number): number => input1 + 1;
      const foo = ff.configWhen({ broken: false }, (input2: number): number => input2 + 1);
      const innerSubdag = ff.subdag({ functions: [foo, bar] }, (foo: number, bar: number): [number, number] => [foo, bar]);
      export const outerSubdag1 = ff.subdag({ functions: [innerSubdag], inputs: { input2: ff.value(10) } }, (innerSubdag: [number, number]): number => innerSubdag[0] + innerSubdag[1]);
      export const outerSubdag2 = ff.subdag({ functions: [innerSubdag], inputs: { input2: ff.value(3) } }, (innerSubdag: [number, number]): number => innerSubdag[0] + innerSubdag[1]);
      export const sumAll = (outerSubdag1: number, outerSubdag2: number): number => outerSubdag1 + outerSubdag2;`;
    const dr = await buildSource(source, { broken: false });
    expect(await dr.execute(["sumAll"], { inputs: { input1: 2 } })).toEqual({ sumAll: 21 });
    // With broken=true no variant of foo is active: the name is read from the outer graph.
    const error = await caught(buildSource(source, { broken: true }).then((built) => built.execute(["sumAll"], { inputs: { input1: 2 } })));
    expect(error.code).toBe("config_unsatisfied");
  });

  it("keeps listed async functions async and awaits them (test_subdag_async)", async () => {
    const dr = await buildSource(`
      const foo = async (a: number): Promise<number> => a;
      const bar = async (b: number): Promise<number> => b;
      export const baz = ff.subdag({ functions: [foo, bar] }, async (foo: number, bar: number): Promise<number> => foo + bar);`);
    expect(dr.node("baz.foo").isAsync).toBe(true);
    expect(await dr.execute(["baz"], { inputs: { a: 2, b: 3 } })).toEqual({ baz: 5 });
  });

  it("reads externalInputs from the outer graph (test_subdag_with_external_nodes_input)", async () => {
    const dr = await buildSource(`${fooBarSource}
      export const fooBarBaz = ff.subdag({ functions: [foo, bar], externalInputs: ["baz"] }, (foo: number, bar: number, baz: number): number => foo + bar + baz);`);
    expect(dr.node("baz").kind).toBe("input");
    expect(await dr.execute(["fooBarBaz"], { inputs: { input1: 2, input2: 3, baz: 4 } })).toEqual({ fooBarBaz: 4 + 3 + 4 });
  });

  it("gives each parameterization its variant of the listed functions (test_parameterized_subdag)", async () => {
    const dr = await buildSource(`${fooBarSource}
      const baz__standard = ff.configWhen({ bazVersion: "standard" }, (foo: number, bar: number): number => foo + bar);
      const baz__alternate = ff.configWhen({ bazVersion: "alternate" }, (foo: number, bar: number): number => foo * bar);
      export const subdagProcessor = ff.parameterizedSubdag(
        { functions: [bar, foo, baz__standard, baz__alternate], inputs: { input1: ff.source("externalInput1"), input2: ff.source("externalInput2") }, config: { bazVersion: "standard" } },
        { v0: {}, v1: { config: { bazVersion: "standard" }, inputs: { input1: ff.value(100) } }, v2: { config: { bazVersion: "alternate" }, inputs: { input2: ff.value(200) } } },
        (foo: number, bar: number, baz: number): [number, number, number] => [foo, bar, baz],
      );`);
    expect(await dr.execute(["v0", "v1", "v2"], { inputs: { externalInput1: 1, externalInput2: 2 } })).toEqual({ v0: [3, 2, 5], v1: [3, 101, 104], v2: [201, 2, 402] });
  });
});
