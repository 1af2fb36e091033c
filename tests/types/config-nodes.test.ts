/**
 * Config keys in the types, proved by the compiler as tests/types/typed-execute.test.ts is (this
 * file runs under `tsc --noEmit`; the calls it must reject sit in functions that never run): every
 * config key is a node `execute` accepts, typed by its value, and a key named like a function or
 * an input replaces it, in the types as at run time. Three ways to the types: the config given in
 * code (`withConfig` before or after `typed()`), the typings `funcflow build --config` generates
 * (pipeline-configured.funcflow.d.ts, kept current by tests/cli/typings-config.test.ts), and a
 * prebuilt module's namespace.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, expectTypeOf, it } from "vitest";
import { Builder, configWhen, type Driver, type NamedNode, type NodesOfModule, type NodesWithConfig, type TypedDriver } from "funcflow";
import type { Pipeline } from "../fixtures/typecheck/pipeline.funcflow.js";
import type { Pipeline as ConfiguredPipeline } from "../fixtures/typecheck/pipeline-configured.funcflow.js";
import type { Order } from "../fixtures/typecheck/pipeline.ts";
import * as pipelineModule from "../fixtures/typecheck/pipeline.ts";
import * as namedModule from "../fixtures/modifiers/config-when-name.ts";
import { scanFile } from "funcflow/scanner";

const url = new URL("../fixtures/typecheck/pipeline.ts", import.meta.url);
const orders: Order[] = [
  { id: "a", amount: 50 },
  { id: "b", amount: 150 },
];
/** `label` is a function of the module: this config key replaces it. */
const CONFIG = { region: "US", label: 7, currency: "EUR" };

describe("config keys are typed nodes", () => {
  it("withConfig after typed(): each key is an output typed by its value; one named like a function is typed as the value", async () => {
    const dr = await new Builder().withModules(url).withManifestCache(false).typed<Pipeline>().withConfig(CONFIG).build();
    const result = await dr.execute(["region", "label", "tax"], { inputs: { orders } });
    expectTypeOf(result).toEqualTypeOf<{ region: string; label: number; tax: number }>();
    expect(result).toEqual({ region: "US", label: 7, tax: 150 * 0.07 });
  });

  it("withConfig before typed() types the same", async () => {
    const dr = await new Builder().withModules(url).withConfig(CONFIG).withManifestCache(false).typed<Pipeline>().build();
    const { region, label } = await dr.execute(["region", "label"]);
    expectTypeOf(region).toEqualTypeOf<string>();
    expectTypeOf(label).toEqualTypeOf<number>();
    expect([region, label]).toEqual(["US", 7]);
  });

  it("a later withConfig key wins in the types as at run time", async () => {
    const dr = await new Builder().withModules(url).withConfig({ region: "US" }).withConfig({ region: 1 }).withManifestCache(false).typed<Pipeline>().build();
    const { region } = await dr.execute(["region"]);
    expectTypeOf(region).toEqualTypeOf<number>();
    expect(region).toBe(1);
  });

  it("the typings funcflow build --config writes declare each key typed by its value, and no replaced node or input", async () => {
    expectTypeOf<ConfiguredPipeline["nodes"]["region"]>().toEqualTypeOf<string>();
    expectTypeOf<ConfiguredPipeline["nodes"]["label"]>().toEqualTypeOf<number>();
    expectTypeOf<ConfiguredPipeline["nodes"]["currency"]>().toEqualTypeOf<string>();
    expectTypeOf<keyof ConfiguredPipeline["inputs"]>().toEqualTypeOf<"orders" | "threshold">();
    const dr: TypedDriver<ConfiguredPipeline> = await new Builder().withModules(url).withManifestCache(false).typed<ConfiguredPipeline>().withConfig(CONFIG).build();
    const result = await dr.execute(["region", "label", "total"], { inputs: { orders } });
    expectTypeOf(result).toEqualTypeOf<{ region: string; label: number; total: number }>();
    expect(result).toEqual({ region: "US", label: 7, total: 150 });
  });

  it("a prebuilt module's Driver types config keys from withConfig", async () => {
    const manifest = await scanFile(fileURLToPath(url));
    const dr = await new Builder().withModules({ module: pipelineModule, manifest }).withConfig(CONFIG).build();
    const result = await dr.execute(["region", "label", "total"], { inputs: { orders } });
    expectTypeOf(result).toEqualTypeOf<{ region: string; label: number; total: number }>();
    expect(result).toEqual({ region: "US", label: 7, total: 150 });
  });

  it("a Driver of untyped modules is still a plain Driver after withConfig", async () => {
    const dr: Driver = await new Builder().withModules(url).withConfig(CONFIG).withManifestCache(false).build();
    expect((await dr.execute(["region"])).region).toBe("US");
  });
});

/** Never called: each statement must fail to compile. */
export function rejectedWithConfig(configured: TypedDriver<ConfiguredPipeline>, prebuilt: Driver<NodesWithConfig<NodesOfModule<typeof pipelineModule>, { region: string }>>): void {
  // @ts-expect-error a config key is no input (config_input_overlap at run time)
  void configured.execute(["total"], { inputs: { currency: "USD" } });
  // @ts-expect-error a misspelt config key is no node
  void configured.execute(["regoin"]);
  // @ts-expect-error a config key replacing a function is typed by the value: label is a number here
  void configured.execute(["label"]).then(({ label }) => label.toUpperCase());
  // @ts-expect-error an override of a config-replaced node has the value's type
  void configured.execute(["label"], { overrides: { label: "seven" } });
  // @ts-expect-error a prebuilt Driver still rejects names neither node nor config
  void prebuilt.execute(["regoin"]);
}

/** Never called: compiles only while config keys are outputs of a typed Driver. */
export async function acceptedWithConfig(dr: TypedDriver<ConfiguredPipeline>, prebuilt: Driver<NodesWithConfig<NodesOfModule<typeof pipelineModule>, { region: string }>>): Promise<string> {
  const { region } = await dr.execute(["region"]);
  const { region: again } = await prebuilt.execute(["region"]);
  return region + again;
}

describe("configWhen's options.name in a prebuilt module's types", () => {
  it("a named variant is typed under its given name, variants of one name as the union of their values", async () => {
    const namedUrl = new URL("../fixtures/modifiers/config-when-name.ts", import.meta.url);
    const manifest = await scanFile(fileURLToPath(namedUrl));
    const dr = await new Builder().withModules({ module: namedModule, manifest }).withConfig({ region: "US" }).build();
    const result = await dr.execute(["salesTax", "discount", "label"], { inputs: { sales: 100 } });
    expectTypeOf(result).toEqualTypeOf<{ salesTax: number; discount: number; label: string }>();
    expect(result).toEqual({ salesTax: expect.closeTo(7), discount: 0, label: "US$ 107.00" });
    expectTypeOf(configWhen({ region: "US" }, { name: "tax" }, (sales: number) => sales)).toEqualTypeOf<((sales: number) => number) & NamedNode<"tax">>();
    expectTypeOf(configWhen({ region: "US" }, (sales: number) => sales)).toEqualTypeOf<(sales: number) => number>();
  });
});

/** Never called: each statement must fail to compile. */
export function rejectedNamedExports(dr: Driver<NodesOfModule<typeof namedModule>>): void {
  // @ts-expect-error a named variant's export name is no node
  void dr.execute(["usSalesTax"]);
  // @ts-expect-error nor is the export of a named configWhenNot
  void dr.execute(["noDiscount"]);
}

