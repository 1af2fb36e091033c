import { describe, expect, it } from "vitest";
import { Builder } from "funcflow";

const dr = await new Builder()
  .withModules(new URL("../fixtures/modules/basic.ts", import.meta.url))
  .withConfig({ language: "en" })
  .withManifestCache(false)
  .build();

describe("driver graph queries", () => {
  it("listNodes describes functions, external inputs and config values", () => {
    const byName = new Map(dr.listNodes().map((node) => [node.name, node]));
    expect([...byName.keys()].sort()).toEqual(["a", "b", "c", "d", "e", "greeting", "language", "unrelated", "y"]);
    expect(byName.get("b")).toMatchObject({
      kind: "function",
      type: "number",
      doc: "One more than a.",
      isExternalInput: false,
      dependencies: [{ name: "a", type: "number", optional: false }],
      dependents: ["c", "e"],
    });
    expect(byName.get("c")?.dependencies).toEqual([
      { name: "b", type: "number", optional: false },
      { name: "y", type: "number", optional: true },
    ]);
    expect(byName.get("d")).toMatchObject({ isAsync: true, type: "number" });
    expect(byName.get("e")?.tags).toEqual({ module: expect.any(String), owner: "growth", stage: ["report", "daily"] });
    expect(byName.get("a")).toMatchObject({ kind: "input", isExternalInput: true, dependents: ["b", "unrelated"] });
    expect(byName.get("language")).toMatchObject({ kind: "config", isExternalInput: false });
    expect(byName.get("b")?.source).toMatchObject({ exportName: "b", line: 7 });
  });

  it("listNodes filters by tags like Hamilton's tag filter", () => {
    expect(dr.listNodes({ tags: { owner: "growth" } }).map((n) => n.name)).toEqual(["e"]);
    expect(dr.listNodes({ tags: { stage: ["weekly", "daily"] } }).map((n) => n.name)).toEqual(["e"]);
    expect(dr.listNodes({ tags: { stage: "weekly" } })).toEqual([]);
    expect(dr.listNodes({ tags: { owner: null, stage: "report" } }).map((n) => n.name)).toEqual(["e"]);
    expect(dr.listNodes({ tags: { missing: null } })).toEqual([]);
  });

  it("leaves out private and non-exported functions", () => {
    const names = dr.listNodes().map((node) => node.name);
    expect(names).not.toContain("_private");
    expect(names).not.toContain("_helper");
  });

  it("upstreamOf includes the named nodes and their ancestors in topological order", () => {
    expect(new Set(dr.upstreamOf("c"))).toEqual(new Set(["a", "b", "c", "y"]));
    const order = dr.upstreamOf("e");
    expect(order.indexOf("b")).toBeLessThan(order.indexOf("c"));
    expect(order.indexOf("d")).toBeLessThan(order.indexOf("e"));
  });

  it("downstreamOf includes the named nodes and their descendants", () => {
    expect(new Set(dr.downstreamOf("b"))).toEqual(new Set(["b", "c", "d", "e"]));
    expect(new Set(dr.downstreamOf("a"))).toEqual(new Set(["a", "b", "c", "d", "e", "unrelated"]));
  });

  it("pathBetween gives the nodes on any path, both ends included, or nothing", () => {
    expect(new Set(dr.pathBetween("b", "e"))).toEqual(new Set(["b", "c", "d", "e"]));
    expect(dr.pathBetween("e", "b")).toEqual([]);
    expect(dr.pathBetween("unrelated", "e")).toEqual([]);
  });

  it("rejects unknown names with a suggestion", () => {
    expect(() => dr.upstreamOf("gretting")).toThrowError(
      expect.objectContaining({ code: "unknown_node", suggestion: ["greeting"] }),
    );
  });

  it("hands out nodes users cannot use to change the graph", () => {
    const nodes = dr.listNodes() as unknown as { name: string }[];
    expect(() => {
      (nodes as unknown as unknown[]).push({ name: "intruder" });
    }).toThrow();
    expect(dr.listNodes().map((n) => n.name)).not.toContain("intruder");
  });
});
