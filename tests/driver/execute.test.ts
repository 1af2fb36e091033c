import { beforeEach, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import * as basic from "../fixtures/modules/basic.ts";
import * as concurrent from "../fixtures/modules/concurrent.ts";

const basicUrl = new URL("../fixtures/modules/basic.ts", import.meta.url);
const build = (config: Record<string, unknown> = { language: "fr" }) =>
  new Builder().withModules(basicUrl).withConfig(config).withManifestCache(false).build();

beforeEach(() => {
  basic.calls.length = 0;
});

describe("driver.execute", () => {
  it("returns the requested outputs as a record, in request order", async () => {
    const dr = await build();
    const result = await dr.execute(["e", "c"], { inputs: { a: 1 } });
    expect(result).toEqual({ e: 112, c: 10 });
    expect(Object.keys(result)).toEqual(["e", "c"]);
  });

  it("runs only the nodes the outputs need, each once", async () => {
    const dr = await build();
    await dr.execute(["c", "e", "b"], { inputs: { a: 1 } });
    expect([...basic.calls].sort()).toEqual(["b", "c", "d", "e"]);
  });

  it("passes a provided value to an optional parameter and lets the default apply otherwise", async () => {
    const dr = await build();
    expect(await dr.execute(["c"], { inputs: { a: 1 } })).toEqual({ c: 10 });
    expect(await dr.execute(["c"], { inputs: { a: 1, y: 3 } })).toEqual({ c: 6 });
  });

  it("cuts everything upstream of an override", async () => {
    const dr = await build();
    const result = await dr.execute(["e"], { overrides: { b: 10 } });
    expect(result).toEqual({ e: 160 });
    expect(basic.calls).not.toContain("b");
  });

  it("gives config values to the functions that name them", async () => {
    expect(await (await build({ language: "fr" })).execute(["greeting"])).toEqual({ greeting: "bonjour" });
    expect(await (await build({ language: "en" })).execute(["greeting"])).toEqual({ greeting: "hello" });
  });

  it("echoes a requested input and a requested config value", async () => {
    const dr = await build();
    expect(await dr.execute(["a", "language"], { inputs: { a: 7 } })).toEqual({ a: 7, language: "fr" });
  });

  it("runs independent async nodes concurrently", async () => {
    const dr = await new Builder()
      .withModules(new URL("../fixtures/modules/concurrent.ts", import.meta.url))
      .withManifestCache(false)
      .build();
    const result = await dr.execute(["joined"], { inputs: { seed: 10 } });
    expect(result).toEqual({ joined: 23 });
    expect(concurrent.events.slice(0, 2).sort()).toEqual(["left:start", "right:start"]);
  });

  it("does not mutate the inputs, overrides or config it is given", async () => {
    const inputs = Object.freeze({ a: 1, y: 2 });
    const overrides = Object.freeze({ d: 5 });
    const config = Object.freeze({ language: "fr" });
    const dr = await build(config);
    await dr.execute(["e", "greeting"], { inputs, overrides });
    expect(inputs).toEqual({ a: 1, y: 2 });
    expect(overrides).toEqual({ d: 5 });
    expect(config).toEqual({ language: "fr" });
  });

  it("returns a fresh record on every call", async () => {
    const dr = await build();
    const first = await dr.execute(["b"], { inputs: { a: 1 } });
    const second = await dr.execute(["b"], { inputs: { a: 2 } });
    expect(first).toEqual({ b: 2 });
    expect(second).toEqual({ b: 3 });
  });
});

describe("Builder", () => {
  it("is immutable: each with… call returns a new builder and leaves the old one as it was", async () => {
    const base = new Builder().withModules(basicUrl).withManifestCache(false);
    const french = base.withConfig({ language: "fr" });
    const english = base.withConfig({ language: "en" });
    expect(french).not.toBe(base);
    expect(await (await french.build()).execute(["greeting"])).toEqual({ greeting: "bonjour" });
    expect(await (await english.build()).execute(["greeting"])).toEqual({ greeting: "hello" });
  });

  it("merges config so a later key wins", async () => {
    const dr = await new Builder().withModules(basicUrl).withConfig({ language: "fr" }).withConfig({ language: "en" }).build();
    expect(await dr.execute(["greeting"])).toEqual({ greeting: "hello" });
  });
});
