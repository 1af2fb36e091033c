/**
 * Port of Hamilton's examples/module_overrides (tests/fixtures/ports/module-overrides): two
 * modules define `foo`; without `allowModuleOverrides()` the build fails naming both and the
 * way out, with it the later module's `foo` wins (and nodes reading it see that one).
 */
import { describe, expect, it } from "vitest";
import { Builder, FuncflowError } from "funcflow";
import { rejection } from "../support/caught.ts";

const a = new URL("../fixtures/ports/module-overrides/module_a.ts", import.meta.url);
const b = new URL("../fixtures/ports/module-overrides/module_b.ts", import.meta.url);

describe("ports/module_overrides", () => {
  it("run.py: with allowModuleOverrides() the later module's foo wins", async () => {
    const dr = await new Builder().withModules(a, b).allowModuleOverrides().build();
    expect(await dr.execute(["foo", "bar"], { inputs: {} })).toEqual({ foo: "This is module b.", bar: "bar sees: This is module b." });
    expect(dr.node("foo").source?.module).toContain("module_b");
    const reversed = await new Builder().withModules(b, a).allowModuleOverrides().build();
    expect(await reversed.execute(["foo"])).toEqual({ foo: "This is module a." });
  });

  it("without it the build fails with duplicate_node naming both modules and allowModuleOverrides", async () => {
    const error = await rejection(new Builder().withModules(a, b).build());
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error.code).toBe("duplicate_node");
    expect(error.message).toMatch(/module_a.*module_b/);
    expect(error.message).toContain("allowModuleOverrides()");
  });

  it("the builder stays immutable: allowModuleOverrides() returns a new one", async () => {
    const base = new Builder().withModules(a, b);
    base.allowModuleOverrides();
    await expect(base.build()).rejects.toMatchObject({ code: "duplicate_node" });
  });

  it("a later module's variants replace all of an earlier module's variants of that node", async () => {
    const variants = (name: string) => new URL(`../fixtures/ports/module-overrides/${name}.ts`, import.meta.url);
    const dr = await new Builder().withModules(variants("variants_a"), variants("variants_b")).withConfig({ k: 1 }).allowModuleOverrides().build();
    expect(await dr.execute(["foo"])).toEqual({ foo: "b" });
    // Without overrides, k = 1 makes variants_a's foo__x and variants_b's default both candidates: the active one wins.
    const plain = await new Builder().withModules(variants("variants_a"), variants("variants_b")).withConfig({ k: 1 }).build();
    expect(await plain.execute(["foo"])).toEqual({ foo: "a, k is 1" });
  });
});
