import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { Builder } from "funcflow";
import { diskStore, nodeFileOps } from "../../src/cache/cache-store.ts";
import { cachedDriver, calls, fixtureCopy, removeScratchFolders, resetCalls, scratchFolder } from "./cache-fixture.ts";

beforeEach(resetCalls);
afterAll(removeScratchFolders);

/** Every file under the cache folder, relative to it. */
function cacheFiles(dir: string): string[] {
  return readdirSync(join(dir, "cache"), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(join(dir, "cache").length + 1))
    .sort();
}

describe("withCache: integrity", () => {
  it.each([
    ["truncated", (bytes: Buffer) => bytes.subarray(0, bytes.byteLength - 3)],
    ["altered", (bytes: Buffer) => Buffer.concat([bytes.subarray(0, bytes.byteLength - 1), Buffer.from([bytes[bytes.byteLength - 1]! ^ 0xff])])],
    ["garbage", () => Buffer.from("not an entry")],
  ])("driver.execute detects a %s entry, reports it, recomputes the node and replaces the entry", async (_, damage) => {
    const dir = scratchFolder();
    const module = fixtureCopy(dir);
    const first = await (await cachedDriver(module, dir)).execute(["taxed"], { inputs: { seed: 3 } });
    const [entry] = cacheFiles(dir).filter((file) => file.startsWith("taxed/") && file.endsWith(".entry"));
    const path = join(dir, "cache", entry!);
    writeFileSync(path, damage(readFileSync(path)));
    resetCalls();
    const warnings: string[] = [];
    const dr = await cachedDriver(module, dir, { onWarning: (message) => warnings.push(message) });
    expect(await dr.execute(["taxed"], { inputs: { seed: 3 } })).toEqual(first);
    expect(calls()).toEqual(["taxed"]);
    // Both hits are deferred; reading the output finds the damage, so the node is computed again.
    expect(dr.lastCacheRun()!.events.map((event) => `${event.node}:${event.kind}`)).toEqual(["base:hit", "taxed:hit", "taxed:corrupt", "taxed:miss", "taxed:stored"]);
    expect(dr.lastCacheRun()).toMatchObject({ hits: ["base"], misses: ["taxed"] });
    expect(warnings).toEqual([expect.stringContaining('the entry of node "taxed"')]);
    resetCalls();
    await dr.execute(["taxed"], { inputs: { seed: 3 } });
    expect(calls()).toEqual([]);
  });

  it("driver.execute recomputes a damaged entry read eagerly (adapters watch node results)", async () => {
    const dir = scratchFolder();
    const module = fixtureCopy(dir);
    await (await cachedDriver(module, dir)).execute(["taxed"], { inputs: { seed: 3 } });
    const [entry] = cacheFiles(dir).filter((file) => file.startsWith("taxed/") && file.endsWith(".entry"));
    writeFileSync(join(dir, "cache", entry!), "damaged");
    resetCalls();
    const statuses: string[] = [];
    const dr = await new Builder()
      .withModules(module)
      .withConfig({ rate: 0.1 })
      .withManifestCache(false)
      .withCache({ dir: join(dir, "cache"), onWarning: () => {} })
      .withAdapters({ name: "watch", afterNode: (event) => void statuses.push(`${event.name}:${event.status}:${String(event.result)}`) })
      .build();
    expect(await dr.execute(["taxed"], { inputs: { seed: 3 } })).toEqual({ taxed: 7.700000000000001 });
    expect(statuses).toEqual(["base:cached:7", "taxed:ok:7.700000000000001"]);
    expect(dr.lastCacheRun()!.events.map((event) => `${event.node}:${event.kind}`)).toEqual(["base:hit", "taxed:corrupt", "taxed:miss", "taxed:stored"]);
  });

  it("driver.execute recomputes a damaged deferred entry that a node it must compute needs", async () => {
    const dir = scratchFolder();
    const module = fixtureCopy(dir);
    await (await cachedDriver(module, dir, {}, 0.1)).execute(["taxed"], { inputs: { seed: 3 } });
    const [entry] = cacheFiles(dir).filter((file) => file.startsWith("base/") && file.endsWith(".entry"));
    writeFileSync(join(dir, "cache", entry!), "damaged");
    resetCalls();
    const dr = await cachedDriver(module, dir, {}, 0.2); // taxed misses: it needs base's value
    expect(await dr.execute(["taxed"], { inputs: { seed: 3 } })).toEqual({ taxed: 8.4 });
    expect(calls()).toEqual(["base", "taxed"]);
    const events = dr.lastCacheRun()!.events.map((event) => `${event.node}:${event.kind}`);
    expect(events.slice(0, 4)).toEqual(["base:hit", "taxed:miss", "base:corrupt", "base:miss"]);
    expect(events.slice(4).sort()).toEqual(["base:stored", "taxed:stored"]); // written concurrently
  });

  it("a failed run keeps the whole entries of the nodes that completed (no set to undo), and the next run computes only what failed", async () => {
    const dir = scratchFolder();
    const failing = fixtureCopy(dir, ['calls.push("taxed");', 'calls.push("taxed");\n  if (rate > 0) throw new Error("taxed failed");']);
    await expect((await cachedDriver(failing, dir)).execute(["taxed"], { inputs: { seed: 3 } })).rejects.toMatchObject({ code: "node_failed", node: "taxed" });
    // base's entry and its note (and a seal, which the file system's clock may not allow); nothing of taxed, and no temporaries.
    const kept = cacheFiles(dir).filter((file) => !file.endsWith(".seal"));
    expect(kept.map((file) => file.replace(/\/[^/]*\.entry$/, "/<key>.entry"))).toEqual(["base/<key>.entry", "base/last.json"]);
    resetCalls();
    const dr = await cachedDriver(fixtureCopy(dir), dir);
    expect(await dr.execute(["taxed"], { inputs: { seed: 3 } })).toEqual({ taxed: 7.700000000000001 });
    expect(calls()).toEqual(["taxed"]);
    expect(dr.lastCacheRun()).toMatchObject({ hits: ["base"], misses: ["taxed"] });
  });

  it("driver.execute leaves no entry behind when the rename that publishes it fails", async () => {
    const dir = scratchFolder();
    const module = fixtureCopy(dir);
    const failingRename = diskStore(join(dir, "cache"), { ...nodeFileOps, rename: async () => Promise.reject(new Error("EXDEV: rename failed")) });
    const dr = await cachedDriver(module, dir, { store: failingRename });
    expect(await dr.execute(["taxed"], { inputs: { seed: 3 } })).toEqual({ taxed: 7.700000000000001 });
    const notStored = dr.lastCacheRun()!.events.filter((event) => event.kind === "not_stored");
    expect(notStored.sort((a, b) => a.node.localeCompare(b.node))).toMatchObject([
      { node: "base", reason: "write_failed", detail: "EXDEV: rename failed" },
      { node: "taxed", reason: "write_failed", detail: "EXDEV: rename failed" },
    ]);
    expect(cacheFiles(dir)).toEqual([]); // the temporary files were removed too
    resetCalls();
    const next = await cachedDriver(module, dir);
    await next.execute(["taxed"], { inputs: { seed: 3 } });
    expect(calls()).toEqual(["base", "taxed"]);
  });

  it("a process killed in the middle of writing entries leaves nothing that is read back", async () => {
    const dir = scratchFolder();
    const module = fixtureCopy(dir);
    const child = fileURLToPath(new URL("../fixtures/engine/cache-crash-child.ts", import.meta.url));
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
    const running = spawn(process.execPath, ["--import", tsx, child, module.href, join(dir, "cache")], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    running.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => running.on("exit", (_, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      running.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("WRITING") && resolve());
      void exited.then(() => reject(new Error(`the child exited before writing: ${stderr}`)));
    });
    running.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    const left = cacheFiles(dir);
    expect(left.some((file) => file.includes(".entry.") && file.endsWith(".tmp"))).toBe(true); // the half-written file
    expect(left.filter((file) => file.endsWith(".entry"))).toEqual([]);

    resetCalls();
    const dr = await cachedDriver(module, dir);
    const { frame } = await dr.execute(["frame"], { inputs: { seed: 3 } });
    expect(calls()).toEqual(["base", "series", "frame"]);
    expect(dr.lastCacheRun()!.events.filter((event) => event.kind === "corrupt")).toEqual([]);
    expect((frame as { numRows: number }).numRows).toBe(5);
    resetCalls();
    await dr.execute(["frame"], { inputs: { seed: 3 } });
    expect(calls()).toEqual([]);
    // The next writes into those folders removed what the killed process left.
    expect(cacheFiles(dir).filter((file) => file.endsWith(".tmp"))).toEqual([]);
  });
});
