/**
 * configWhen given a function of the config (Hamilton's `@config(resolves)`): the variant exists
 * when it returns true; it sees a frozen copy; a throw or an answer that is not a boolean fails
 * the build naming the export; two true conditions conflict as object conditions do.
 */
import { describe, expect, it } from "vitest";
import { Builder, configWhen, mutate, type Config } from "funcflow";

const base = () => 1;
import { syntheticModule } from "../support/synthetic-module.ts";
import { rejection } from "../support/caught.ts";

const url = new URL("../fixtures/modifiers/config-predicate.ts", import.meta.url);
const build = (config: Config, typeCheck = false) => {
  const builder = new Builder().withModules(url).withConfig(config).withManifestCache(false);
  return (typeCheck ? builder.withTypeCheck() : builder).build();
};

/** One node `y` made by variants `y__a` and `y__b` with the given conditions. */
function variants(a: Parameters<typeof configWhen>[0], b: Parameters<typeof configWhen>[0]) {
  return syntheticModule([
    { name: "y__a", params: [], fn: configWhen(a, () => "a") as never },
    { name: "y__b", params: [], fn: configWhen(b, () => "b") as never },
  ]);
}

describe("configWhen with a condition function", () => {
  it("picks the variant whose function returns true, with object conditions and configDefault beside it", async () => {
    for (const [config, expected] of [
      [{ rows: 2_000_000, cluster: true, region: "EU" }, "200000 rows on cluster"],
      [{ rows: 500, cluster: true, region: "APAC" }, "500 rows on local"],
      [{ rows: 500 }, "500 rows on local"],
    ] as const) {
      const dr = await build(config);
      expect((await dr.execute(["report"], { inputs: { orders: config.rows } })).report, JSON.stringify(config)).toBe(expected);
    }
  });

  it("labels the variant with the function's name, and builds under the static type check", async () => {
    const dr = await build({ rows: 2_000_000 }, true);
    expect(dr.node("sample").condition).toBe("bigRun(config) is true");
    expect((await build({ rows: 5 })).node("sample").condition).toBe("a condition function is true");
    expect(dr.toDot()).toContain("when bigRun(config) is true");
  });

  it("gives the function a frozen copy: the Builder's config is never changed through it", async () => {
    const config = { region: "US" };
    const module = variants((seen) => {
      (seen as Record<string, unknown>).region = "EU";
      return true;
    }, () => false);
    const error = await rejection(new Builder().withModules(module).withConfig(config).build());
    expect(error).toMatchObject({ code: "invalid_modifier", node: "y__a" });
    expect(error.message).toContain("threw under config");
    expect(config).toEqual({ region: "US" });
  });

  it("fails the build naming the export when the function throws or answers with something other than a boolean", async () => {
    const thrown = await rejection(new Builder().withModules(variants(() => { throw new Error("no rows key"); }, () => false)).build());
    expect(thrown).toMatchObject({ code: "invalid_modifier", node: "y__a" });
    expect(thrown.message).toMatch(/synthetic\.ts.*y__a.*no rows key/s);
    expect((thrown.cause as Error).message).toBe("no rows key");
    for (const answer of [1, "yes", undefined, null]) {
      const error = await rejection(new Builder().withModules(variants(() => false, () => answer as never)).build());
      expect(error, String(answer)).toMatchObject({ code: "invalid_modifier", node: "y__b" });
      expect(error.message).toContain("must return true or false");
    }
  });

  it("a mutate function's failing condition names its export too", async () => {
    const module = syntheticModule([
      { name: "base", params: [], fn: base as never },
      { name: "bump", params: [{ name: "base" }], fn: configWhen(() => { throw new Error("no region"); }, mutate([base], (b: number) => b + 1)) as never },
    ]);
    const error = await rejection(new Builder().withModules(module).build());
    expect(error).toMatchObject({ code: "invalid_modifier", node: "bump" });
    expect(error.message).toMatch(/synthetic\.ts.*bump.*no region/s);
  });

  it("two true conditions conflict, naming both variants and their functions", async () => {
    const error = await rejection(new Builder().withModules(variants(function always() { return true; }, () => true)).build());
    expect(error).toMatchObject({ code: "config_conflict", node: "y" });
    expect(error.message).toContain("y__a (always(config) is true)");
    expect(error.message).toContain("y__b (a condition function is true)");
  });
});
