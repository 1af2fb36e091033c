/**
 * Follows Hamilton's tests/function_modifiers/test_macros.py (facts only): `does`, `pipe_input`,
 * `pipe_output`, `step`, `mutate` and `apply_to`, through funcflow's public Builder/Driver.
 * Cases about Python mechanics (inspect signatures, `**kwargs` matching, keyword-only
 * parameters, `@model`, internal Applicable/select_nodes helpers, pandas groupbys) are covered
 * by the behaviour they stand for, or skipped (see the report of branch hm-mod2).
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { Builder, pipeOutput, step, value } from "funcflow";
import { readNodeMetadata } from "../../src/graph/index.ts";
import { buildSource, caught, removeInlineModules } from "../decorators/support/build.ts";

afterAll(removeInlineModules);

const fixture = (name: string) => new URL(`../fixtures/hamilton-tests/${name}.ts`, import.meta.url);
const build = (name: string, config: Record<string, unknown> = {}) => new Builder().withModules(fixture(name)).withConfig(config).withManifestCache(false).build();
const namesOf = (dr: Awaited<ReturnType<typeof build>>) => dr.listNodes().map((node) => node.name);
const depsOf = (dr: Awaited<ReturnType<typeof build>>, name: string) => dr.node(name).dependencies.map((d) => d.name);

describe("does (test_does_*)", () => {
  it("keeps the declaring function's name and doc, and the replacing function receives its arguments", async () => {
    const dr = await buildSource(`
      const sumAll = (record: Record<string, number>): number => Object.values(record).reduce((a, b) => a + b, 0);
      /** This sums the inputs it gets... */
      export const toModify = ff.does(sumAll, "record", (param1: number, param2: number): number => 0);
    `);
    expect(dr.listNodes().filter((n) => n.kind === "function").map((n) => n.name)).toEqual(["toModify"]);
    expect(dr.node("toModify").doc).toBe("This sums the inputs it gets...");
    expect(await dr.execute(["toModify"], { inputs: { param1: 1, param2: 1 } })).toEqual({ toModify: 2 });
  });

  it("works on non-scalar values (lists in, a set out)", async () => {
    const dr = await buildSource(`
      const setify = (record: Record<string, number[]>): Set<number> => new Set(Object.values(record).flat());
      export const toModify = ff.does(setify, "record", (param1: number[], param2: number[]): Set<number> => new Set());
    `);
    const { toModify } = await dr.execute(["toModify"], { inputs: { param1: [1, 2, 3], param2: [4, 5, 6] } });
    expect(toModify).toEqual(new Set([1, 2, 3, 4, 5, 6]));
  });

  it("keeps optional parameters optional and passes their declared defaults (test_does_function_modifier_optionals)", async () => {
    const dr = await buildSource(`
      const sumRest = (record: Record<string, number>): number => record.param1! + record.param2!;
      export const toModify = ff.does(sumRest, "record", (param0: number, param1 = 1, param2 = 2): number => 0);
    `);
    const optional = Object.fromEntries(dr.node("toModify").dependencies.map((d) => [d.name, d.optional]));
    expect(optional).toEqual({ param0: false, param1: true, param2: true });
    expect(await dr.execute(["toModify"], { inputs: { param0: 0 } })).toEqual({ toModify: 3 });
    expect(await dr.execute(["toModify"], { inputs: { param0: 0, param1: 0, param2: 0 } })).toEqual({ toModify: 0 });
  });

  it("maps arguments onto the replacing function's parameters (test_does_with_argument_mapping)", async () => {
    const dr = await buildSource(`
      const sumMultiply = (param0: number, param1: number, param2: number): number => param0 + param1 * param2;
      export const toModify = ff.does(sumMultiply, ["parama", "paramb", "paramc"], (parama: number, paramb = 1, paramc = 2): number => 0);
    `);
    expect(await dr.execute(["toModify"], { inputs: { parama: 0 } })).toEqual({ toModify: 2 });
    expect(await dr.execute(["toModify"], { inputs: { parama: 0, paramb: 1, paramc: 2 } })).toEqual({ toModify: 2 });
    expect(await dr.execute(["toModify"], { inputs: { parama: 1, paramb: 4 } })).toEqual({ toModify: 9 });
  });

  it("refuses a mapping that names a parameter the node lacks (test_ensure_function_signatures_compatible, incompatible rows)", async () => {
    const error = await caught(buildSource(`export const justB = ff.does((b: number): number => b, ["c"], (a: number): number => a);`));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain(`does maps parameter "c"`);
  });
});

describe("pipeInput (test_pipe_*)", () => {
  it.each([{ calcC: true }, { calcC: false }])("each step chain equals the hand-written chain (test_pipe_end_to_end_1, %o)", async (config) => {
    const dr = await build("pipe-input", config);
    const inputs = { input1: 10, input2: 20, input3: 30 };
    const result = await dr.execute(["chain1UsingPipe", "chain2UsingPipe", "chain1NotUsingPipe", "chain2NotUsingPipe"], { inputs });
    expect(result.chain1UsingPipe).toBe(result.chain1NotUsingPipe);
    expect(result.chain2UsingPipe).toBe(result.chain2NotUsingPipe);
    expect(result.chain1UsingPipe).toBe(config.calcC ? 5200 : 4600);
  });

  it("names each step <fn>.<name>, leaves out a step whose condition fails, and the function reads the last step", async () => {
    const dr = await build("pipe-input", { calcC: false });
    expect(namesOf(dr)).toEqual(expect.arrayContaining(["chain1UsingPipe.a", "chain1UsingPipe.b", "chain1UsingPipe.d", "chain1UsingPipe.e"]));
    expect(namesOf(dr)).not.toContain("chain1UsingPipe.c");
    expect(depsOf(dr, "chain1UsingPipe.a")).toEqual(["v"]);
    expect(depsOf(dr, "chain1UsingPipe.d")).toEqual(["chain1UsingPipe.b", "input1"]);
    expect(depsOf(dr, "chain1UsingPipe")).toEqual(["chain1UsingPipe.e"]);
  });

  it("pipes into the parameter onInput names, under the pipe's namespace (test_pipe_end_to_end_target_global)", async () => {
    const dr = await build("pipe-input", { calcC: true });
    expect(namesOf(dr)).toEqual(expect.arrayContaining(["global.a", "global.b", "global.c", "global.d", "global.e"]));
    expect(depsOf(dr, "global.a")).toEqual(["w"]);
    expect(depsOf(dr, "chain1UsingPipeInputTargetGlobal")).toEqual(["v", "global.e"]);
    const result = await dr.execute(["chain1UsingPipeInputTargetGlobal", "chain1NotUsingPipeInputTargetGlobal"], { inputs: { input1: 10, input2: 20 } });
    expect(result.chain1UsingPipeInputTargetGlobal).toBe(result.chain1NotUsingPipeInputTargetGlobal);
  });

  it("a step named under a null namespace is just its name, with the step's other arguments as dependencies (test_pipe_decorator_positional_variable_args)", async () => {
    const dr = await buildSource(`
      const apply = (foo: number, bar: number, baz = 100): number => foo + bar + baz;
      export const downstream = ff.pipeInput({ namespace: null }, ff.step(apply, ff.source("barUpstream"), ff.value(1000)).named("node1"), (result: number): number => result);
    `);
    expect(depsOf(dr, "node1").sort()).toEqual(["barUpstream", "result"]);
    expect(depsOf(dr, "downstream")).toEqual(["node1"]);
    expect(await dr.execute(["node1", "downstream"], { inputs: { result: 1, barUpstream: 10 } })).toEqual({ node1: 1011, downstream: 1011 });
  });

  it("chains several named steps without collapsing them (test_pipe_decorator_no_collapse_multi_node)", async () => {
    const dr = await buildSource(`
      const apply = (foo: number, bar: number, baz = 100): number => foo + bar + baz;
      export const downstream = ff.pipeInput({ namespace: null }, ff.step(apply, ff.source("barUpstream"), 100).named("node1"), ff.step(apply, ff.value(10), ff.value(100)).named("node2"), (result: number): number => result);
    `);
    expect(namesOf(dr).sort()).toEqual(["barUpstream", "downstream", "node1", "node2", "result"]);
    expect(await dr.execute(["node1", "node2", "downstream"], { inputs: { result: 1, barUpstream: 10 } })).toEqual({ node1: 111, node2: 221, downstream: 221 });
  });

  it.each([
    [`{ onInput: ["a", "b"] } as never, ff.step(inc)`, `["a","b"]`],
    [`ff.step(inc).onInput(["a"] as never)`, `["a"]`],
    [`{ onInput: "" }, ff.step(inc)`, `""`],
  ])("refuses an onInput that is not one parameter name (test_pipe_input_on_input_error_unless_string_or_none): %s", async (args, shown) => {
    const error = await caught(buildSource(`const inc = (v: number): number => v + 1;\nexport const p = ff.pipeInput(${args}, (a: number, b: number): number => a + b);`));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain(`pipeInput: onInput names one parameter, e.g. onInput: "sales", got ${shown}`);
  });

  it("a step's own namespace wins over the pipe's (test_resolve_namespace_replaced / _discard)", async () => {
    const dr = await buildSource(`
      const add = (x: number, y: number): number => x + y;
      export const piped = ff.pipeInput(ff.step(add, 1).named("replaced", "custom"), ff.step(add, 2).named("bare", null), ff.step(add, 3).named("inherited"), (raw: number): number => raw);
    `);
    expect(namesOf(dr)).toEqual(expect.arrayContaining(["custom.replaced", "bare", "piped.inherited"]));
    expect(await dr.execute(["piped"], { inputs: { raw: 0 } })).toEqual({ piped: 6 });
  });
});

describe("pipeOutput (test_pipe_output_*)", () => {
  it("makes <fn>.raw, one node per step and <fn>; consumers see the piped value (test_pipe_output_end_to_end_simple)", async () => {
    const dr = await build("pipe-output");
    expect(namesOf(dr)).toEqual(expect.arrayContaining(["fOfInterest.raw", "fOfInterest.with_pipeOutput0", "fOfInterest.random", "fOfInterest.with_pipeOutput2", "fOfInterest"]));
    expect(depsOf(dr, "fOfInterest.random")).toEqual(["fOfInterest.with_pipeOutput0", "upstream"]);
    const result = await dr.execute(["downstreamF", "chainNotUsingPipeOutput"]);
    expect(result.downstreamF).toBe(result.chainNotUsingPipeOutput);
  });

  it.each([{ calcC: true }, { calcC: false }])("each chain equals the hand-written chain (test_pipe_output_end_to_end, %o)", async (config) => {
    const dr = await build("pipe-output", config);
    const inputs = { input1: 10, input2: 20, input3: 30 };
    const result = await dr.execute(["chain1UsingPipeOutput", "chain2UsingPipeOutput", "chain1NotUsingPipeOutput", "chain2NotUsingPipeOutput"], { inputs });
    expect(result.chain1UsingPipeOutput).toBe(result.chain1NotUsingPipeOutput);
    expect(result.chain2UsingPipeOutput).toBe(result.chain2NotUsingPipeOutput);
  });

  it.each([
    ["Yes", "chain3NotUsingPipeOutputConfigTrue", ["a", "c", "e"]],
    ["No", "chain3NotUsingPipeOutputConfigFalse", ["b", "d"]],
    ["skip", "chain3NotUsingPipeOutputConfigNoConditionsMet", []],
  ] as const)("with key=%s only the steps whose condition holds run (test_pipe_output_end_to_end_with_config)", async (key, expected, steps) => {
    const dr = await build("pipe-output", { key });
    const result = await dr.execute(["chain3UsingPipeOutput", expected], { inputs: { input3: 30 } });
    expect(result.chain3UsingPipeOutput).toBe(result[expected]);
    // As in Hamilton, a pipe whose conditions leave no step is no pipe: no .raw node either.
    const made = namesOf(dr).filter((name) => name.startsWith("chain3UsingPipeOutput.")).sort();
    expect(made).toEqual(steps.length === 0 ? [] : [...steps.map((s) => `chain3UsingPipeOutput.${s}`), "chain3UsingPipeOutput.raw"]);
  });

  it("with no steps at all is refused, where Hamilton leaves the function alone (test_pipe_output_shortcircuit; docs/hamilton.md)", async () => {
    const error = await caught(buildSource(`export const result = ff.pipeOutput((): number => 2);`));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain("pipeOutput has no steps");
  });

  it("refuses onOutput on both the pipe and a step (test_pipe_output_single_target_level_error)", async () => {
    const error = await caught(
      buildSource(`
        const add = (x: number, y: number): number => x + y;
        export const data = ff.pipeOutput({ onOutput: "a" }, ff.step(add, 1).onOutput("b"), ff.extractFields({ a: "number", b: "number" }, (): { a: number; b: number } => ({ a: 0, b: 0 })));
      `),
    );
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toMatch(/onOutput/);
  });

  it("lets a step's own namespace win under a pipe whose namespace is null, where Hamilton refuses the pair (test_validate_pipe_output_fails_with_conflicting_namespace; docs/hamilton.md)", async () => {
    const dr = await buildSource(`
      const add = (x: number, y: number): number => x + y;
      export const result = ff.pipeOutput({ namespace: null }, ff.step(add, 1).named("node1", "custom"), ff.step(add, 2).named("node2"), (): number => 2);
    `);
    expect(namesOf(dr).sort()).toEqual(["custom.node1", "node2", "result", "result.raw"]);
    expect(await dr.execute(["result"])).toEqual({ result: 5 });
  });

  it("under a null namespace a named step is its bare name and reads <fn>.raw (test_pipe_output_decorator_positional_single_node)", async () => {
    const dr = await buildSource(`
      const apply = (foo: number, bar: number, baz = 100): number => foo + bar + baz;
      export const result = ff.pipeOutput({ namespace: null }, ff.step(apply, ff.source("barUpstream"), ff.value(100)).named("node1"), (): number => 2);
    `);
    expect(depsOf(dr, "node1").sort()).toEqual(["barUpstream", "result.raw"]);
    expect(await dr.execute(["result"], { inputs: { barUpstream: 10 } })).toEqual({ result: 112 });
  });

  it("applies a step only to the outputs its onOutput names (test_pipe_output_local_on_output_*)", async () => {
    const dr = await buildSource(`
      const add = (x: number, y: number): number => x + y;
      export const data = ff.pipeOutput(
        ff.step(add, 1).named("listed").onOutput(["b", "c"]),
        ff.step(add, 10).named("onlyB").onOutput("b"),
        ff.extractFields({ a: "number", b: "number", c: "number" }, (): { a: number; b: number; c: number } => ({ a: 0, b: 0, c: 0 })),
      );
    `);
    const steps = namesOf(dr).filter((name) => /\.(listed|onlyB)$/.test(name)).sort();
    expect(steps).toEqual(["b.listed", "b.onlyB", "c.listed"]);
    expect(await dr.execute(["a", "b", "c"])).toEqual({ a: 0, b: 11, c: 1 });
  });

  it.each([
    ["the pipe", `{ onOutput: "*" }, ff.step(inc)`],
    ["a step", `ff.step(inc).onOutput("*")`],
    ["a list", `{ onOutput: ["a", "*"] }, ff.step(inc)`],
  ])("refuses onOutput \"*\" on %s, as Hamilton refuses on_output=... (test_pipe_output_elipsis_error)", async (_, args) => {
    const error = await caught(buildSource(`const inc = (v: number): number => v + 1;\nexport const p = ff.pipeOutput(${args}, ff.extractFields((): { a: number; b: number } => ({ a: 1, b: 2 })));`));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain(`onOutput "*" (every node the function makes) is refused`);
  });

  it("applies to the outputs the pipe's onOutput names (test_pipe_output_global_on_output_string / _list_strings)", async () => {
    const dr = await buildSource(`
      const add = (x: number, y: number): number => x + y;
      export const data = ff.pipeOutput({ onOutput: ["a", "b"] }, ff.step(add, 1), ff.extractFields({ a: "number", b: "number", c: "number" }, (): { a: number; b: number; c: number } => ({ a: 0, b: 0, c: 0 })));
    `);
    expect(await dr.execute(["a", "b", "c"])).toEqual({ a: 1, b: 1, c: 0 });
  });
});

describe("mutate / applyTo (test_mutate_*)", () => {
  it("adds each transform after the target, in source order; the transforms are not nodes (test_mutate_end_to_end_simple)", async () => {
    const dr = await build("mutate");
    expect(namesOf(dr)).toEqual(expect.arrayContaining(["fOfInterest.raw", "fOfInterest.with_mutate0", "fOfInterest.random", "fOfInterest.with_mutate2", "fOfInterest"]));
    for (const transform of ["mutate0", "mutate1", "mutate2", "square", "addOne", "addTwo", "addN", "multiplyN"]) expect(namesOf(dr)).not.toContain(transform);
    const result = await dr.execute(["downstreamF", "chainNotUsingMutate"]);
    expect(result.downstreamF).toBe(result.chainNotUsingMutate);
  });

  it.each([{ calcC: true }, { calcC: false }])("chains of mutations equal the hand-written chains (test_mutate_end_to_end_1, %o)", async (config) => {
    const dr = await build("mutate", config);
    const inputs = { input1: 10, input2: 20, input3: 30 };
    const result = await dr.execute(["chain1UsingMutate", "chain2UsingMutate", "chain1NotUsingMutate", "chain2NotUsingMutate"], { inputs });
    expect(result.chain1UsingMutate).toBe(result.chain1NotUsingMutate);
    expect(result.chain2UsingMutate).toBe(result.chain2NotUsingMutate);
  });

  it("a binding given to applyTo wins over the same key given to mutate (test_mutate_local_kwargs_override_global_ones)", async () => {
    const dr = await build("mutate", { calcC: false });
    // multiplyN binds n to input2 for every target, but chain2UsingMutate's applyTo binds n = 2.
    expect(depsOf(dr, "chain2UsingMutate.b")).toEqual(["chain2UsingMutate.a"]);
    expect(depsOf(dr, "chain1UsingMutate.e")).toEqual(["chain1UsingMutate.d", "input2"]);
  });

  it("refuses a bare literal binding, showing the value(…) to write (Hamilton's apply_to(t, n=3))", async () => {
    const error = await caught(buildSource(`export function t(): number { return 1; }\nexport const addN = ff.mutate(ff.applyTo(t, { n: 3 } as never), (v: number, n: number): number => v + n);`));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain("value(x)");
  });

  it("an applyTo with no bindings of its own takes mutate's (test_mutate_global_kwargs)", async () => {
    const dr = await buildSource(`export function t(): number { return 1; }\nexport const addN = ff.mutate(ff.applyTo(t), { n: ff.value(17) }, (v: number, n: number): number => v + n);`);
    expect(await dr.execute(["t"])).toEqual({ t: 18 });
  });

  it("an applyTo with empty bindings takes mutate's too, as Hamilton's apply_to with no kwargs does; the static check agrees", async () => {
    const body = `export function t(): number { return 1; }\nexport const addN = ff.mutate(ff.applyTo(t, {}), { n: ff.value(17) }, (v: number, n: number): number => v + n);`;
    const dr = await buildSource(body);
    expect(dr.node("t.with_addN").dependencies.map((d) => d.name)).toEqual(["t.raw"]);
    expect(await dr.execute(["t"])).toEqual({ t: 18 });
  });

  it("refuses a target defined in another module (test_mutate_restricted_to_same_module)", async () => {
    const error = await caught(
      buildSource(`import { fOfInterest } from ${JSON.stringify(fixture("mutate").href)};\nexport const other = ff.mutate([fOfInterest], (x: string): string => x);`),
    );
    expect(error.code).toBe("invalid_modifier");
  });
});

describe("arguments a step or a replacing function needs but is not given (test_applicable_does_not_validate, test_ensure_function_signatures_compatible)", () => {
  it.each([
    ["a step that needs one more argument", `const addN = (v: number, n: number): number => v + n;\nexport const p = ff.pipeOutput(ff.step(addN), (): number => 1);`, "step 1 (addN) needs 2 arguments, but gets the piped value and 0 more"],
    ["a pipeInput step", `const between = (v: number, low: number, high: number): number => v;\nexport const p = ff.pipeInput(ff.step(between, 0), (x: number): number => x);`, "step 1 (between) needs 3 arguments, but gets the piped value and 1 more"],
    ["does given fewer node parameters than the replacing function needs", `const ab = (a: number, b: number): number => a + b;\nexport const p = ff.does(ab, (a: number): number => 0);`, "does: the replacing function ab needs 2 arguments, but is given the node's 1 parameter (a) by position"],
    ["does with a mapping naming too few", `const ab = (a: number, b: number): number => a + b;\nexport const p = ff.does(ab, ["a"], (a: number, c: number): number => 0);`, "given the 1 mapped parameter (a)"],
    ["does with a record for a two-argument function", `const ab = (a: number, b: number): number => a + b;\nexport const p = ff.does(ab, "record", (a: number, b: number): number => 0);`, "given one record of the node's parameters"],
  ])("fails the build for %s, rather than running on undefined", async (_, body, message) => {
    const error = await caught(buildSource(body));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain(message);
  });

  it("still accepts parameters with defaults and rest parameters left unfilled", async () => {
    const dr = await buildSource(`
      const addN = (v: number, n = 5): number => v + n;
      const sumAll = (...values: number[]): number => values.reduce((a, b) => a + b, 0);
      export const p = ff.pipeOutput(ff.step(addN), (): number => 1);
      export const q = ff.does(sumAll, (a: number, b: number): number => 0);
    `);
    expect(await dr.execute(["p", "q"], { inputs: { a: 1, b: 2 } })).toEqual({ p: 6, q: 3 });
  });

  it("property: a step is refused exactly when its function needs more arguments than the piped value and those given", () => {
    const makeFn = (arity: number) => new Function(...Array.from({ length: arity }, (_, i) => `p${i}`), "return 0;") as (...args: never[]) => number;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 6 }), (arity, given) => {
        const piped = pipeOutput(step(makeFn(arity), ...Array.from({ length: given }, () => value(1))).named("s"), (): number => 1);
        const problem = readNodeMetadata(piped)?.modifiers[0]?.problem;
        expect(problem !== undefined).toBe(arity > given + 1);
      }),
    );
  });
});

describe("properties of pipe naming", () => {
  it("property: pipeOutput's named steps are <prefix>.<name> in order (prefix: the function, the pipe's namespace, or none), and the function holds the chained value", async () => {
    const identifier = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,6}$/).filter((name) => !["raw", "fn"].includes(name));
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(identifier, { minLength: 1, maxLength: 4 }), fc.constantFrom<string | null | undefined>(undefined, null, "ns"), async (names, namespace) => {
        const options = namespace === undefined ? "" : `{ namespace: ${JSON.stringify(namespace)} }, `;
        const steps = names.map((name, i) => `ff.step(add, ${i + 1}).named(${JSON.stringify(name)})`).join(", ");
        const dr = await buildSource(`const add = (x: number, y: number): number => x + y;\nexport const fn = ff.pipeOutput(${options}${steps}, (): number => 0);`);
        const prefix = namespace === undefined ? "fn." : namespace === null ? "" : `${namespace}.`;
        const stepNodes = dr.listNodes().filter((node) => node.role === "step").map((node) => node.name);
        expect(stepNodes).toEqual(names.map((name) => `${prefix}${name}`));
        expect(dr.node(`${prefix}${names[0]}`).dependencies.map((d) => d.name)).toEqual(["fn.raw"]);
        expect(await dr.execute(["fn"])).toEqual({ fn: (names.length * (names.length + 1)) / 2 });
      }),
      { numRuns: 15 },
    );
  });
});
