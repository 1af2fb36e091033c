/** explorerPage and startExplorerServer name a source that is neither a Driver nor a node list, instead of a TypeError. */
import { describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { buildExplorerModel, explorerPage, startExplorerServer } from "funcflow/explorer";
import { caught, rejection } from "../support/caught.ts";

describe("explorer sources", () => {
  it("explorerPage and startExplorerServer refuse a source that is neither a Driver nor a node list", async () => {
    for (const bad of [null, undefined, 5, {}, { listNodes: [] }]) {
      const page = await rejection(explorerPage(bad as never));
      expect(page.code).toBe("invalid_argument");
      expect(page.message).toMatch(/^explorerPage: source must be a built Driver or the node list/);
      const server = await rejection(startExplorerServer(bad as never, { port: 0 }));
      expect(server.message).toMatch(/^startExplorerServer: source must be a built Driver/);
    }
  });

  it("buildExplorerModel names a codeVersions or otherVariants that is no Map, instead of a TypeError", () => {
    const nodes = [{ name: "a", kind: "function", dependencies: [], tags: {} }] as never;
    expect(caught(() => buildExplorerModel(nodes, { codeVersions: { a: "v1" } as never })).message).toMatch(/^buildExplorerModel: options\.codeVersions must be a Map/);
    expect(caught(() => buildExplorerModel(nodes, { otherVariants: { a: [] } as never })).message).toMatch(/^buildExplorerModel: options\.otherVariants must be a Map/);
  });

  it("buildExplorerModel shows each function node's own version as its code version, with nothing scanned", async () => {
    const dr = await new Builder().withModules(new URL("../../examples/hello-world/transforms.ts", import.meta.url)).build();
    const model = buildExplorerModel(dr.listNodes({ tags: { module: null } }), { includeCode: false });
    expect(model.nodes.length).toBeGreaterThan(0);
    for (const node of model.nodes) expect(node.codeVersion).toBe(dr.node(node.name).version);
    expect(model.nodes.every((node) => /^[0-9a-f]{32}$/.test(node.codeVersion ?? ""))).toBe(true);
  });
});
