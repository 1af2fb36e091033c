/**
 * Follows Hamilton's tests/function_modifiers/test_metadata.py (facts only): `tag` (valid and
 * invalid keys and values, targets), `tag_outputs` alone and with `tag`, and `schema.output`.
 * Hamilton's reserved prefix `hamilton` is funcflow's `funcflow` (with `data_quality`, `module`,
 * `dag`); `ray_remote_options` has no counterpart (no Ray executor).
 */
import { afterAll, describe, expect, it } from "vitest";
import { buildSource, caught, removeInlineModules } from "../decorators/support/build.ts";

afterAll(removeInlineModules);

type Driver = Awaited<ReturnType<typeof buildSource>>;
const tagsOf = (dr: Driver, name: string) => {
  const { module: _module, ...tags } = dr.node(name).tags;
  return tags;
};
const threeFields = `(): { a: number; b: number } => ({ a: 1, b: 2 })`;

describe("tag (test_tags_*)", () => {
  it("puts every given tag on the node, beside the module tag (test_tags)", async () => {
    const dr = await buildSource(`/** dummy doc */\nexport const dummy = ff.tag({ foo: "bar", bar: "baz" }, (): number => 1);`);
    expect(tagsOf(dr, "dummy")).toEqual({ foo: "bar", bar: "baz" });
    expect(dr.node("dummy").tags.module).toMatch(/^inline-\d+$/);
    expect(dr.listNodes({ tags: { foo: "bar" } }).map((node) => node.name)).toEqual(["dummy"]);
  });

  it.each(["bar.foo", "foo", "foo.bar.baz"])("accepts the key %j (test_tags_valid_key)", async (key) => {
    const dr = await buildSource(`export const dummy = ff.tag({ ${JSON.stringify(key)}: "x" }, (): number => 1);`);
    expect(tagsOf(dr, "dummy")).toEqual({ [key]: "x" });
  });

  it.each(["funcflow", "funcflow.thing", "data_quality.x", "module", "foo@", "foo bar", "foo.bar+baz", "...", ""])("refuses the key %j (test_tags_invalid_key)", async (key) => {
    const error = await caught(buildSource(`export const dummy = ff.tag({ ${JSON.stringify(key)}: "x" }, (): number => 1);`));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain(`tag key "${key}"`);
  });

  it.each([["string value"], ["foo", "bar"]])("accepts the list value %j (test_tags_valid_value)", async (...value) => {
    const dr = await buildSource(`export const dummy = ff.tag({ k: ${JSON.stringify(value)} }, (): number => 1);`);
    expect(tagsOf(dr, "dummy")).toEqual({ k: value });
  });

  it.each(["null", "false", "[]", `["foo", "bar", 1]`, "[null]", `["foo", "foo"]`, `["foo", ["bar"]]`])("refuses the value %s (test_tags_invalid_value)", async (value) => {
    const error = await caught(buildSource(`export const dummy = ff.tag({ k: ${value} } as never, (): number => 1);`));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain(`tag "k" must be a string or a non-empty list of distinct strings`);
  });
});

describe("tag targets with extracted outputs (test_tag_with_extract_target_*)", () => {
  it("tags only the named node when each tag targets one (test_tag_with_extract_target_node)", async () => {
    const dr = await buildSource(`
      export const data = ff.tag({ target: "data" }, { target: "data" },
        ff.tag({ target: "a" }, { target: "a" }, ff.tag({ target: "b" }, { target: "b" }, ff.extractFields(${threeFields}))));
    `);
    expect(["data", "a", "b"].map((name) => tagsOf(dr, name).target)).toEqual(["data", "a", "b"]);
  });

  it(`tags every node the function makes with target "*" (Hamilton's target_=...)`, async () => {
    const dr = await buildSource(`export const data = ff.tag({ target: "data" }, { target: "*" }, ff.extractFields(${threeFields}));`);
    expect(["data", "a", "b"].map((name) => tagsOf(dr, name).target)).toEqual(["data", "data", "data"]);
  });

  it("tags only the listed nodes (test_tag_with_extract_target_limited)", async () => {
    const dr = await buildSource(`export const data = ff.tag({ target: "column" }, { target: ["a", "b"] }, ff.extractFields(${threeFields}));`);
    expect(["data", "a", "b"].map((name) => tagsOf(dr, name).target)).toEqual([undefined, "column", "column"]);
  });

  it("tags the final nodes (the extracted outputs, not the function) by default (test_tag_with_extract_target_sinks)", async () => {
    const dr = await buildSource(`export const data = ff.tag({ target: "column" }, ff.extractFields(${threeFields}));`);
    expect(["data", "a", "b"].map((name) => tagsOf(dr, name).target)).toEqual([undefined, "column", "column"]);
  });

  it("refuses a target the function does not make", async () => {
    const error = await caught(buildSource(`export const data = ff.tag({ target: "c" }, { target: "c" }, ff.extractFields(${threeFields}));`));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain(`"c"`);
  });
});

