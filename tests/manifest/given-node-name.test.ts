/**
 * givenNodeName reads `configWhen(…, { name: "x" }, fn)`'s node name from the manifest's argument
 * text (what `funcflow diff` and the explorer read without loading the module), and
 * conditionArguments leaves the options out of what can name config keys.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { scanFile } from "funcflow/scanner";
import { otherVariants } from "../../src/explorer/other-variants.ts";
import { conditionArguments, givenNodeName, type ManifestFunction } from "../../src/manifest/index.ts";

const fixture = new URL("../fixtures/modifiers/config-when-name.ts", import.meta.url);
const entry = (modifiers: ManifestFunction["modifiers"]): ManifestFunction => ({ exportName: "usTax", form: "wrapped", params: [], returnType: "number", isAsync: false, line: 1, modifiers });

describe("givenNodeName", () => {
  it("reads a literal { name } from the options of any of the four config wrappers, at any depth of the stack", async () => {
    const manifest = await scanFile(fileURLToPath(fixture));
    const names = Object.fromEntries(manifest.functions.map((fn) => [fn.exportName, givenNodeName(fn)]));
    expect(names).toEqual({ usSalesTax: "salesTax", euVat: "salesTax", salesTax__elsewhere: undefined, memberDiscount: "discount", noDiscount: "discount", bigOrderLabel: "label", total: undefined });
    expect(givenNodeName(entry([{ name: "tag", args: ['{ a: "b" }'] }, { name: "configWhenIn", args: ['{ k: ["a"] }', "{ name: 'x' }"] }]))).toBe("x");
  });

  it("leaves out a name that is no literal, options of other modifiers and a condition alone", () => {
    expect(givenNodeName(entry([{ name: "configWhen", args: ["{ region: 'US' }", "{ name: someName }"] }]))).toBeUndefined();
    expect(givenNodeName(entry([{ name: "checkOutput", args: ['{ name: "x" }'] }]))).toBeUndefined();
    expect(givenNodeName(entry([{ name: "configWhen", args: ['{ name: "x" }'] }]))).toBeUndefined();
  });

  it("conditionArguments drops a config wrapper's options", () => {
    expect(conditionArguments({ name: "configWhen", args: ['{ region: "US" }', '{ name: "x" }'] })).toEqual(['{ region: "US" }']);
    expect(conditionArguments({ name: "checkOutput", args: ['{ range: [0, 1] }'] })).toEqual(["{ range: [0, 1] }"]);
  });

  it("the explorer lists the variants config did not choose for a node named by options.name, with only the condition's keys", async () => {
    const dr = await new Builder().withModules(fixture).withConfig({ region: "US" }).withManifestCache(false).build();
    const manifest = await scanFile(fileURLToPath(fixture));
    const variants = otherVariants(dr.listNodes(), new Map([[dr.node("salesTax").source!.module, manifest]]), { region: "US" });
    expect(variants.get("salesTax")?.map((variant) => [variant.exportName, variant.configValues])).toEqual([
      ["euVat", { region: "US" }],
      ["salesTax__elsewhere", {}],
    ]);
    expect(variants.get("discount")?.map((variant) => [variant.exportName, variant.configValues])).toEqual([["memberDiscount", { member: null }]]);
  });
});
