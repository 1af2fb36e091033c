/**
 * `configWhen(condition, { name }, fn)` and its siblings name the node they define, as Hamilton's
 * `@config.when(name=…)` does: the active variant is the node `name`, whatever its export is
 * called; malformed options fail the build with `invalid_modifier`; a named variant active beside
 * another definition of its name fails it as two variants would.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Builder, configDefault, configWhen, configWhenIn, configWhenNot, configWhenNotIn, extractFields, type Config, type ConfigWhenOptions } from "funcflow";
import { syntheticModule, type SyntheticNode } from "../support/synthetic-module.ts";
import { caught, rejection } from "../support/caught.ts";
import { runCliInProcess } from "../support/cli-in-process.ts";

const fixture = new URL("../fixtures/modifiers/config-when-name.ts", import.meta.url);
const buildFixture = (config: Config) => new Builder().withModules(fixture).withConfig(config).withManifestCache(false).build();
const buildNodes = (nodes: readonly SyntheticNode[], config: Config = {}) => new Builder().withModules(syntheticModule(nodes)).withConfig(config).build();
/** A synthetic node whose manifest declares it returns a record, as `extractFields` needs. */
function returningRecord(module: ReturnType<typeof syntheticModule>, exportName: string): ReturnType<typeof syntheticModule> {
  const functions = module.manifest.functions.map((entry) => (entry.exportName === exportName ? { ...entry, returnType: "{ a: number; b: number }" } : entry));
  return { ...module, manifest: { ...module.manifest, functions } };
}
const functionNames = (nodes: readonly { name: string; kind: string }[]) => nodes.filter((node) => node.kind === "function").map((node) => node.name).sort();

