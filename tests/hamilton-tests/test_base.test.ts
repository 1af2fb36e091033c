/**
 * Follows the facts asserted by Hamilton's tests/function_modifiers/test_base.py:
 * - resolve_config: a config-reading decorator sees its required keys and its optional keys
 *   (the config's value, else the default), nothing else; a required key the config lacks fails.
 *   In funcflow that decorator is `resolve`; Hamilton's power-user flag has no counterpart.
 * - NodeTransformer.select_nodes: a modifier's target is by default the function's final nodes,
 *   every node with `...` ("*" here), or the nodes named; a name the function does not make fails.
 *   Hamilton builds node sets by hand; here the sets come from real functions (a plain one, and
 *   extractFields' `fn` → `low`, `high`) and the tag modifier shows which nodes were selected.
 * Not ported: _add_original_function_to_nodes (no originating-function pointer in NodeInfo;
 * `source` names the export instead).
 */
import { afterAll, describe, expect, it } from "vitest";
import { buildSource, caught, removeInlineModules } from "../decorators/support/build.ts";

afterAll(removeInlineModules);

/** The config `resolve` hands to decorateWith, read back through a tag holding it as JSON. */
async function configSeen(keys: string, config: Record<string, unknown>): Promise<unknown> {
  const dr = await buildSource(
    `export const seen = ff.resolve(${keys}, (config, fn) => ff.tag({ seen: JSON.stringify(config) }, fn), (): number => 1);`,
    config,
  );
  return JSON.parse(dr.node("seen").tags.seen as string);
}

describe("the config a config-reading modifier sees (test_merge_config_happy)", () => {
  it.each([
    ["all present, no optional", { foo: 1 }, `["foo"]`, { foo: 1 }],
    ["all present, an empty defaults record", { foo: 1 }, `["foo", {}]`, { foo: 1 }],
    ["all present, extra keys left out", { foo: 1, bar: 2 }, `["foo"]`, { foo: 1 }],
    ["an optional key set: the config's value wins over the default", { foo: 1, bar: 2 }, `["foo", { bar: 3 }]`, { foo: 1, bar: 2 }],
    ["an optional key unset: the default applies", { foo: 1 }, `[{ bar: 3 }]`, { bar: 3 }],
    ["an optional key unset, defaults given as a record", { foo: 1 }, `{ bar: 3 }`, { bar: 3 }],
  ])("%s", async (_case, config, keys, expected) => {
    expect(await configSeen(keys, config)).toEqual(expected);
  });
});

describe("a required config key the config lacks (test_merge_config_sad)", () => {
  it.each([
    ["the wrong key set", { foo: 1 }, `["bar"]`, "bar"],
    ["the required key missing, only an optional one given", { bar: 2 }, `["foo", { baz: 3 }]`, "foo"],
  ])("%s fails the build naming the key", async (_case, config, keys, missing) => {
    const error = await caught(buildSource(`export const seen = ff.resolve(${keys}, (config, fn) => ff.tag({ a: "b" }, fn), (): number => 1);`, config));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "seen", configKey: missing });
    expect(error.message).toContain(`resolve needs config "${missing}"`);
  });

  it.each([
    ["a key listed twice", `["foo", { foo: 1 }]`, "listed twice"],
    ["a list entry that is neither a key nor a record", `["foo", 3 as never]`, "the first argument must list"],
  ])("%s is refused", async (_case, keys, message) => {
    const error = await caught(buildSource(`export const seen = ff.resolve(${keys}, (config, fn) => fn, (): number => 1);`, { foo: 1 }));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "seen" });
    expect(error.message).toContain(message);
  });
});

const PLAIN = `(): number => 1`;
const FIELDS = `ff.extractFields({ low: "number", high: "number" }, (): { low: number; high: number } => ({ low: 1, high: 2 }))`;

describe("which nodes a modifier's target selects (test_select_nodes_happy)", () => {
  it.each([
    ["a plain function, default target", PLAIN, undefined, ["fn"]],
    ["a plain function, every node", PLAIN, `"*"`, ["fn"]],
    ["a plain function, by name", PLAIN, `"fn"`, ["fn"]],
    ["a plain function, by a list", PLAIN, `["fn"]`, ["fn"]],
    ["extracted fields, default target: the final nodes", FIELDS, undefined, ["high", "low"]],
    ["extracted fields, every node", FIELDS, `"*"`, ["fn", "high", "low"]],
    ["extracted fields, the inner node by name", FIELDS, `"fn"`, ["fn"]],
    ["extracted fields, one field", FIELDS, `"low"`, ["low"]],
    ["extracted fields, a list", FIELDS, `["fn", "high"]`, ["fn", "high"]],
    ["extracted fields, all named", FIELDS, `["low", "fn", "high"]`, ["fn", "high", "low"]],
  ])("%s", async (_case, fn, target, expected) => {
    const options = target === undefined ? "" : `{ target: ${target} }, `;
    const dr = await buildSource(`export const fn = ff.tag({ selected: "yes" }, ${options}${fn});`);
    expect(dr.listNodes({ tags: { selected: "yes" } }).map((node) => node.name).sort()).toEqual(expected);
  });
});

describe("a target the function does not make (test_select_nodes_sad)", () => {
  it.each([
    ["an unknown name", PLAIN, `"d"`, "d"],
    ["a list with an unknown name", PLAIN, `["d", "fn"]`, "d"],
    ["names of another function's nodes", FIELDS, `["a", "b"]`, "a"],
    ["a parameter (an input, not a node of the function)", `(e: number): number => e`, `["fn", "e"]`, "e"],
  ])("%s fails the build naming it", async (_case, fn, target, unknown) => {
    const error = await caught(buildSource(`export const fn = ff.tag({ selected: "yes" }, { target: ${target} }, ${fn});`));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "fn" });
    expect(error.message).toContain(`tag targets "${unknown}", which this function does not make`);
  });
});

describe("a config-reading modifier that fails (resolve's decorateWith)", () => {
  it("a throw is invalid_modifier saying decorateWith threw, under which config, with the error as cause", async () => {
    const error = await caught(buildSource(`export const f = ff.resolve(["k"], () => { throw new Error("boom"); }, (x: number): number => x);`, { k: 1 }));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "f" });
    expect(error.message).toContain(`resolve: decorateWith threw under config {"k":1}: boom`);
    const causes: unknown[] = [];
    for (let at: unknown = error.cause; at instanceof Error; at = at.cause) causes.push(at);
    expect(causes.at(-1)).toMatchObject({ message: "boom" });
  });
});
