/**
 * Mistakes that used to pass silently or read as something else: a missing input that is a
 * typo of a node, a variant's export name, a module with no function, a barrel, a hidden
 * `mutate`, and malformed config conditions (table-driven over every condition wrapper).
 */
import { describe, expect, it } from "vitest";
import { Builder, configWhen, configWhenIn, configWhenNot, configWhenNotIn, FuncflowError } from "funcflow";
import { syntheticModule } from "../support/synthetic-module.ts";
import { rejection } from "../support/caught.ts";

const fixture = (name: string) => new URL(`../fixtures/modules/robust/${name}.ts`, import.meta.url);
const build = (name: string, config: Record<string, unknown> = {}) => new Builder().withModules(fixture(name)).withConfig(config).withManifestCache(false).build();

describe("missing inputs that are probably something else", () => {
  it("a parameter typo suggests the node it is close to (spendMaen → spendMean)", async () => {
    const dr = await build("typos", { region: "US" });
    const error = await rejection(dr.execute(["spendRatio"], { inputs: { spend: [1, 2] } }));
    expect(error.code).toBe("missing_input");
    expect(error.message).toContain(`"spendMaen", needed by "spendRatio". No node has this name; a parameter typo? Nodes with close names: "spendMean".`);
  });

  it.each([
    { input: "spendMaen", node: "spendMean", suggested: true },
    { input: "after_lok", node: "after_lock", suggested: true },
    { input: "spend_mean", node: "spendMean", suggested: true },
    { input: "spendMeans", node: "spendMean", suggested: true },
    { input: "after_lock_date", node: "after_lock", suggested: false },
    { input: "raw_after_lock", node: "after_lock", suggested: false },
    { input: "afterLockDate", node: "afterLock", suggested: false },
    { input: "after_lock_v2", node: "after_lock", suggested: false },
  ])("missing input $input next to a node $node: suggested $suggested", async ({ input, node, suggested }) => {
    const module = syntheticModule([
      { name: node, params: [], fn: (() => 1) as never },
      { name: "report", params: [{ name: node }, { name: input }], fn: ((a: number, b: number) => a + b) as never },
    ]);
    const dr = await new Builder().withModules(module).build();
    const error = await rejection(dr.execute(["report"]));
    expect(error.code).toBe("missing_input");
    const hint = `a parameter typo? Nodes with close names: "${node}".`;
    if (suggested) expect(error.message).toContain(hint);
    else expect(error.message).not.toContain("a parameter typo");
  });

  it("one underscore for a variant's two says which node that is (salesTax_us → salesTax)", async () => {
    const dr = await build("typos", { region: "US" });
    const error = await rejection(dr.execute(["gross"], { inputs: { sales: 10 } }));
    expect(error.message).toContain(`It looks like the config variant "salesTax__us" (two underscores), whose node is "salesTax": name the parameter "salesTax".`);
  });

  it("config_unsatisfied ends with advice about config, not inputs", async () => {
    const dr = await build("typos", { region: "FR" });
    const error = await rejection(dr.execute(["net"], { inputs: { sales: 10 } }));
    expect(error.code).toBe("config_unsatisfied");
    expect(error.message).not.toContain("Pass each missing value in `inputs`");
    expect(error.message).toMatch(/Set the config keys named above \(Builder.withConfig, or --config on the command line\) so a variant is active\.$/);
  });
});

describe("modules that define no node, or hide their nodes", () => {
  it("a module that exports no function is an error", async () => {
    const error = await rejection(build("no-functions"));
    expect(error.code).toBe("invalid_export");
    expect(error.message).toContain(`exports no function, so it adds no node (it exports only "threshold", "regions")`);
  });

  it("a barrel's re-export is refused as invalid_export (not stale_manifest) naming the function", async () => {
    const error = await rejection(build("barrel"));
    expect(error.code).toBe("invalid_export");
    expect(error.message).toContain("re-exports function");
    expect(error.message).toContain("List the declaring file in withModules");
  });

  it("a mutate transform named with a leading _ is refused, not silently ignored", async () => {
    const error = await rejection(build("hidden-mutate"));
    expect(error.code).toBe("invalid_modifier");
    expect(error.node).toBe("_clip");
    expect(error.message).toContain(`Rename it without the "_" (e.g. "clip")`);
  });
});

