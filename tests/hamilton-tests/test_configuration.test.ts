/**
 * Follows the facts asserted by Hamilton's tests/function_modifiers/test_configuration.py
 * (config.when / when_not / when_in / when_not_in, config(resolves), the `__` name rule and
 * hamilton_exclude), checked through funcflow's Builder and Driver. `config.when(name=...)`
 * (test_config_when_with_custom_name) is `configWhen(condition, { name }, fn)`, ported below and
 * covered in tests/decorators/config-when-name.test.ts.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { Builder, type Driver } from "funcflow";
import { buildSource, caught, removeInlineModules } from "../decorators/support/build.ts";

afterAll(removeInlineModules);

const fixture = new URL("../fixtures/hamilton-tests/configuration.ts", import.meta.url);
const build = (config: Record<string, unknown>) => new Builder().withModules(fixture).withConfig(config).withManifestCache(false).build();
/** The function nodes (config keys are nodes too, as in Hamilton, but not what these cases are about). */
const functionNodes = (dr: Driver) => dr.listNodes().filter((node) => node.kind === "function");
const namesUnder = async (config: Record<string, unknown>) => functionNodes(await build(config)).map((node) => node.name);

describe("config wrappers decide whether a function is a node (test_config_when*)", () => {
  it.each([
    ["configWhen", "whenFn", { key: "value" }, true],
    ["configWhen", "whenFn", { key: "wrong_value" }, false],
    ["configWhenNot", "whenNotFn", { key: "other_value" }, true],
    ["configWhenNot", "whenNotFn", { key: "value" }, false],
    ["configWhenIn", "whenInFn", { key: "valid_value" }, true],
    ["configWhenIn", "whenInFn", { key: "another_valid_value" }, true],
    ["configWhenIn", "whenInFn", { key: "not_a_valid_value" }, false],
    ["configWhenNotIn", "whenNotInFn", { key: "invalid_value" }, false],
    ["configWhenNotIn", "whenNotInFn", { key: "another_invalid_value" }, false],
    ["configWhenNotIn", "whenNotInFn", { key: "valid_value" }, true],
    ["configWhen(predicate)", "predicateFn", { key: "value" }, true],
    ["configWhen(predicate)", "predicateFn", {}, false],
  ])("%s: %s under %j is a node: %s", async (_wrapper, name, config, present) => {
    expect((await namesUnder(config)).includes(name)).toBe(present);
  });

  it("a node that config resolves runs and returns its function's value", async () => {
    const dr = await build({ key: "value" });
    expect(await dr.execute(["whenFn", "predicateFn", "renamed"])).toEqual({ whenFn: 1, predicateFn: 6, renamed: 5 });
  });

  it("a module whose only function config leaves out makes no node at all (test_config_base_resolve_nodes_end_to_end)", async () => {
    const dr = await buildSource(`export const configFn = ff.configWhen((conf) => conf.key === "value", (): number => 1);`);
    expect(dr.listNodes()).toEqual([]);
  });
});

describe("several config conditions on one function are combined with AND", () => {
  it.each([
    [{ a: 1, b: 3 }, true],
    [{ a: 1, b: 2 }, false],
    [{ a: 2, b: 3 }, false],
    [{ a: 1 }, true],
  ])("configWhen({ a: 1 }, configWhenNot({ b: 2 }, configWhen(predicate, fn))) under %j is a node: %s", async (config, present) => {
    const dr = await buildSource(`export const both = ff.configWhen({ a: 1 }, ff.configWhenNot({ b: 2 }, ff.configWhen((c) => c.a !== 5, (): number => 1)));`, config);
    expect(dr.listNodes().some((node) => node.name === "both")).toBe(present);
  });
});

describe("node names of config variants (test_sanitize_function_name, test_config_name_resolution)", () => {
  it("a variant's node is its export name cut at the last `__`; the export name is kept as the source", async () => {
    const dr = await build({ key: "value" });
    const names = dr.listNodes().map((node) => node.name);
    expect(names).toContain("renamed");
    expect(names).not.toContain("renamed__v2");
    expect(dr.node("renamed").source?.exportName).toBe("renamed__v2");
    expect(dr.node("whenFn").source?.exportName).toBe("whenFn");
  });

  it("cuts at the last `__` only", async () => {
    const dr = await buildSource(`export const fn__name__v2 = ff.configWhen({ key: "value" }, (): number => 1);`, { key: "value" });
    expect(functionNodes(dr).map((node) => node.name)).toEqual(["fn__name"]);
  });

  it("a variant name ending in `__` is refused (test_config_modifier_validate)", async () => {
    const error = await caught(buildSource(`export const invalidFunction__ = ff.configWhen({ key: "value" }, (): number => 1);`, { key: "value" }));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "invalidFunction__" });
    expect(error.message).toContain(`must not end in "__"`);
  });

  it("a plain export with `__` is cut too (Hamilton keeps a plain function's name whole: docs/hamilton.md)", async () => {
    const dr = await buildSource(`export const fn__v2 = (): number => 1;`);
    expect(dr.listNodes().map((node) => node.name)).toEqual(["fn"]);
  });

  it("names with and without a variant suffix are both valid under configWhen", async () => {
    const dr = await buildSource(
      `export const validFn__thisIsAlsoValid = ff.configWhen({ key: "value" }, (): number => 1);\nexport const otherFn = ff.configWhen({ key: "value" }, (): number => 2);`,
      { key: "value" },
    );
    expect(functionNodes(dr).map((node) => node.name).sort()).toEqual(["otherFn", "validFn"]);
  });

  it("configWhen(condition, { name }, fn) names the node, keeping the export as the source (test_config_when_with_custom_name)", async () => {
    const source = `export const configWhenFn = ff.configWhen({ key: "value" }, { name: "newFunctionName" }, (): number => 1);`;
    const dr = await buildSource(source, { key: "value" });
    expect(functionNodes(dr).map((node) => node.name)).toEqual(["newFunctionName"]);
    expect(dr.node("newFunctionName").source?.exportName).toBe("configWhenFn");
    expect(functionNodes(await buildSource(source, { key: "other" }))).toEqual([]);
  });
});