describe("configWhen's options.name names the node (Hamilton's config.when(name=…))", () => {
  it.each([
    [{ region: "US", member: true }, 100 + 7 - 5],
    [{ region: "FR", member: false }, 100 + 20],
    [{ region: "JP" }, 100 + 10],
  ])("under %j the chosen variants are the nodes salesTax and discount", async (config, expected) => {
    const dr = await buildFixture(config);
    const names = functionNames(dr.listNodes());
    expect(names).toEqual(expect.arrayContaining(["discount", "salesTax", "total"]));
    for (const exportName of ["usSalesTax", "euVat", "memberDiscount", "noDiscount"]) expect(names).not.toContain(exportName);
    expect((await dr.execute(["total"], { inputs: { sales: 100 } })).total).toBeCloseTo(expected);
  });

  it("the node keeps its export as its source, its doc and its condition", async () => {
    const dr = await buildFixture({ region: "US" });
    expect(dr.node("salesTax")).toMatchObject({ doc: "US sales tax.", condition: 'region == "US"', source: { exportName: "usSalesTax" } });
    expect(dr.node("label").condition).toMatch(/is true$/);
    expect((await dr.execute(["label"], { inputs: { sales: 100 } })).label).toBe("US$ 107.00");
  });

  it("configWhenNot, configWhenIn and configWhenNotIn take the same option", async () => {
    const fn = () => 1;
    for (const [wrap, config] of [
      [(options: ConfigWhenOptions) => configWhenNot({ k: "a" }, options, fn), { k: "b" }],
      [(options: ConfigWhenOptions) => configWhenIn({ k: ["a", "b"] }, options, fn), { k: "b" }],
      [(options: ConfigWhenOptions) => configWhenNotIn({ k: ["a"] }, options, fn), { k: "b" }],
      [(options: ConfigWhenOptions) => configWhen((config) => config.k === "b", options, fn), { k: "b" }],
    ] as const) {
      const dr = await buildNodes([{ name: "exported", params: [], fn: wrap({ name: "chosen" }) }], config);
      expect(functionNames(dr.listNodes())).toEqual(["chosen"]);
      expect(await dr.execute(["chosen"])).toEqual({ chosen: 1 });
    }
  });

  it("an inactive named variant defines nothing, and the name is reported when no variant is active", async () => {
    const nodes: SyntheticNode[] = [
      { name: "usTax", params: [], fn: configWhen({ region: "US" }, { name: "tax" }, () => 7) },
      { name: "total", params: [{ name: "tax" }], fn: Object.defineProperty((tax: number) => tax + 1, "length", { value: 1 }) },
    ];
    const dr = await buildNodes(nodes, { region: "EU" });
    expect(dr.listNodes().map((node) => node.name)).not.toContain("usTax");
    const error = await rejection(dr.execute(["total"]));
    expect(error.code).toBe("config_unsatisfied");
    expect(error.message).toContain('usTax needs region == "US"');
  });

  it("a parameter spelt as a named variant's export is a missing input whose message names the node", async () => {
    const nodes: SyntheticNode[] = [
      { name: "usTax", params: [], fn: configWhen({ region: "US" }, { name: "tax" }, () => 7) },
      { name: "total", params: [{ name: "usTax" }], fn: Object.defineProperty((tax: number) => tax + 1, "length", { value: 1 }) },
    ];
    for (const region of ["US", "EU"]) {
      const error = await rejection((await buildNodes(nodes, { region })).execute(["total"]));
      expect(error.code).toBe("missing_input");
      expect(error.message).toContain('"usTax" is the export of a config variant of the node "tax" (its options.name): name the parameter "tax".');
    }
  });

  it("a config key with the name replaces the node, as a config key named like a function does", async () => {
    const dr = await buildNodes([{ name: "usTax", params: [], fn: configWhen({ region: "US" }, { name: "tax" }, () => 7) }], { region: "US", tax: 3 });
    expect(dr.node("tax").kind).toBe("config");
    expect(await dr.execute(["tax"])).toEqual({ tax: 3 });
  });

  it("node modifiers inside the wrapper make their nodes from the given name", async () => {
    const fields = extractFields({ a: "number", b: "number" }, () => ({ a: 1, b: 2 }));
    const module = returningRecord(syntheticModule([{ name: "usParts", params: [], fn: configWhen({ region: "US" }, { name: "parts" }, fields) }]), "usParts");
    const dr = await new Builder().withModules(module).withConfig({ region: "US" }).build();
    expect(functionNames(dr.listNodes())).toEqual(["a", "b", "parts"]);
  });
});

