/**
 * Typed execute, proved by the compiler: this file runs under `tsc --noEmit` (npm test), where
 * each `@ts-expect-error` must meet an error and each `expectTypeOf` must hold. The calls the
 * compiler must reject sit in functions that never run; the rest also runs under vitest.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, expectTypeOf, it } from "vitest";
import { Builder, type PipelineWithConfig, type TypedDriver } from "funcflow";
import type { Pipeline } from "../fixtures/typecheck/pipeline.funcflow.js";
import type { Order } from "../fixtures/typecheck/pipeline.ts";
import * as pipelineModule from "../fixtures/typecheck/pipeline.ts";
import { scanFile } from "funcflow/scanner";

const orders: Order[] = [
  { id: "a", amount: 50 },
  { id: "b", amount: 150 },
  { id: "c", amount: 250 },
];

const build = () =>
  new Builder().withModules(new URL("../fixtures/typecheck/pipeline.ts", import.meta.url)).withManifestCache(false).typed<Pipeline>().build();

describe("Builder.typed<Pipeline>() with declarations from funcflow build", () => {
  it("types execute's result from the producers' awaited return types", async () => {
    const dr = await build();
    const result = await dr.execute(["total", "tax", "label", "bigOrders"], { inputs: { orders, currency: "EUR" } });
    expectTypeOf(result).toEqualTypeOf<{ total: number; tax: number; label: string; bigOrders: Order[] }>();
    expect(result).toEqual({ total: 400, tax: 80, label: "480.00 EUR", bigOrders: [orders[1], orders[2]] });
  });

  it("accepts inputs asked for as outputs, typed as the input", async () => {
    const dr = await build();
    const { orders: echoed, threshold } = await dr.execute(["orders", "threshold"], { inputs: { orders, threshold: 10 } });
    expectTypeOf(echoed).toEqualTypeOf<readonly Order[]>();
    expectTypeOf(threshold).toEqualTypeOf<number>();
    expect(echoed).toBe(orders);
  });

  it("is the same Driver at run time: config picks the variant (and its keys become nodes)", async () => {
    const dr = await new Builder()
      .withModules(new URL("../fixtures/typecheck/pipeline.ts", import.meta.url))
      .typed<Pipeline>()
      .withConfig({ region: "US" })
      .withManifestCache(false)
      .build();
    expectTypeOf(dr).toEqualTypeOf<TypedDriver<PipelineWithConfig<Pipeline, { region: string }>>>();
    const { tax } = await dr.execute(["tax"], { inputs: { orders } });
    expect(tax).toBeCloseTo(28);
  });

  it("keeps its types through every Builder method called after typed()", async () => {
    const dr = await new Builder()
      .withModules(new URL("../fixtures/typecheck/pipeline.ts", import.meta.url))
      .typed<Pipeline>()
      .withAdapters()
      .withConcurrency(2)
      .withCache(false)
      .withManifestCache(false)
      .build();
    expectTypeOf(dr).toEqualTypeOf<TypedDriver<Pipeline>>();
    const { total } = await dr.execute(["total"], { inputs: { orders } });
    expect(total).toBe(400);
  });

  it("types overrides by node", async () => {
    const dr = await build();
    const { label } = await dr.execute(["label"], { overrides: { total: 100, tax: 1 }, inputs: { currency: "USD" } });
    expect(label).toBe("101.00 USD");
  });
});

/** Never called: each statement must fail to compile. */
export function rejectedByTheCompiler(dr: TypedDriver<Pipeline>): void {
  // @ts-expect-error a misspelled output is not a node name
  void dr.execute(["totl"]);
  // @ts-expect-error a config variant's export name is not a node: the `__us` suffix is cut
  void dr.execute(["tax__us"]);
  // @ts-expect-error an input of the wrong type (orders must be Order[])
  void dr.execute(["total"], { inputs: { orders: [1, 2, 3] } });
  // @ts-expect-error a wrongly typed scalar input
  void dr.execute(["label"], { inputs: { currency: 3 } });
  // @ts-expect-error an input no function asks for
  void dr.execute(["total"], { inputs: { order: orders } });
  // @ts-expect-error an override of the wrong type (total is a number)
  void dr.execute(["label"], { overrides: { total: "100" } });
  // @ts-expect-error validateExecution checks names too
  dr.validateExecution(["labels"]);
}

describe("a prebuilt { module, manifest } is typed without declarations", () => {
  it("checks output names and types results from the namespace", async () => {
    const manifest = await scanFile(fileURLToPath(new URL("../fixtures/typecheck/pipeline.ts", import.meta.url)));
    const dr = await new Builder().withModules({ module: pipelineModule, manifest }).build();
    const { total } = await dr.execute(["total"], { inputs: { orders } });
    expectTypeOf(total).toEqualTypeOf<number>();
    expect(total).toBe(400);
  });
});

/** Never called: each statement must fail to compile. */
export function prebuiltRejected(dr: Awaited<ReturnType<Builder<pipelineNodes>["build"]>>): void {
  // @ts-expect-error a misspelled output of a prebuilt module
  void dr.execute(["totl"]);
}
type pipelineNodes = import("funcflow").NodesOfModule<typeof pipelineModule>;
