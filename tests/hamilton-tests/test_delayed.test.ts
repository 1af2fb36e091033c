/**
 * Follows Hamilton's tests/function_modifiers/test_delayed.py (facts only): `@resolve` picks a
 * decorator from config values when the graph is built; its `decorate_with` parameters without a
 * default are required config, those with one optional. funcflow's `resolve` lists the keys
 * (`["k"]`), maps them to defaults (`{ k: d }`), or both in one list (`resolve(["k", { o: d }], …)`); it needs
 * no power-user flag (Hamilton's `hamilton.enable_power_user_mode`, docs/modifiers.md), so the
 * cases that assert its absence fails have no counterpart, nor do those about Python's
 * `*args`/`**kwargs` lambdas.
 */
import { afterAll, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { buildSource, caught, removeInlineModules } from "../decorators/support/build.ts";

afterAll(removeInlineModules);

const fixture = new URL("../fixtures/hamilton-tests/delayed.ts", import.meta.url);
const build = (config: Record<string, unknown>) => new Builder().withModules(fixture).withConfig(config).withManifestCache(false).build();
const columnsOf = async (config: Record<string, unknown>, fn: string) =>
  (await build(config))
    .listNodes()
    .filter((node) => node.group === fn && node.name !== fn)
    .map((node) => node.name);

describe("resolve (test_dynamic_resolves, test_dynamic_resolve_with_configs)", () => {
  it("applies the modifier decorateWith builds from the config: one node per listed column", async () => {
    expect(await columnsOf({ colsToExtract: ["a", "b"], moreCols: [] }, "data")).toEqual(["a", "b"]);
    expect(await columnsOf({ colsToExtract: ["c"], moreCols: [] }, "data")).toEqual(["c"]);
    const dr = await build({ colsToExtract: ["a", "b"], moreCols: [] });
    const { a, b } = await dr.execute(["a", "b"]);
    expect([(a as { get(i: number): number }).get(0), (b as { get(i: number): number }).get(0)]).toEqual([1, 2]);
  });

  it("fails the build naming a required key the config does not set", async () => {
    const error = await caught(build({ moreCols: [] }));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain(`resolve needs config "colsToExtract"`);
  });
});

describe("required and defaulted keys together (test_config_derivation, test_delayed_with_optional)", () => {
  it("uses a defaulted key's default when the config leaves it out", async () => {
    expect(await columnsOf({ colsToExtract: ["a"], moreCols: ["x", "y"] }, "more")).toEqual(["x", "y", "z"]);
  });

  it("uses the config's value when it sets the defaulted key", async () => {
    expect(await columnsOf({ colsToExtract: ["a"], moreCols: ["x", "y"], someColsYouMightWantToExtract: ["w"] }, "more")).toEqual(["x", "y", "w"]);
  });

  it("still requires the listed key", async () => {
    const error = await caught(build({ colsToExtract: ["a"] }));
    expect(error.message).toContain(`resolve needs config "moreCols"`);
  });

  it.each([
    [`ff.resolve("k" as never, (c, fn) => fn, (): number => 1)`, "the first argument must list"],
    [`ff.resolve(["k", 3] as never, (c, fn) => fn, (): number => 1)`, "or mix both"],
    [`ff.resolve(["k", { k: 1 }], (c, fn) => fn, (): number => 1)`, "is listed twice"],
    [`ff.resolve(["k", { o: 1 }], 3 as never, (): number => 1)`, "must be a function (config, fn)"],
  ])("refuses malformed arguments: %s", async (call, message) => {
    const error = await caught(buildSource(`export const x = ${call};`, { k: 1 }));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain(message);
  });
});
