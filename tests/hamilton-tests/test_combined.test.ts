/**
 * Follows the facts asserted by Hamilton's tests/function_modifiers/test_combined.py: a subdag
 * whose function's output is split again (extract_columns / extract_fields) makes the subdag's
 * namespaced nodes, the function's node and one node per column or field, each column or field
 * depending on the function's node only; tags targeted at one extracted node land there; a
 * subdag node the function does not read may be left out, but the others are there.
 * funcflow's subdag reuses modules, so Hamilton's bare `foo`/`bar` live in fixture modules.
 */
import { afterAll, describe, expect, it } from "vitest";
import { buildSource, removeInlineModules } from "../decorators/support/build.ts";

afterAll(removeInlineModules);

const columnsPart = new URL("../fixtures/hamilton-tests/combined-parts.ts", import.meta.url).href;
const scalarPart = new URL("../fixtures/hamilton-tests/combined-scalar-parts.ts", import.meta.url).href;

const names = (dr: { listNodes(): readonly { name: string; isExternalInput: boolean }[] }) =>
  dr
    .listNodes()
    .filter((node) => !node.isExternalInput)
    .map((node) => node.name)
    .sort();
const dependencyNames = (dr: { node(name: string): { dependencies: readonly { name: string }[] } }, name: string) =>
  dr.node(name).dependencies.map((dependency) => dependency.name);

describe("subdag and extractColumns (test_subdag_and_extract_columns)", () => {
  it("makes the subdag's nodes, the function's node and one node per column, each column reading the function", async () => {
    const dr = await buildSource(`
import { tableFromArrays, type Float64, type Table, type Vector } from "apache-arrow";
export const fooBar = ff.extractColumns(["foo", "bar"], ff.subdag({ modules: [new URL(${JSON.stringify(columnsPart)})] },
  (foo: Vector<Float64>, bar: Vector<Float64>): Table => tableFromArrays({ foo: foo.toArray(), bar: bar.toArray() })));`);
    expect(names(dr)).toEqual(["bar", "foo", "fooBar", "fooBar.bar", "fooBar.foo"]);
    expect(dependencyNames(dr, "foo")).toEqual(["fooBar"]);
    expect(dependencyNames(dr, "bar")).toEqual(["fooBar"]);
    expect(dependencyNames(dr, "fooBar").sort()).toEqual(["fooBar.bar", "fooBar.foo"]);
    const { foo, bar } = await dr.execute(["foo", "bar"]);
    expect([...(foo as { toArray(): Float64Array }).toArray()]).toEqual([1, 2, 3]);
    expect([...(bar as { toArray(): Float64Array }).toArray()]).toEqual([4, 5, 6]);
  });
});

const fieldsModule = (tags: string, params: string, body: string) => `
export const fooBar = ${tags}ff.extractFields({ foo: "number", bar: "number" }, ff.subdag({ modules: [new URL(${JSON.stringify(scalarPart)})] },
  (${params}): { foo: number; bar: number } => (${body})))${tags === "" ? "" : "))"};`;

describe("subdag and extractFields (test_subdag_and_extract_fields*)", () => {
  it("makes the subdag's nodes, the function's node and one node per field, each field reading the function", async () => {
    const dr = await buildSource(fieldsModule("", "foo: number, bar: number", "{ foo, bar }"));
    expect(names(dr)).toEqual(["bar", "foo", "fooBar", "fooBar.bar", "fooBar.foo"]);
    expect(dependencyNames(dr, "foo")).toEqual(["fooBar"]);
    expect(dependencyNames(dr, "bar")).toEqual(["fooBar"]);
    expect(await dr.execute(["foo", "bar"])).toEqual({ foo: 1, bar: 2 });
  });

  it("tags targeted at one field land on that field only", async () => {
    const dr = await buildSource(
      fieldsModule(`ff.tag({ a: "b" }, { target: "foo" }, ff.tag({ a: "c" }, { target: "bar" }, `, "foo: number, bar: number", "{ foo, bar }"),
    );
    expect(names(dr)).toEqual(["bar", "foo", "fooBar", "fooBar.bar", "fooBar.foo"]);
    expect(dr.node("foo").tags.a).toBe("b");
    expect(dr.node("bar").tags.a).toBe("c");
    expect(dr.node("fooBar").tags.a).toBeUndefined();
    expect(dependencyNames(dr, "foo")).toEqual(["fooBar"]);
  });

  it("a subdag node the function does not read: the fields and the read node are there, and the fields still read the function", async () => {
    const dr = await buildSource(fieldsModule("", "foo: number", "{ foo, bar: 5 }"));
    expect(names(dr)).toEqual(expect.arrayContaining(["bar", "foo", "fooBar", "fooBar.foo"]));
    expect(dependencyNames(dr, "foo")).toEqual(["fooBar"]);
    expect(dependencyNames(dr, "bar")).toEqual(["fooBar"]);
    expect(await dr.execute(["foo", "bar"])).toEqual({ foo: 1, bar: 5 });
  });

  it("after a subdag, a modifier's default target is the function's node, never a subgraph node nothing reads", async () => {
    const dr = await buildSource(`
export const fooBar = ff.tag({ owner: "x" }, ff.subdag({ modules: [new URL(${JSON.stringify(scalarPart)})] }, (foo: number): number => foo + 1));`);
    expect(dr.listNodes({ tags: { owner: "x" } }).map((node) => node.name)).toEqual(["fooBar"]);
    expect(await dr.execute(["fooBar"])).toEqual({ fooBar: 2 });
  });
});