describe("tagOutputs (test_tag_outputs_*)", () => {
  it("tags each output with its own tags, the function node included (test_tag_outputs, test_tag_outputs_tags_all)", async () => {
    const dr = await buildSource(`
      export const dummy = ff.tagOutputs(
        { a: { tagAGets: "a" }, b: { tagBGets: "b" }, dummy: { tagFnGets: "fn" } },
        ff.extractFields(${threeFields}),
      );
    `);
    expect(tagsOf(dr, "a")).toEqual({ tagAGets: "a" });
    expect(tagsOf(dr, "b")).toEqual({ tagBGets: "b" });
    expect(tagsOf(dr, "dummy")).toEqual({ tagFnGets: "fn" });
  });

  it("works beside tag: every output gets both (test_tag_outputs_and_tag_together)", async () => {
    const dr = await buildSource(`
      export const dummy = ff.tag({ everyone: "all" }, ff.tagOutputs({ a: { tagAGets: "a" }, b: { tagBGets: "b" } }, ff.extractFields(${threeFields})));
    `);
    expect(tagsOf(dr, "a")).toEqual({ everyone: "all", tagAGets: "a" });
    expect(tagsOf(dr, "b")).toEqual({ everyone: "all", tagBGets: "b" });
  });

  it.each([
    ["tagOutputs outside tag", (outputs: string, tag: string, fn: string) => `ff.tagOutputs(${outputs}, ff.tag(${tag}, ${fn}))`],
    ["tag outside tagOutputs", (outputs: string, tag: string, fn: string) => `ff.tag(${tag}, ff.tagOutputs(${outputs}, ${fn}))`],
  ])("a key tagOutputs gives one output wins over tag's for that output, in either order (test_tag_outputs_with_overrides, %s)", async (_, nest) => {
    const dr = await buildSource(`export const dummy = ${nest(`{ a: { tagAGets: "a", everyone: "justA" }, b: { tagBGets: "b" } }`, `{ everyone: "all" }`, `ff.extractFields(${threeFields})`)};`);
    expect(tagsOf(dr, "a")).toEqual({ everyone: "justA", tagAGets: "a" });
    expect(tagsOf(dr, "b")).toEqual({ everyone: "all", tagBGets: "b" });
  });
});

describe("schema (test_decorate_node_with_schema_output*)", () => {
  it("records the declared columns, in order, on the node", async () => {
    const dr = await buildSource(`
      import type { Table } from "apache-arrow";
      export const foo = ff.schema([["foo", "int"], ["bar", "float"], ["baz", "str"]], (): Table => undefined as never);
    `);
    expect(dr.node("foo").schema).toEqual([
      { name: "foo", type: "int" },
      { name: "bar", type: "float" },
      { name: "baz", type: "str" },
    ]);
  });

  it("refuses a function declared to return a scalar, which has no columns (test_decorate_node_with_schema_output_invalid_type)", async () => {
    const error = await caught(buildSource(`export const foo = ff.schema({ foo: "int" }, (): number => 10);`));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain("has no columns");
  });
});

describe("tags from two tag wrappers", () => {
  it("the outer tag wins a key both set, as Hamilton's outer decorator does", async () => {
    const dr = await buildSource(`export const dummy = ff.tag({ k: "outer" }, ff.tag({ k: "inner", other: "kept" }, (): number => 1));`);
    expect(tagsOf(dr, "dummy")).toEqual({ k: "outer", other: "kept" });
  });
});