describe("config variants of a function that makes several nodes", () => {
  it.each([
    [{ k: "v" }, { a: 1, b: 10 }],
    [{ k: "w" }, { a: 2, b: 20 }],
  ])("under %j the active variant's parameterized outputs are the nodes", async (config, expected) => {
    const dr = await buildSource(
      [
        `export const fn__v1 = ff.configWhen({ k: "v" }, ff.parameterize({ a: { x: ff.value(1) }, b: { x: ff.value(10) } }, (x: number): number => x));`,
        `export const fn__v2 = ff.configWhen({ k: "w" }, ff.parameterize({ a: { x: ff.value(2) }, b: { x: ff.value(20) } }, (x: number): number => x));`,
      ].join("\n"),
      config,
    );
    expect(functionNodes(dr).map((node) => node.name).sort()).toEqual(["a", "b"]);
    expect(await dr.execute(["a", "b"])).toEqual(expected);
  });
});

describe("hamilton_exclude (test_hamilton_exclude)", () => {
  it("an export starting with `_` and a function not exported are no nodes, whatever the config", async () => {
    for (const config of [{}, { key: "value" }]) {
      const names = await namesUnder(config);
      expect(names).not.toContain("_excluded");
      expect(names).not.toContain("_notExported");
    }
  });
});

describe("config variants partition the config (property)", () => {
  // Three variants covering every value of `key` between them: exactly one is a node's
  // definition for any config, so `x` always exists and says which one ran.
  // Overlapping variants: both hold when key is "a".
  const overlapping = [
    `export const y__a = ff.configWhen({ key: "a" }, (): string => "a");`,
    `export const y__notB = ff.configWhenNot({ key: "b" }, (): string => "notB");`,
  ].join("\n");

  it("exactly one of a partition's variants resolves for every value of the key", async () => {
    await fc.assert(
      fc.asyncProperty(fc.option(fc.constantFrom("a", "b", "c", "d", 1, true), { nil: undefined }), async (key) => {
        const config = key === undefined ? {} : { key };
        const dr = await buildSource(
          [
            `export const x__a = ff.configWhen({ key: "a" }, (): string => "a");`,
            `export const x__bc = ff.configWhenIn({ key: ["b", "c"] }, (): string => "bc");`,
            `export const x__rest = ff.configWhenNotIn({ key: ["a", "b", "c"] }, (): string => "rest");`,
          ].join("\n"),
          config,
        );
        const expected = key === "a" ? "a" : key === "b" || key === "c" ? "bc" : "rest";
        expect(await dr.execute(["x"])).toEqual({ x: expected });
      }),
      { numRuns: 12 },
    );
  });

  it.each([
    [{ key: "a" }, "conflict"],
    [{ key: "b" }, "absent"],
    [{ key: "z" }, "notB"],
    [{}, "notB"],
  ])("overlapping variants under %j: %s", async (config, outcome) => {
    const built = buildSource(overlapping, config);
    if (outcome === "conflict") {
      const error = await caught(built);
      expect(error.code).toBe("config_conflict");
      expect(error.message).toContain("y__a");
      expect(error.message).toContain("y__notB");
    } else if (outcome === "absent") {
      expect(functionNodes(await built)).toEqual([]);
    } else {
      expect(await (await built).execute(["y"])).toEqual({ y: outcome });
    }
  });

  it("configWhenIn and configWhenNotIn of one list are complements: exactly one resolves for any value", async () => {
    const scalar = fc.oneof(fc.constantFrom("a", "b", "c"), fc.integer({ min: 0, max: 3 }), fc.boolean(), fc.constant(null));
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(scalar, { minLength: 1, maxLength: 3 }), fc.option(scalar, { nil: undefined }), async (list, key) => {
        const dr = await buildSource(
          [
            `export const x__in = ff.configWhenIn({ key: ${JSON.stringify(list)} }, (): string => "in");`,
            `export const x__out = ff.configWhenNotIn({ key: ${JSON.stringify(list)} }, (): string => "out");`,
          ].join("\n"),
          key === undefined ? {} : { key },
        );
        // An unset key reads as null, as Hamilton's config.get does.
        expect(await dr.execute(["x"])).toEqual({ x: list.includes(key ?? null) ? "in" : "out" });
      }),
      { numRuns: 15 },
    );
  });
});
