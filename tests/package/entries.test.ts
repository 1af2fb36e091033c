import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SOURCE = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");
const IMPORT = /(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

/** Every package an entry reaches through static and dynamic imports of our own source files. */
function packagesReachedFrom(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const pending = [resolve(SOURCE, entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const match of readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "").matchAll(IMPORT)) {
      const specifier = (match[1] ?? match[2])!;
      // Source files import each other with .ts extensions; other relative strings are examples in text.
      if (specifier.startsWith(".")) {
        if (specifier.endsWith(".ts") && existsSync(resolve(dirname(file), specifier))) pending.push(resolve(dirname(file), specifier));
      }
      else packages.add(specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!);
    }
  }
  return packages;
}

describe("entry points", () => {
  it("the root entry (src/index.ts) never reaches danfojs-node", () => {
    expect(packagesReachedFrom("index.ts").has("danfojs-node")).toBe(false);
  });

  it.each(["arrow.ts", "io.ts"])("src/%s never reaches danfojs-node", (entry) => {
    const packages = packagesReachedFrom(entry);
    expect(packages.has("apache-arrow")).toBe(true);
    expect(packages.has("danfojs-node")).toBe(false);
  });

  it("src/danfo.ts reaches danfojs-node (the only entry that does)", () => {
    expect(packagesReachedFrom("danfo.ts").has("danfojs-node")).toBe(true);
  });
});
