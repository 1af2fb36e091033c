/** explorerPage and startExplorerServer name a source that is neither a Driver nor a node list, instead of a TypeError. */
import { describe, expect, it } from "vitest";
import { explorerPage, startExplorerServer } from "funcflow/explorer";
import { rejection } from "../support/caught.ts";

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
});
