/** funcflow/bullmq stays behind its own entry: the root entry and the worker-thread entry never load bullmq or ioredis. */
import { readFileSync, existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SOURCE = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");
const STATIC_IMPORT = /(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']/g;

/** Packages an entry loads when imported: static imports only (dynamic ones load on use). */
function packagesLoadedBy(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const pending = [resolve(SOURCE, entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const match of readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "").matchAll(STATIC_IMPORT)) {
      if (/^import\s+type\s|^export\s+type\s/.test(match[0])) continue;
      const specifier = match[1]!;
      if (specifier.startsWith(".")) {
        if (specifier.endsWith(".ts") && existsSync(resolve(dirname(file), specifier))) pending.push(resolve(dirname(file), specifier));
      } else packages.add(specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!);
    }
  }
  return packages;
}

describe("the funcflow/bullmq entry", () => {
  it.each(["index.ts", "workers.ts", "cli.ts", "envelope.ts"])("src/%s loads neither bullmq nor ioredis", (entry) => {
    const packages = packagesLoadedBy(entry);
    expect(packages.has("bullmq")).toBe(false);
    expect(packages.has("ioredis")).toBe(false);
  });

  it("src/bullmq.ts loads both", () => {
    const packages = packagesLoadedBy("bullmq.ts");
    expect(packages.has("bullmq")).toBe(true);
    expect(packages.has("ioredis")).toBe(true);
  });
});
