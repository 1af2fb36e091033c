import { afterAll, describe, expect, it } from "vitest";
import { buildFixture, buildSource, caught, removeInlineModules } from "./support/build.ts";

afterAll(removeInlineModules);

const dr = await buildFixture("subdag");

describe("subdag", () => {
  it("names the reused module's nodes <ns>.<name>, inputs <ns>.<key>, and leaves unknown names global", () => {
    const names = dr.listNodes().map((node) => node.name);
    expect(names).toEqual(expect.arrayContaining(["usScore.cleaned", "usScore.score", "usScore.bonus", "usScore.raw", "usScore.offset", "usScore"]));
    expect(dr.node("usScore.score").dependencies.map((d) => d.name)).toEqual(["usScore.cleaned", "weight"]);
    expect(dr.node("usScore.raw").dependencies.map((d) => d.name)).toEqual(["usRaw"]);
    expect(dr.node("usScore").dependencies.map((d) => d.name)).toEqual(["usScore.bonus", "usScore.score"]);
    expect(dr.node("weight").kind).toBe("input");
  });

  it("resolves the reused module's variants with the subgraph's config and computes through it", async () => {
    expect(dr.node("usScore.bonus").condition).toBe(`size == "big"`);
    expect(await dr.execute(["usScore", "usScore.cleaned"], { inputs: { weight: 2 } })).toEqual({ usScore: 242, "usScore.cleaned": 11 });
  });

  it("draws each subgraph as a cluster", () => {
    const dot = dr.toDot();
    expect(dot).toContain(`subgraph "cluster_usScore"`);
    expect(dot).toContain(`subgraph "cluster_eu"`);
  });
});

describe("parameterizedSubdag", () => {
  it("makes one subgraph and final node per entry, each with its own inputs", async () => {
    expect(dr.node("eu.cleaned").dependencies.map((d) => d.name)).toEqual(["eu.raw", "eu.offset"]);
    expect(dr.listNodes().map((node) => node.name)).not.toContain("regionScore");
    expect(await dr.execute(["us", "eu"], { inputs: { weight: 2 } })).toEqual({ us: 2, eu: 6 });
  });
});

describe("subdag misuse", () => {
  it("rejects a subdag without modules", async () => {
    const error = await caught(buildSource(`export const bad = ff.subdag({ modules: [] }, (x: number): number => x);`));
    expect(error).toMatchObject({ code: "invalid_modifier", node: "bad" });
    expect(error.message).toContain("subdag needs { modules:");
  });

  it.each([
    ["a number", "3", "got the number 3"],
    ["null", "null", "got null"],
    ["an empty path", `""`, "got an empty string"],
  ])("rejects %s among the modules as invalid_modifier naming its index, for subdag and parameterizedSubdag", async (_, entry, got) => {
    for (const call of [`ff.subdag({ modules: [new URL(import.meta.url), ${entry} as never] }`, `ff.parameterizedSubdag({ modules: [new URL(import.meta.url), ${entry} as never] }, { one: {} }`]) {
      const error = await caught(buildSource(`export const bad = ${call}, (x: number): number => x);`));
      expect(error).toMatchObject({ code: "invalid_modifier", node: "bad" });
      expect(error.message).toContain("modules[1] must be a module's URL or path");
      expect(error.message).toContain(got);
    }
  });

  it("rejects a module that embeds itself", async () => {
    const error = await caught(buildSource(`export const again = ff.subdag({ modules: [new URL(import.meta.url)] }, (x: number): number => x);`));
    expect(error.code).toBe("invalid_modifier");
    expect(error.message).toContain("A module cannot contain itself");
  });

  it("reports a missing module as the loader does", async () => {
    const error = await caught(buildSource(`export const bad = ff.subdag({ modules: [new URL("./nowhere.ts", import.meta.url)] }, (x: number): number => x);`));
    expect(error.code).toBe("module_not_found");
  });
});
