/**
 * NodeInfo.version (Hamilton's HamiltonNode.version): the scanner's code version of the export
 * that defines a function node, which the cache keys the node on; absent for inputs and config.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { Builder, type CacheEvent, type NodeInfo } from "funcflow";
import { scanFile } from "funcflow/scanner";
import { scannedCodeVersions, toGraphology } from "funcflow/graphology";
import { cachedDriver, fixtureCopy, removeScratchFolders, resetCalls, scratchFolder } from "../cache/cache-fixture.ts";

beforeEach(resetCalls);
afterAll(removeScratchFolders);

const inputs = { seed: 3, other: 1 };
const versionsOf = (nodes: readonly NodeInfo[]) => Object.fromEntries(nodes.filter((node) => node.kind === "function").map((node) => [node.name, node.version]));
const misses = (events: readonly CacheEvent[] | undefined) => (events ?? []).flatMap((event) => (event.kind === "miss" ? [`${event.node}:${event.reason}`] : [])).sort();

describe("NodeInfo.version", () => {
  it("listNodes gives each function node the manifest's code version of its export; inputs and config keys have none", async () => {
    const dir = scratchFolder();
    const module = fixtureCopy(dir);
    const dr = await cachedDriver(module, dir);
    const manifest = await scanFile(fileURLToPath(module));
    for (const node of dr.listNodes({ tags: { module: null } })) {
      expect(node.version, node.name).toMatch(/^[0-9a-f]{32}$/);
      expect(node.version).toBe(manifest.functions.find((fn) => fn.exportName === node.source!.exportName)!.codeVersion);
    }
    expect(dr.node("seed").kind).toBe("input");
    expect("version" in dr.node("seed")).toBe(false);
    expect(dr.node("rate").kind).toBe("config");
    expect("version" in dr.node("rate")).toBe(false);
    // A node list without versions (an older JSON copy) is scanned to the same versions.
    const stripped = dr.listNodes().map(({ version: _, ...node }) => node);
    expect(Object.fromEntries(await scannedCodeVersions(stripped))).toEqual(versionsOf(dr.listNodes()));
    expect(toGraphology(dr).getNodeAttribute("taxed", "codeVersion")).toBe(dr.node("taxed").version);
    expect(toGraphology(dr).getNodeAttribute("seed", "codeVersion")).toBeUndefined();
  });

  it("changes when the body or a helper it calls changes, not on a comment or formatting edit; the cache misses exactly then", async () => {
    const dir = scratchFolder();
    const original = await cachedDriver(fixtureCopy(dir), dir);
    const before = versionsOf(original.listNodes());
    await original.execute(["taxed", "unrelated"], { inputs });

    const cosmetic = await cachedDriver(fixtureCopy(dir, ["return x * 2;", "// doubled, as ever\n  return   x*2"], ["export function base(", "/** Documented now. */\nexport function base("]), dir);
    expect(versionsOf(cosmetic.listNodes())).toEqual(before);
    await cosmetic.execute(["taxed", "unrelated"], { inputs });
    expect(misses(cosmetic.lastCacheRun()?.events)).toEqual([]);

    // A comment inside a function's body leaves its version, but the cache also keys on the
    // loaded function's text (docs/engine.md), so that node misses once.
    const own = scratchFolder();
    await (await cachedDriver(fixtureCopy(own), own)).execute(["taxed", "unrelated"], { inputs });
    const inBody = await cachedDriver(fixtureCopy(own, ["return base * (1 + rate);", "// the rate is a fraction\n  return base * (1 + rate);"]), own);
    expect(versionsOf(inBody.listNodes())).toEqual(before);
    await inBody.execute(["taxed", "unrelated"], { inputs });
    expect(misses(inBody.lastCacheRun()?.events)).toEqual(["taxed:code_changed"]);

    const helper = await cachedDriver(fixtureCopy(dir, ["return x * 2;", "return x * 3;"]), dir);
    const afterHelper = versionsOf(helper.listNodes());
    expect(Object.keys(afterHelper).filter((name) => afterHelper[name] !== before[name])).toEqual(["base"]);
    await helper.execute(["taxed", "unrelated"], { inputs });
    expect(misses(helper.lastCacheRun()?.events)).toEqual(["base:code_changed", "taxed:input_changed"]);

    const body = await cachedDriver(fixtureCopy(dir, ["return base * (1 + rate);", "return base * (1 + rate) + 1;"]), dir);
    const afterBody = versionsOf(body.listNodes());
    expect(Object.keys(afterBody).filter((name) => afterBody[name] !== before[name])).toEqual(["taxed"]);
    await body.execute(["taxed", "unrelated"], { inputs });
    expect(misses(body.lastCacheRun()?.events)).toEqual(["taxed:code_changed"]);
  });

  it("a node a subdag embeds from a reused module has that module's version of its export (the cache keys it so too)", async () => {
    const dir = new URL("../fixtures/ports/modular-example/", import.meta.url);
    const dr = await new Builder()
      .withModules(new URL("pipeline.ts", dir))
      .withConfig({ train_model_type: "RandomForest", model_params: { n_estimators: 100 } })
      .build();
    const features = await scanFile(fileURLToPath(new URL("features.ts", dir)));
    const embedded = dr.listNodes().filter((node) => node.source?.module.endsWith("features.ts"));
    expect(embedded.map((node) => node.name)).toContain("trained_pipeline.raw_data");
    for (const node of embedded) expect(node.version, node.name).toBe(features.functions.find((fn) => fn.exportName === node.source!.exportName)!.codeVersion);
    expect(dr.node("path").kind).toBe("input");
    expect(dr.node("path").version).toBeUndefined();
  });
});
