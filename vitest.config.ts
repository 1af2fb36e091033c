import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const source = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Examples and tests import "funcflow" as users do; resolve it to the source, no build step.
    alias: [
      { find: /^funcflow$/, replacement: source("index.ts") },
      { find: /^funcflow\/(.*)$/, replacement: source("$1.ts") },
    ],
  },
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Vitest's default (cores - 1) runs one file at a time on a 2-core machine, yet much of the
    // suite waits on child processes, Redis and Chromium: two files at once halve the wall time
    // there (330 s → 164 s measured), with both cores busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