describe("configWhen's options.name: bad input and clashes", () => {
  const build = (fn: SyntheticNode["fn"], name = "exported") => rejection(buildNodes([{ name, params: [], fn }], { region: "US" }));

  it.each([
    ["a number", { name: 3 }, /configWhen: options\.name must be a non-empty string naming the node, such as "salesTax", got the number 3; leave it out to name the node after the export\.$/],
    ["an empty string", { name: "" }, /options\.name must be a non-empty string/],
    ["blank", { name: "  " }, /options\.name must be a non-empty string/],
    ["a misspelt key", { nmae: "tax" }, /configWhen: options has no option "nmae" \(did you mean "name"\?\)\. Known options: name/],
    ["not an object", "tax", /configWhen: options must be an object such as \{ name: "salesTax" \}, got /],
  ])("options.name as %s fails the build with invalid_modifier naming the export", async (_what, options, message) => {
    const error = await build(configWhen({ region: "US" }, options as never, () => 1));
    expect(error.code).toBe("invalid_modifier");
    expect(error.node).toBe("exported");
    expect(error.message).toMatch(message);
  });

  it("the function given before the options is refused where it is written", () => {
    const error = caught(() => configWhen({ region: "US" }, (() => 1) as never, { name: "tax" } as never));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toBe('configWhen: the function to wrap must be the last argument, after the options. Write configWhen(condition, { name: "…" }, fn).');
  });

  it("stacked wrappers naming the node differently fail the build", async () => {
    const error = await build(configWhen({ region: "US" }, { name: "a" }, configWhenNot({ member: true }, { name: "b" }, () => 1)));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain('its config wrappers name the node differently ("a" and "b")');
    // The same name on each is one name.
    const dr = await buildNodes([{ name: "x", params: [], fn: configWhen({ region: "US" }, { name: "a" }, configWhenNot({ member: true }, { name: "a" }, () => 1)) }], { region: "US" });
    expect(functionNames(dr.listNodes())).toEqual(["a"]);
  });

  it("an active named variant beside a function of that name is config_conflict, naming the option", async () => {
    const nodes: SyntheticNode[] = [
      { name: "tax", params: [], fn: () => 1 },
      { name: "usTax", params: [], fn: configWhen({ region: "US" }, { name: "tax" }, () => 7) },
    ];
    const error = await rejection(buildNodes(nodes, { region: "US" }));
    expect(error.code).toBe("config_conflict");
    expect(error.node).toBe("tax");
    expect(error.message).toContain('usTax (region == "US"; named "tax" by options.name)');
    // Inactive, it clashes with nothing: the function is the node.
    expect(await (await buildNodes(nodes, { region: "EU" })).execute(["tax"])).toEqual({ tax: 1 });
  });

  it("two named variants active at once are config_conflict, as two __ variants are", async () => {
    const error = await rejection(
      buildNodes(
        [
          { name: "a", params: [], fn: configWhen({ region: "US" }, { name: "tax" }, () => 1) },
          { name: "b", params: [], fn: configWhenIn({ region: ["US", "CA"] }, { name: "tax" }, () => 2) },
          { name: "tax__default", params: [], fn: configDefault(() => 3) },
        ],
        { region: "US" },
      ),
    );
    expect(error.code).toBe("config_conflict");
    expect(error.message).toMatch(/^Node "tax": 2 variants are active under config region="US"/);
  });

  it("a name that a node made by another modifier has is duplicate_node", async () => {
    const nodes: SyntheticNode[] = [
      { name: "parts", params: [], fn: extractFields({ a: "number" }, () => ({ a: 1 })) },
      { name: "usA", params: [], fn: configWhen({ region: "US" }, { name: "a" }, () => 7) },
    ];
    const module = returningRecord(syntheticModule(nodes), "parts");
    const error = await rejection(new Builder().withModules(module).withConfig({ region: "US" }).build());
    expect(error.code).toBe("duplicate_node");
    expect(error.node).toBe("a");
  });
});

describe("configWhen's options.name in the static type check and the typings", () => {
  it("funcflow build types the named node from its variants and checks its edges", async () => {
    const out = await mkdtemp(join(tmpdir(), "funcflow-config-when-name-"));
    try {
      const { code, stderr } = await runCliInProcess(["build", fileURLToPath(fixture), "--set", "region=US", "--out-dir", out]);
      expect(stderr).toBe("");
      expect(code).toBe(0);
      const typings = await readFile(join(out, "config-when-name.funcflow.d.ts"), "utf8");
      expect(typings).toContain("readonly salesTax: Awaited<ReturnType<typeof M0.usSalesTax>> | Awaited<ReturnType<typeof M0.euVat>> | Awaited<ReturnType<typeof M0.salesTax__elsewhere>>;");
      expect(typings).toContain("readonly discount: Awaited<ReturnType<typeof M0.memberDiscount>> | Awaited<ReturnType<typeof M0.noDiscount>>;");
      expect(typings).not.toMatch(/readonly (usSalesTax|euVat|memberDiscount|noDiscount):/);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it("withTypeCheck() finds a named variant whose value does not fit a parameter of that name", async () => {
    const url = new URL("../fixtures/modifiers/config-when-name-mismatch.ts", import.meta.url);
    const error = await rejection(new Builder().withModules(url).withConfig({ region: "US" }).withManifestCache(false).withTypeCheck().build());
    expect(error.code).toBe("edge_type_mismatch");
    expect(error.message).toContain("rate (usRate) → tax(rate)");
  });
});

