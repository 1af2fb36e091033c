import { describe, expect, it } from "vitest";
import { Builder, FuncflowError } from "funcflow";

const variants = new URL("../fixtures/modules/variants.ts", import.meta.url);
const build = (config: Record<string, unknown>) =>
  new Builder().withModules(variants).withConfig(config).withManifestCache(false).build();

describe("config variants", () => {
  it("picks the variant whose condition holds and drops the __suffix from the node name", async () => {
    const dr = await build({ region: "US" });
    expect(await dr.execute(["tax", "total"], { inputs: { sales: 100 } })).toEqual({ tax: 7, total: 107 });
    expect(dr.node("tax").condition).toBe(`region == "US"`);
  });

  it("supports configWhenIn", async () => {
    const dr = await build({ region: "FR" });
    expect(await dr.execute(["tax"], { inputs: { sales: 100 } })).toEqual({ tax: 20 });
  });

  it("takes the configDefault variant when no other variant matches", async () => {
    const dr = await build({ region: "JP" });
    expect(await dr.execute(["tax"], { inputs: { sales: 100 } })).toEqual({ tax: 10 });
  });

  it("takes the configDefault variant when the config key is unset", async () => {
    const dr = await build({});
    expect(await dr.execute(["tax"], { inputs: { sales: 100 } })).toEqual({ tax: 10 });
  });

  it("supports configWhenNot and configWhenNotIn", async () => {
    const dr = await build({ region: "JP", debug: false });
    expect(await dr.execute(["audited", "shipping"], { inputs: { sales: 10, weight: 1 } })).toEqual({
      audited: "audited 11",
      shipping: 5,
    });
  });

  it("leaves a node out when no variant matches, and explains it when something needs it", async () => {
    const dr = await build({ region: "CA", debug: true });
    expect(dr.listNodes().find((node) => node.name === "shipping")?.kind).toBe("input");
    const error = (await dr
      .execute(["shippedTotal"], { inputs: { sales: 10, weight: 1 } })
      .catch((caught: unknown) => caught)) as FuncflowError;
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error.code).toBe("config_unsatisfied");
    expect(error.input).toBe("shipping");
    expect(error.message).toContain(`shipping__domestic needs region == "US" (config has region="CA")`);
    expect(error.message).toContain(`shipping__abroad needs region not in ["US","CA"] (config has region="CA")`);
  });

  it("reports an unsatisfied requested output the same way", async () => {
    const dr = await build({ region: "CA", debug: true });
    await expect(dr.execute(["audited"], { inputs: { total: 1 } })).rejects.toMatchObject({
      code: "config_unsatisfied",
      input: "audited",
    });
  });

  it("lets an input stand in for a node config left out", async () => {
    const dr = await build({ region: "CA" });
    expect(await dr.execute(["shippedTotal"], { inputs: { sales: 10, weight: 1, shipping: 3 } })).toEqual({
      shippedTotal: 14,
    });
  });

  it("rejects two active variants of one node, naming the config keys", async () => {
    const error = (await new Builder()
      .withModules(new URL("../fixtures/modules/conflicting-variants.ts", import.meta.url))
      .withConfig({ tier: "gold", member: true })
      .build()
      .catch((caught: unknown) => caught)) as FuncflowError;
    expect(error).toBeInstanceOf(FuncflowError);
    expect(error.code).toBe("config_conflict");
    expect(error.node).toBe("price");
    expect(error.details?.configKeys).toEqual(["tier", "member"]);
    expect(error.message).toContain(`tier="gold", member=true`);
  });

  it("builds the conflicting module when only one variant is active", async () => {
    const dr = await new Builder()
      .withModules(new URL("../fixtures/modules/conflicting-variants.ts", import.meta.url))
      .withConfig({ tier: "gold", member: false })
      .build();
    expect(await dr.execute(["price"], { inputs: { base: 100 } })).toEqual({ price: 80 });
  });
});