describe("malformed config conditions fail the build for every condition wrapper", () => {
  const single = { configWhen, configWhenNot } as const;
  const lists = { configWhenIn, configWhenNotIn } as const;
  const BAD_SINGLE: readonly [string, unknown][] = [
    ["a string", "region"],
    ["null", null],
    ["an array", ["region"]],
    ["a Map", new Map([["region", "US"]])],
    ["an empty object", {}],
    ["an object value", { region: { is: "US" } }],
    ["a list value", { region: ["US"] }],
    ["a function value", { region: () => "US" }],
  ];
  const BAD_LISTS: readonly [string, unknown][] = [
    ["a string", "region"],
    ["a single value", { region: "US" }],
    ["an empty list", { region: [] }],
    ["a list of objects", { region: [{ is: "US" }] }],
  ];
  const cases = [
    ...Object.entries(single).flatMap(([name, wrap]) => BAD_SINGLE.map(([label, condition]) => ({ name, label, wrap: wrap as (c: never, f: (x: number) => number) => unknown, condition }))),
    ...Object.entries(lists).flatMap(([name, wrap]) => BAD_LISTS.map(([label, condition]) => ({ name, label, wrap: wrap as (c: never, f: (x: number) => number) => unknown, condition }))),
  ];
  it.each(cases)("$name with $label", async ({ name, wrap, condition }) => {
    const variant = wrap(condition as never, (x: number) => x + 1) as (x: number) => number;
    const module = syntheticModule([{ name: "y__a", params: [{ name: "x" }], fn: variant as never }]);
    const error = await rejection(new Builder().withModules(module).withConfig({ region: "US" }).build());
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain(name);
  });

  it("well-formed conditions still build", async () => {
    const module = syntheticModule([
      { name: "y__a", params: [{ name: "x" }], fn: configWhen({ region: "US" }, (x: number) => x) as never },
      { name: "y__b", params: [{ name: "x" }], fn: configWhenIn({ region: ["EU", "FR"] }, (x: number) => -x) as never },
    ]);
    const dr = await new Builder().withModules(module).withConfig({ region: "US" }).build();
    expect(await dr.execute(["y"], { inputs: { x: 2 } })).toEqual({ y: 2 });
  });
});

describe("missing inputs that name a function the module does not export by name", () => {
  it.each([
    ["withRate", "rate", `"rate" is a function in`, `hidden-helpers.ts:4 but not exported, so it is not a node: add \`export\` to make it one.`],
    ["withDiscount", "discount", `"discount" is a function in`, `hidden-helpers.ts:9 but not exported, so it is not a node: add \`export\` to make it one.`],
    ["aboveBaseline", "baseline", `"baseline" is the default export of`, `hidden-helpers.ts:12, and a default export is not a node: export it by name (\`export function baseline\`).`],
  ])("%s: its parameter %s", async (output, input, start, end) => {
    const dr = await build("hidden-helpers");
    const error = await rejection(dr.execute([output], { inputs: { base: 10 } }));
    expect(error.code).toBe("missing_input");
    expect(error.input).toBe(input);
    expect(error.message).toContain(start);
    expect(error.message).toContain(end);
  });

  it("the same names passed as inputs run, and no hint is invented for a plain missing input", async () => {
    const dr = await build("hidden-helpers");
    expect(await dr.execute(["withRate"], { inputs: { base: 10, rate: 2 } })).toEqual({ withRate: 20 });
    const error = await rejection(dr.execute(["withRate"], { inputs: { rate: 2 } }));
    expect(error.message).not.toContain("not exported");
  });
});
