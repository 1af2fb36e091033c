/**
 * Follows the facts asserted by Hamilton's tests/function_modifiers/test_dependencies.py:
 * `source` and `value` accept an existing spec of their own kind unchanged, and `group(...)`
 * takes either specs by position or a record of specs, never both, never raw values, never
 * nothing. funcflow checks groups when the graph is built, naming the export.
 */
import fc from "fast-check";
import { afterAll, describe, expect, expectTypeOf, it } from "vitest";
import { configuration, isFuncflowError, source, value } from "funcflow";
import { buildSource, caught, removeInlineModules } from "../decorators/support/build.ts";

afterAll(removeInlineModules);

describe("source and value (test_upstream, test_literal)", () => {
  it("source(name) reads the node; source(source(name)) is the same spec", () => {
    expect(source("foo")).toEqual(source("foo"));
    expect(source(source("bar"))).toEqual(source("bar"));
  });

  it.each([["foo"], [1], [null], [{ a: 1 }]])("value(x) and value(value(x)) are the same spec for %j", (literal) => {
    expect(value(value(literal))).toEqual(value(literal));
    expect(value(literal).value).toEqual(literal);
  });

  it("value(value(x)) is typed as value(x)", () => {
    expectTypeOf(value(value(2))).toEqualTypeOf(value(2));
    expectTypeOf(source(source("a"))).toEqualTypeOf(source("a"));
  });

  it("a value passed through value() twice reaches the function as the literal, not a spec", async () => {
    const dr = await buildSource(`export const out = ff.inject({ x: ff.value(ff.value(2)) }, (x: number): number => x * 10);`);
    expect(await dr.execute(["out"])).toEqual({ out: 20 });
  });

  it.each([
    ["source(3)", () => source(3 as never)],
    ["source(\"\")", () => source("")],
    ["configuration(null)", () => configuration(null as never)],
  ])("%s is refused at once, saying what a name must be", (_case, make) => {
    expect(make).toThrow(expect.objectContaining({ code: "invalid_modifier", message: expect.stringContaining("non-empty string") }));
  });

  it("a module making such a spec fails to load, with the spec's error as the cause", async () => {
    const error = await caught(buildSource(`export const out = ff.inject({ x: ff.source(3 as never) }, (x: number): number => x);`));
    expect(error.code).toBe("module_load_failed");
    expect(isFuncflowError(error.cause) && error.cause.code).toBe("invalid_modifier");
  });
});

describe("group (test_validate_group_happy, test_validate_group_sad)", () => {
  it.each([
    ["two sources", `ff.group(ff.source("foo"), ff.source("bar"))`, `{ foo: 1, bar: 2 }`, [1, 2]],
    ["a source and a value", `ff.group(ff.source("foo"), ff.value("bar"))`, `{ foo: 1 }`, [1, "bar"]],
    ["a record of sources", `ff.group({ foo: ff.source("foo"), bar: ff.source("bar") })`, `{ foo: 1, bar: 2 }`, { foo: 1, bar: 2 }],
    ["two values", `ff.group(ff.value("foo"), ff.value("bar"))`, `{}`, ["foo", "bar"]],
    ["a record of values", `ff.group({ foo: ff.value("foo"), bar: ff.value("bar") })`, `{}`, { foo: "foo", bar: "bar" }],
    ["a record of a value and a source", `ff.group({ foo: ff.value("foo"), bar: ff.source("bar") })`, `{ bar: 2 }`, { foo: "foo", bar: 2 }],
  ])("%s is a valid group", async (_case, spec, inputs, expected) => {
    const dr = await buildSource(`export const out = ff.inject({ x: ${spec} }, (x: unknown): unknown => x);\nexport const inputs = ${inputs};`);
    expect((await dr.execute(["out"], { inputs: Function(`return ${inputs}`)() as Record<string, unknown> })).out).toEqual(expected);
  });

  it.each([
    ["specs by position and a record", `ff.group(ff.source("foo"), ff.source("bar"), { foo: ff.source("foo") } as never)`],
    ["a value and a source by position and a record", `ff.group(ff.source("foo"), ff.value("bar"), { foo: ff.source("foo") } as never)`],
    ["a record holding a raw string", `ff.group({ foo: "foo" as never, bar: ff.source("bar") })`],
    ["a raw string by position", `ff.group("bar" as never)`],
    ["nothing", `ff.group()`],
    ["an empty record", `ff.group({})`],
  ])("%s is refused when the graph is built, naming the export", async (_case, spec) => {
    const error = await caught(buildSource(`export const out = ff.inject({ x: ${spec} }, (x: unknown): unknown => x);`));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "out" });
    expect(error.message).toContain(`"x"`);
  });
});

describe("group passes its parts in order (property)", () => {
  it("a list group of sources and values reaches the function as those values, in order; only the sources are read", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ amount: fc.integer({ min: -50, max: 50 }), fromSource: fc.boolean() }), { minLength: 1, maxLength: 5 }), async (parts) => {
        const specs = parts.map((part, index) => (part.fromSource ? `ff.source("p${index}")` : `ff.value(${part.amount})`)).join(", ");
        const dr = await buildSource(`export const out = ff.inject({ xs: ff.group(${specs}) }, (xs: number[]): number[] => xs);`);
        const inputs = Object.fromEntries(parts.flatMap((part, index) => (part.fromSource ? [[`p${index}`, part.amount]] : [])));
        expect(dr.node("out").dependencies.map((dependency) => dependency.name)).toEqual(Object.keys(inputs));
        expect((await dr.execute(["out"], { inputs })).out).toEqual(parts.map((part) => part.amount));
      }),
      { numRuns: 15 },
    );
  });
});
